import { SignetError, type SerializedError } from '#shared/errors'
import { parseKeyText } from '#shared/key-material/parse-key'
import { looksLikePem } from '#shared/key-material/pem-text'
import { parseSecret, secretEncodingLabels, type ParsedSecret, type SecretEncoding } from '#shared/key-material/secret'
import { keySourceFromParsed, secretKeySource, x5cKeySource } from '#shared/key-material/source'
import type { KeySource, ParsedKey, ParsedKeyInput } from '#shared/key-material/types'
import { encodeBase64url } from '#shared/encoding/base64url'
import type { LintPublicKey } from '#shared/token/lint'
import { formatBytes } from '#shared/text/format-bytes'

/**
 * What the key panel's text holds, read into something verification or decryption can use. One
 * field takes everything a user may have at hand: a JWK, a JWK Set or PEM (public key, private key,
 * certificate) is recognised by its shape; anything else is an HMAC secret, whose encoding is
 * detected and can be overridden.
 */

export type SecretEncodingChoice = SecretEncoding | 'auto'

export const secretEncodingChoices: { value: SecretEncodingChoice; label: string }[] = [
  { value: 'auto', label: 'Detect' },
  ...(['utf8', 'base64', 'base64url', 'hex'] as const).map((value) => ({ value, label: secretEncodingLabels[value] })),
]

export interface KeyText {
  text: string
  /** the file it came from, for labels ("jwks.json key kid=…") */
  fileName: string | null
  encoding: SecretEncodingChoice
}

export const emptyKeyText: KeyText = { text: '', fileName: null, encoding: 'auto' }

/** JSON or PEM: a key document, not a secret typed as text. */
export function looksLikeKeyDocument(text: string): boolean {
  const trimmed = text.trim()
  return trimmed.startsWith('{') || looksLikePem(trimmed)
}

export type VerificationKeyReading =
  | { kind: 'empty' }
  | { kind: 'keys'; parsed: ParsedKeyInput; source: KeySource; lintKey: LintPublicKey | null }
  | { kind: 'secret'; secret: ParsedSecret; source: KeySource }
  | { kind: 'error'; error: SerializedError; as: 'key' | 'secret' }

/**
 * @param at when a certificate is given and the token carries x5c: the time its chain is judged at
 *   (seconds; the present when absent)
 */
export async function readVerificationKey(input: KeyText, at?: number): Promise<VerificationKeyReading> {
  const text = input.text
  if (text.trim().length === 0) return { kind: 'empty' }
  if (looksLikeKeyDocument(text)) {
    try {
      const parsed = await parseKeyText(text, input.fileName ? { name: input.fileName } : {})
      return {
        kind: 'keys',
        parsed,
        source: keySourceFromParsed(parsed, at === undefined ? {} : { at }),
        lintKey: lintKeyOf(parsed, text),
      }
    } catch (error) {
      return { kind: 'error', error: serialize(error, 'ERR_KEY_INVALID'), as: 'key' }
    }
  }
  // A secret is used byte for byte: trailing newlines from a file or a copy are not part of it.
  const secretText = input.fileName ? text.replace(/\r?\n$/, '') : text
  try {
    const source = secretKeySource(secretText, input.encoding)
    return { kind: 'secret', secret: parseSecret(secretText, input.encoding), source }
  } catch (error) {
    return { kind: 'error', error: serialize(error, 'ERR_SECRET_INVALID'), as: 'secret' }
  }
}

export type AnchorReading =
  | { kind: 'empty' }
  | { kind: 'anchors'; anchors: Uint8Array[]; subjects: string[] }
  | { kind: 'error'; error: SerializedError }

/** The CA certificate(s) a token's x5c chain must lead to, as PEM. */
export async function readAnchors(text: string): Promise<AnchorReading> {
  if (text.trim().length === 0) return { kind: 'empty' }
  try {
    const parsed = await parseKeyText(text, { name: 'trust anchor' })
    const certificates = parsed.keys.filter((key) => key.certificateDer)
    if (certificates.length === 0) {
      return {
        kind: 'error',
        error: {
          code: 'ERR_KEY_INVALID',
          message:
            'A trust anchor must be a certificate (-----BEGIN CERTIFICATE-----), not a bare key: a chain is tied to certificates.',
        },
      }
    }
    return {
      kind: 'anchors',
      anchors: certificates.map((key) => key.certificateDer!),
      subjects: certificates.map((key) => key.description.certificate?.subject ?? key.description.label),
    }
  } catch (error) {
    return { kind: 'error', error: serialize(error, 'ERR_KEY_INVALID') }
  }
}

