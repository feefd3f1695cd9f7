import { SignetError } from '../errors'

/**
 * Strict base64url (RFC 4648 §5, no padding) as JWS/JWE require (RFC 7515 §2).
 *
 * Written by hand rather than taken from jose because jose's decoder is deliberately lenient and
 * says nothing about *where* input is bad; an inspector must point at the exact character.
 */

const alphabet = /^[A-Za-z0-9_-]*$/

export interface Base64urlDecoded {
  bytes: Uint8Array
  /** false when the unused trailing bits are not zero: another encoder would write it differently */
  canonical: boolean
}

/**
 * @param segment name of the part being decoded, for the error message ("header", "signature"…)
 * @param offset where `text` starts in the user's input, so errors point at the right character
 */
export function decodeBase64url(text: string, segment: string, offset = 0): Base64urlDecoded {
  if (!alphabet.test(text)) {
    const index = [...text].findIndex((ch) => !/[A-Za-z0-9_-]/.test(ch))
    const ch = text[index] ?? ''
    const shown = ch === '=' ? '"=" (padding is not allowed in JOSE base64url)' : describeChar(ch)
    throw new SignetError(
      'ERR_TOKEN_BASE64URL',
      `The ${segment} is not valid base64url: ${shown} at offset ${offset + index}. ` +
        'Only A–Z, a–z, 0–9, "-" and "_" may appear; check that the token was copied whole and unmodified.',
      { segment, offset: offset + index, length: 1 },
    )
  }
  if (text.length % 4 === 1) {
    throw new SignetError(
      'ERR_TOKEN_BASE64URL',
      `The ${segment} has an impossible base64url length (${text.length} characters, one too many or ` +
        'too few): the token was probably truncated or has a stray character.',
      { segment, offset: offset + text.length - 1, length: 1 },
    )
  }
  return { bytes: decodeChecked(text), canonical: unusedBitsAreZero(text) }
}

/** Sextet of each alphabet character by char code (the alphabet was checked before). */
const sextets = new Uint8Array(128)
for (let i = 0; i < 64; i++)
  sextets['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charCodeAt(i)] = i

/** One pass over text already known to be base64url of a possible length (a hot path in bulk verify). */
function decodeChecked(text: string): Uint8Array {
  const whole = text.length - (text.length % 4)
  const bytes = new Uint8Array((text.length * 3) >> 2)
  let out = 0
  for (let i = 0; i < whole; i += 4) {
    const n =
      (sextets[text.charCodeAt(i)]! << 18) |
      (sextets[text.charCodeAt(i + 1)]! << 12) |
      (sextets[text.charCodeAt(i + 2)]! << 6) |
      sextets[text.charCodeAt(i + 3)]!
    bytes[out++] = n >> 16
    bytes[out++] = (n >> 8) & 0xff
    bytes[out++] = n & 0xff
  }
  const rest = text.length - whole
  if (rest >= 2) {
    const n =
      (sextets[text.charCodeAt(whole)]! << 18) |
      (sextets[text.charCodeAt(whole + 1)]! << 12) |
      (rest === 3 ? sextets[text.charCodeAt(whole + 2)]! << 6 : 0)
    bytes[out++] = n >> 16
    if (rest === 3) bytes[out++] = (n >> 8) & 0xff
  }
  return bytes
}

const alphabetChars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * A canonical encoding leaves the unused low bits of the last character zero (RFC 4648 §3.5):
 * 2 characters of the last group carry 4 unused bits, 3 characters carry 2.
 */
function unusedBitsAreZero(text: string): boolean {
  const remainder = text.length % 4
  if (remainder === 0) return true
  const value = alphabetChars.indexOf(text[text.length - 1]!)
  return remainder === 2 ? (value & 0x0f) === 0 : (value & 0x03) === 0
}

export function encodeBase64url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function describeChar(ch: string): string {
  if (ch === ' ') return 'a space'
  if (ch === '\n' || ch === '\r') return 'a line break'
  if (ch === '\t') return 'a tab'
  const code = ch.codePointAt(0) ?? 0
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  if (ch === '+' || ch === '/') return `"${ch}" (that is standard base64; base64url uses "${ch === '+' ? '-' : '_'}")`
  return `"${ch}"`
}
