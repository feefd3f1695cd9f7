import { SignetError } from '../errors'
import { encodeBase64url } from '../encoding/base64url'
import { formatBytes } from '../text/format-bytes'

/**
 * An HMAC secret arrives as text, and the same text can mean different bytes: "c2VjcmV0" is eight
 * UTF-8 bytes or the base64 of "secret". Libraries disagree on which they use, so Signet reads it
 * the most likely way, says why, lists the other readings the text allows, and lets the user pick.
 */

export type SecretEncoding = 'utf8' | 'base64' | 'base64url' | 'hex'
export const secretEncodings: readonly SecretEncoding[] = ['utf8', 'base64', 'base64url', 'hex']

export const secretEncodingLabels: Record<SecretEncoding, string> = {
  utf8: 'UTF-8 text',
  base64: 'base64',
  base64url: 'base64url',
  hex: 'hex',
}

export interface SecretReading {
  encoding: SecretEncoding
  bytes: Uint8Array
}

export interface ParsedSecret extends SecretReading {
  /** 'auto' when Signet chose the encoding */
  requested: SecretEncoding | 'auto'
  /** one sentence: how the text was read and why */
  explanation: string
  /** other readings the text also allows, most plausible first (auto mode only) */
  alternatives: SecretReading[]
}

const hexPattern = /^(?:0x)?(?:[0-9a-fA-F]{2})+$/
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/
const base64urlPattern = /^[A-Za-z0-9_-]+$/

export function parseSecret(text: string, encoding: SecretEncoding | 'auto' = 'auto'): ParsedSecret {
  if (typeof text !== 'string' || text.length === 0) {
    throw new SignetError(
      'ERR_SECRET_INVALID',
      'The secret is empty. An HMAC key needs at least as many bytes as its hash (32 for HS256).',
    )
  }
  if (encoding !== 'auto') {
    return {
      encoding,
      bytes: decodeAs(text, encoding),
      requested: encoding,
      explanation: `Read as ${secretEncodingLabels[encoding]}, as chosen.`,
      alternatives: [],
    }
  }
  const utf8: SecretReading = { encoding: 'utf8', bytes: new TextEncoder().encode(text) }
  const readings = detect(text)
  const primary = readings[0]
  if (!primary) {
    return { ...utf8, requested: 'auto', explanation: explainUtf8(text), alternatives: [] }
  }
  const alternatives = [...readings.slice(1).map((r) => r.reading), utf8]
  return { ...primary.reading, requested: 'auto', explanation: primary.why, alternatives }
}

/** Decodes text in the encoding the user chose, failing with the position of the first bad character. */
export function decodeAs(text: string, encoding: SecretEncoding): Uint8Array {
  switch (encoding) {
    case 'utf8':
      return new TextEncoder().encode(text)
    case 'hex': {
      const body = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text
      const bad = body.search(/[^0-9a-fA-F]/)
      if (bad >= 0)
        throw invalid(text, 'hex', `"${body[bad]}" at position ${bad + (text.length - body.length)} is not a hex digit`)
      if (body.length % 2 !== 0) throw invalid(text, 'hex', `it has an odd number of digits (${body.length})`)
      const bytes = new Uint8Array(body.length / 2)
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(body.slice(i * 2, i * 2 + 2), 16)
      return bytes
    }
    case 'base64':
    case 'base64url': {
      const alphabet = encoding === 'base64' ? /[^A-Za-z0-9+/=]/ : /[^A-Za-z0-9_\-=]/
      const bad = text.search(alphabet)
      if (bad >= 0)
        throw invalid(text, encoding, `"${text[bad]}" at position ${bad} is not in the ${encoding} alphabet`)
      const body = text.replace(/=+$/, '')
      if (body.includes('=')) throw invalid(text, encoding, '"=" padding may only appear at the end')
      if (body.length % 4 === 1)
        throw invalid(text, encoding, `its length (${body.length} characters) cannot be a whole number of bytes`)
      const standard = body.replace(/-/g, '+').replace(/_/g, '/')
      const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4))
      return Uint8Array.from(binary, (ch) => ch.charCodeAt(0))
    }
  }
}