export function tokenX5cSource(anchors: AnchorReading, at: number): KeySource {
  return x5cKeySource({ at, anchors: anchors.kind === 'anchors' ? anchors.anchors : [] })
}

export type DecryptionKeyReading =
  | { kind: 'empty' }
  | { kind: 'keys'; keys: ParsedKey[]; format: 'jwk' | 'jwks' | 'pem' | 'secret'; explanation: string | null }
  | { kind: 'error'; error: SerializedError; as: 'key' | 'secret' }

/**
 * A decryption key: a private JWK/JWKS/PEM, or a shared secret (dir, AES key wrap) as text. Every
 * reading of an ambiguous secret becomes a candidate, so the one that decrypts is found and named.
 */
export async function readDecryptionKey(input: KeyText): Promise<DecryptionKeyReading> {
  const text = input.text
  if (text.trim().length === 0) return { kind: 'empty' }
  if (looksLikeKeyDocument(text)) {
    try {
      const parsed = await parseKeyText(text, input.fileName ? { name: input.fileName } : {})
      return { kind: 'keys', keys: parsed.keys, format: parsed.format, explanation: null }
    } catch (error) {
      return { kind: 'error', error: serialize(error, 'ERR_KEY_INVALID'), as: 'key' }
    }
  }
  const secretText = input.fileName ? text.replace(/\r?\n$/, '') : text
  try {
    const secret = parseSecret(secretText, input.encoding)
    const readings = [secret, ...secret.alternatives]
    const keys: ParsedKey[] = readings.map((reading, i) => ({
      description: {
        label: `secret (${secretEncodingLabels[reading.encoding]}, ${formatBytes(reading.bytes.length)}${i === 0 ? (secret.requested === 'auto' ? ', auto-detected' : '') : ', alternative reading'})`,
        origin: 'secret',
        kty: 'oct',
        bits: reading.bytes.length * 8,
        fromPrivateKey: false,
        secretEncoding: reading.encoding,
      },
      jwk: { kty: 'oct', k: encodeBase64url(reading.bytes) },
    }))
    return { kind: 'keys', keys, format: 'secret', explanation: secret.explanation }
  } catch (error) {
    return { kind: 'error', error: serialize(error, 'ERR_SECRET_INVALID'), as: 'secret' }
  }
}

/**
 * The key the linter's key-confusion rules compare a token against: the first public-key key the
 * user gave (a secret cannot be confused with itself). PEM text is passed as pasted, because the
 * attack uses exactly those bytes as the HMAC secret.
 */
function lintKeyOf(parsed: ParsedKeyInput, text: string): LintPublicKey | null {
  const key = parsed.keys.find((k) => k.description.kty !== 'oct')
  if (!key) return null
  const description = key.description
  return {
    kty: description.kty,
    ...(description.crv ? { crv: description.crv } : {}),
    ...(description.alg ? { alg: description.alg } : {}),
    ...(parsed.format === 'pem' && parsed.keys.length === 1 && !description.fromPrivateKey ? { pem: text.trim() } : {}),
    ...(description.publicJwk ? { jwk: { ...description.publicJwk } } : {}),
  }
}

function serialize(error: unknown, fallback: 'ERR_KEY_INVALID' | 'ERR_SECRET_INVALID'): SerializedError {
  if (error instanceof SignetError) return error.toJSON()
  return {
    code: fallback,
    message: fallback === 'ERR_KEY_INVALID' ? 'The key could not be read.' : 'The secret could not be read.',
  }
}

/** Key files are small text (PEM, JSON); anything else is the wrong file, said plainly. */
export const maxKeyFileBytes = 256 * 1024

export function keyTextFromFile(name: string, bytes: Uint8Array): string {
  if (bytes.length > maxKeyFileBytes) {
    throw new SignetError(
      'ERR_FILE_UNREADABLE',
      `${name} is ${formatBytes(bytes.length)}; a key file (PEM, JWK, JWKS) is at most ${formatBytes(maxKeyFileBytes)}. Open the file that holds just the key.`,
      { segment: name },
    )
  }
  if (bytes.includes(0)) {
    throw new SignetError(
      'ERR_FILE_UNREADABLE',
      `${name} is binary (DER?). Signet reads keys and certificates as PEM or JSON: convert it, e.g. openssl x509 -inform der -in ${name} -out cert.pem.`,
      { segment: name },
    )
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new SignetError(
      'ERR_FILE_UNREADABLE',
      `${name} is not UTF-8 text. Save the key as UTF-8 PEM or JSON and open it again.`,
      { segment: name },
    )
  }
  text = text.replace(/^\uFEFF/, '')
  if (text.trim().length === 0) throw new SignetError('ERR_FILE_UNREADABLE', `${name} is empty.`, { segment: name })
  return text
}
