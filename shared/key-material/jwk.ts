import type { JWK } from 'jose'
import { SignetError } from '../errors'
import { maxRsaModulusBits } from '../limits'
import { decodeBase64url } from '../encoding/base64url'
import { isJsonObject, jsonTypeName, type JsonValue } from '../encoding/json'
import { formatBytes } from '../text/format-bytes'

/**
 * Runtime validation of a JWK (RFC 7517, RFC 7518 §6, RFC 8037) before anything else touches it:
 * the members each key type needs, with the right types and sizes, in strict base64url. jose
 * checks some of this on import, but with messages written for developers; a user pasting a key
 * needs to be told which member is wrong and how.
 */

/** Members that hold private or secret material: never shown, logged, stored or sent over IPC. */
export const privateJwkMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv'] as const

const publicMembers = [
  'kty',
  'crv',
  'x',
  'y',
  'n',
  'e',
  'kid',
  'use',
  'key_ops',
  'alg',
  'x5c',
  'x5t',
  'x5t#S256',
  'x5u',
] as const

const curveBytes: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66, Ed25519: 32, X25519: 32 }
const unsupportedCurves: Record<string, string> = {
  secp256k1: 'secp256k1 (ES256K) was removed from jose 6, the library Signet verifies with',
  Ed448: 'Ed448 was removed from jose 6, the library Signet verifies with',
  X448: 'X448 was removed from jose 6, the library Signet verifies with',
}

export interface ValidatedJwk {
  jwk: JWK
  kty: 'RSA' | 'EC' | 'OKP' | 'oct'
  crv?: string
  bits?: number
  isPrivate: boolean
}

/**
 * @param where how to name this key in messages, e.g. "the JWK" or "key 2 of the JWKS"
 */