interface Detected {
  reading: SecretReading
  why: string
}

function detect(text: string): Detected[] {
  const found: Detected[] = []
  if (hexPattern.test(text) && text.replace(/^0x/i, '').length >= 32) {
    const bytes = decodeAs(text, 'hex')
    found.push({
      reading: { encoding: 'hex', bytes },
      why: `Read as hex: ${bytes.length * 2} hex digits (0–9, a–f only) decode to ${formatBytes(bytes.length)}. If your system uses the text itself as the key, choose UTF-8.`,
    })
  }
  const padded = /=$/.test(text)
  const hasStandard = /[+/]/.test(text)
  const hasUrl = /[-_]/.test(text)
  if (!hasStandard && base64urlPattern.test(text) && canonical(text, 'base64url') && (hasUrl || looksRandom(text))) {
    const bytes = decodeAs(text, 'base64url')
    found.push({
      reading: { encoding: 'base64url', bytes },
      why: hasUrl
        ? `Read as base64url: it uses "-" or "_", which only base64url does, and decodes cleanly to ${formatBytes(bytes.length)}. If your system uses the text itself as the key, choose UTF-8.`
        : `Read as base64url: ${text.length} random-looking characters from the base64 alphabet decode cleanly to ${formatBytes(bytes.length)}. If your system uses the text itself as the key, choose UTF-8.`,
    })
  }
  if (
    !hasUrl &&
    base64Pattern.test(text) &&
    canonical(text, 'base64') &&
    (hasStandard || padded || looksRandom(text))
  ) {
    const bytes = decodeAs(text, 'base64')
    const reason = hasStandard
      ? 'it uses "+" or "/"'
      : padded
        ? 'it ends in "=" padding'
        : `${text.length} random-looking characters`
    found.push({
      reading: { encoding: 'base64', bytes },
      why: `Read as base64: ${reason}, and it decodes cleanly to ${formatBytes(bytes.length)}. If your system uses the text itself as the key, choose UTF-8.`,
    })
  }
  // Both base64 readings of the same text are the same bytes: keep one.
  const unique: Detected[] = []
  for (const entry of found) {
    if (!unique.some((u) => sameBytes(u.reading.bytes, entry.reading.bytes))) unique.push(entry)
  }
  return unique
}

/** Mixed case and digits over 16+ characters: generated, not typed. */
function looksRandom(text: string): boolean {
  return text.length >= 16 && /[a-z]/.test(text) && /[A-Z]/.test(text) && /[0-9]/.test(text)
}

function canonical(text: string, encoding: 'base64' | 'base64url'): boolean {
  try {
    const bytes = decodeAs(text, encoding)
    const url = encodeBase64url(bytes)
    if (encoding === 'base64url') return url === text
    const standard = url.replace(/-/g, '+').replace(/_/g, '/')
    const withPadding = standard + '='.repeat((4 - (standard.length % 4)) % 4)
    return text === standard || text === withPadding
  } catch {
    return false
  }
}

function explainUtf8(text: string): string {
  if (/[^A-Za-z0-9+/=_-]/.test(text)) {
    return `Read as UTF-8 text: it contains characters no binary encoding uses, so its ${formatBytes(new TextEncoder().encode(text).length)} are the text itself.`
  }
  return `Read as UTF-8 text: it does not look like hex or base64, so its ${formatBytes(new TextEncoder().encode(text).length)} are the text itself. Choose another encoding if your system decodes it.`
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i])
}

function invalid(text: string, encoding: SecretEncoding, reason: string): SignetError {
  return new SignetError(
    'ERR_SECRET_INVALID',
    `The secret is not valid ${secretEncodingLabels[encoding]}: ${reason}. Check the encoding you chose, or use "auto".`,
    { segment: 'secret', length: text.length },
  )
}
