import { decodeBase64url } from '../../encoding/base64url'
import type { KeyDescription } from '../../key-material/types'
import type { JwsAlgorithm } from '../../key-material/algorithms'
import { formatBytes } from '../../text/format-bytes'

/**
 * Whether a signature has the shape its algorithm produces, before any key is tried. A signature of
 * the wrong length or encoding can never verify, and saying "does not match — altered, or another
 * key" about it blames the wrong thing: the signer produced a structurally wrong signature.
 */

/** RFC 7518 §3.4: ES256/384/512 signatures are R‖S, each coordinate padded to the curve size. */
const ecdsaCoordinateBytes: Partial<Record<JwsAlgorithm, number>> = { ES256: 32, ES384: 48, ES512: 66 }
/** RFC 7518 §3.2: an HMAC signature is the whole MAC, not truncated. */
const hmacBytes: Partial<Record<JwsAlgorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 }

/**
 * @param signatureRaw the base64url signature segment
 * @param key the key about to be tried: RSA signatures must be as long as its modulus (RFC 8017 §8.2.2)
 * @returns null when the shape is right (or cannot be told), else one sentence saying what is wrong
 */
export function signatureShapeProblem(signatureRaw: string, alg: JwsAlgorithm, key: KeyDescription): string | null {
  let bytes: Uint8Array
  try {
    bytes = decodeBase64url(signatureRaw, 'signature').bytes
  } catch {
    return 'the signature segment is not base64url'
  }
  return signatureBytesShapeProblem(bytes, alg, key)
}

/**
 * signatureShapeProblem for a signature already decoded (the fast path decodes each segment once).
 *
 * @param bytes the signature octets (RFC 7515 §2, "JWS Signature")
 * @returns null when the shape is right (or cannot be told), else one sentence saying what is wrong
 */
export function signatureBytesShapeProblem(bytes: Uint8Array, alg: JwsAlgorithm, key: KeyDescription): string | null {
  const coordinate = ecdsaCoordinateBytes[alg]
  if (coordinate !== undefined) {
    const expected = coordinate * 2
    if (bytes.length === expected) return null
    if (looksLikeDerSequence(bytes)) {
      return `DER-encoded ECDSA signature (${formatBytes(bytes.length)}), expected ${expected}-byte R‖S (RFC 7518 §3.4): the signer used the ASN.1 form of X.509 and TLS, not the JOSE form`
    }
    return `the ${alg} signature is ${formatBytes(bytes.length)}, expected ${expected}-byte R‖S (RFC 7518 §3.4)`
  }
  const mac = hmacBytes[alg]
  if (mac !== undefined) {
    return bytes.length === mac
      ? null
      : `the ${alg} signature is ${formatBytes(bytes.length)}, expected the full ${mac}-byte HMAC (RFC 7518 §3.2); a truncated or padded MAC never verifies`
  }
  if (alg === 'EdDSA' || alg === 'Ed25519') {
    return bytes.length === 64
      ? null
      : `the Ed25519 signature is ${formatBytes(bytes.length)}, expected 64 (RFC 8032 §5.1.6)`
  }
  if (key.kty === 'RSA' && key.bits !== undefined) {
    const expected = Math.ceil(key.bits / 8)
    return bytes.length === expected
      ? null
      : `the ${alg} signature is ${formatBytes(bytes.length)}, but an RSA signature with this ${key.bits}-bit key is exactly ${formatBytes(expected)} (RFC 8017 §8.2.2)`
  }
  return null
}

/** SEQUENCE { INTEGER r, INTEGER s } with a length that accounts for every byte. */
function looksLikeDerSequence(bytes: Uint8Array): boolean {
  if (bytes.length < 8 || bytes[0] !== 0x30) return false
  let offset = 2
  let length = bytes[1]!
  if (length === 0x81) {
    length = bytes[2]!
    offset = 3
  } else if (length > 0x80) {
    return false
  }
  return offset + length === bytes.length && bytes[offset] === 0x02
}