export function validateJwk(value: JsonValue | unknown, where = 'the JWK'): ValidatedJwk {
  if (!isJsonObject(value as JsonValue)) {
    throw new SignetError(
      'ERR_KEY_INVALID',
      `${capitalize(where)} must be a JSON object, but it is ${jsonTypeName(value as JsonValue)}.`,
    )
  }
  const jwk = value as Record<string, JsonValue>
  const kty = jwk.kty
  if (typeof kty !== 'string') {
    throw new SignetError(
      'ERR_KEY_INVALID',
      `${capitalize(where)} has no "kty" (key type); it must be "RSA", "EC", "OKP" or "oct".`,
    )
  }
  for (const name of ['kid', 'use', 'alg'] as const) {
    if (jwk[name] !== undefined && typeof jwk[name] !== 'string') {
      throw new SignetError(
        'ERR_KEY_INVALID',
        `"${name}" in ${where} must be a string, but it is ${jsonTypeName(jwk[name]!)}.`,
      )
    }
  }
  const keyOps = jwk.key_ops
  if (keyOps !== undefined) {
    if (
      !Array.isArray(keyOps) ||
      !keyOps.every((op) => typeof op === 'string') ||
      new Set(keyOps).size !== keyOps.length
    ) {
      throw new SignetError(
        'ERR_KEY_INVALID',
        `"key_ops" in ${where} must be an array of distinct strings (RFC 7517 §4.3).`,
      )
    }
  }
  const member = (name: string, expectedBytes?: number): Uint8Array => {
    const raw = jwk[name]
    if (typeof raw !== 'string') {
      throw new SignetError(
        'ERR_KEY_INVALID',
        `${capitalize(where)} (kty "${kty}") needs "${name}" as a base64url string${raw === undefined ? ', but it is missing' : `, but it is ${jsonTypeName(raw)}`}.`,
      )
    }
    let bytes: Uint8Array
    try {
      bytes = decodeBase64url(raw, `"${name}" of ${where}`).bytes
    } catch (error) {
      throw new SignetError(
        'ERR_KEY_INVALID',
        error instanceof SignetError ? error.message : `"${name}" of ${where} is not valid base64url.`,
      )
    }
    if (expectedBytes !== undefined && bytes.length !== expectedBytes) {
      throw new SignetError(
        'ERR_KEY_INVALID',
        `"${name}" of ${where} is ${formatBytes(bytes.length)}; curve ${String(jwk.crv)} needs exactly ${expectedBytes}.`,
      )
    }
    return bytes
  }
  // Checked on the text, before decoding: every later step (strength, ROCA, import) grows with it.
  const modulus = (): Uint8Array => {
    const raw = jwk.n
    if (typeof raw === 'string' && raw.length > Math.ceil((maxRsaModulusBits / 8 + 1) * (4 / 3))) {
      throw new SignetError(
        'ERR_KEY_TOO_LARGE',
        `The RSA modulus "n" of ${where} is about ${formatBytes(Math.floor((raw.length * 6) / 8))}; Signet reads RSA keys up to ${maxRsaModulusBits.toLocaleString('en')} bits (RFC 7518 §3.3 needs 2048). This is not a real key.`,
      )
    }
    const bytes = member('n')
    if (bitLength(bytes) > maxRsaModulusBits) {
      throw new SignetError(
        'ERR_KEY_TOO_LARGE',
        `The RSA modulus "n" of ${where} is ${bitLength(bytes).toLocaleString('en')} bits; Signet reads RSA keys up to ${maxRsaModulusBits.toLocaleString('en')} bits.`,
      )
    }
    return bytes
  }
  switch (kty) {
    case 'RSA': {
      const n = modulus()
      // Empty n or e decodes fine as base64url but is no RSA key (jose rejects it later, uncoded).
      if (bitLength(n) === 0 || bitLength(member('e')) === 0) {
        throw new SignetError(
          'ERR_KEY_INVALID',
          `${capitalize(where)} (kty "RSA") has an empty or zero "n" or "e"; an RSA key needs both (RFC 7518 §6.3.1).`,
        )
      }
      const isPrivate = jwk.d !== undefined
      if (isPrivate) {
        member('d')
        const crt = ['p', 'q', 'dp', 'dq', 'qi'].filter((name) => jwk[name] !== undefined)
        if (crt.length !== 0 && crt.length !== 5) {
          throw new SignetError(
            'ERR_KEY_INVALID',
            `${capitalize(where)} has only some of the RSA private parameters p, q, dp, dq, qi; RFC 7518 §6.3.2 needs all of them or none.`,
          )
        }
        crt.forEach((name) => member(name))
      }
      return { jwk: jwk as JWK, kty, bits: bitLength(n), isPrivate }
    }
    case 'EC':
    case 'OKP': {
      const crv = jwk.crv
      if (typeof crv !== 'string')
        throw new SignetError('ERR_KEY_INVALID', `${capitalize(where)} (kty "${kty}") has no "crv" (curve).`)
      if (unsupportedCurves[crv])
        throw new SignetError(
          'ERR_KEY_UNSUPPORTED',
          `${capitalize(where)} uses curve ${crv}: ${unsupportedCurves[crv]}.`,
        )
      const allowed = kty === 'EC' ? ['P-256', 'P-384', 'P-521'] : ['Ed25519', 'X25519']
      if (!allowed.includes(crv)) {
        throw new SignetError(
          'ERR_KEY_UNSUPPORTED',
          `${capitalize(where)} has curve "${crv}", which is not a ${kty} curve Signet supports (${allowed.join(', ')}).`,
        )
      }
      const size = curveBytes[crv]!
      member('x', size)
      if (kty === 'EC') member('y', size)
      const isPrivate = jwk.d !== undefined
      if (isPrivate) member('d', size)
      return { jwk: jwk as JWK, kty, crv, isPrivate }
    }
    case 'oct': {
      const k = jwk.k
      if (typeof k !== 'string')
        throw new SignetError(
          'ERR_KEY_INVALID',
          `${capitalize(where)} (kty "oct") needs "k", the secret, as a base64url string.`,
        )
      const bytes = k === '' ? new Uint8Array() : member('k')
      return { jwk: jwk as JWK, kty, bits: bytes.length * 8, isPrivate: true }
    }
    case 'AKP':
      throw new SignetError(
        'ERR_KEY_UNSUPPORTED',
        `${capitalize(where)} is an ML-DSA ("AKP") key; Signet does not verify post-quantum signatures yet.`,
      )
    default:
      throw new SignetError(
        'ERR_KEY_UNSUPPORTED',
        `${capitalize(where)} has kty "${kty}"; Signet supports "RSA", "EC", "OKP" and "oct".`,
      )
  }
}

const publicOperation: Record<string, string> = { sign: 'verify', decrypt: 'encrypt', unwrapKey: 'wrapKey' }

/**
 * The public half of an asymmetric JWK: private members dropped, and the operations of a private
 * key ("sign") turned into those of its public key ("verify"), so a key_ops list still means
 * something after the split.
 */
export function publicJwk(jwk: JWK): JWK {
  const result: Record<string, unknown> = {}
  for (const name of publicMembers) {
    if (jwk[name] !== undefined) result[name] = jwk[name]
  }
  if (jwk.d !== undefined && Array.isArray(jwk.key_ops)) {
    result.key_ops = jwk.key_ops.map((op) => publicOperation[op] ?? op)
  }
  return result as JWK
}

export function hasPrivateMembers(jwk: object): boolean {
  return privateJwkMembers.some((name) => (jwk as Record<string, unknown>)[name] !== undefined)
}

function bitLength(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length && bytes[i] === 0) i++
  if (i === bytes.length) return 0
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!))
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
