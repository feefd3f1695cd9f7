import { hasRocaFingerprint } from '../../../key-material/roca'
import { isEd25519Point, isOnNistCurve, nistCurves } from '../curves'
import { bitLength, lenientBytes, toBigInt } from '../material'
import { cap, finding, keyName, type JwksFinding, type KeyView } from '../types'
import { formatBytes } from '../../../text/format-bytes'

/**
 * The key's numbers: members present and strictly base64url (RFC 7515 §2, RFC 7518 §6), RSA sizes
 * and exponents, EC and Ed25519 points on their curve.
 */

/** Larger moduli are not converted to bigint: no real key is this big, and the arithmetic would be the cost. */
export const maxRsaModulusBits = 16_384

const requiredMembers: Record<string, string[]> = { RSA: ['n', 'e'], EC: ['crv', 'x', 'y'], OKP: ['crv', 'x'] }
const okpCurves: Record<string, number> = { Ed25519: 32, X25519: 32, Ed448: 57, X448: 56 }

export function materialRules(key: KeyView): JwksFinding[] {
  const { jwk } = key
  const kty = jwk.kty
  if (typeof kty !== 'string' || !requiredMembers[kty]) return []
  const out: JwksFinding[] = []
  const missing = requiredMembers[kty]!.filter((name) => jwk[name] === undefined)
  for (const name of missing) {
    out.push(
      finding(
        key,
        'member-missing',
        null,
        `${cap(keyName(key))} (kty "${kty}") has no "${name}", which RFC 7518 §6 requires: it is not a usable public key.`,
        `Publish the complete public key (${requiredMembers[kty]!.join(', ')}).`,
      ),
    )
  }
  for (const name of ['n', 'e', 'x', 'y']) {
    if (jwk[name] === undefined || !requiredMembers[kty]!.includes(name)) continue
    out.push(...encodingFindings(key, name))
  }
  if (missing.length) return out
  if (kty === 'RSA') out.push(...rsaFindings(key))
  if (kty === 'EC') out.push(...ecFindings(key))
  if (kty === 'OKP') out.push(...okpFindings(key))
  return out
}

function encodingFindings(key: KeyView, name: string): JwksFinding[] {
  const value = key.jwk[name]
  if (typeof value !== 'string') {
    return [
      finding(
        key,
        'member-type',
        name,
        `"${name}" of ${keyName(key)} must be a base64url string.`,
        `Write "${name}" as base64url text (RFC 7515 §2).`,
      ),
    ]
  }
  if (/=+$/.test(value) && /^[A-Za-z0-9_-]*=+$/.test(value)) {
    return [
      finding(
        key,
        'base64url-padding',
        name,
        `"${name}" of ${keyName(key)} ends in "=" padding; JOSE base64url has none (RFC 7515 §2), and strict parsers reject it.`,
        'Drop the trailing "=" characters.',
      ),
    ]
  }
  if (!/^[A-Za-z0-9_-]*$/.test(value)) {
    const bad = [...value].find((ch) => !/[A-Za-z0-9_-]/.test(ch)) ?? ''
    return [
      finding(
        key,
        'base64url-invalid',
        name,
        `"${name}" of ${keyName(key)} is not base64url: it contains ${JSON.stringify(bad)}${bad === '+' || bad === '/' ? ' (standard base64, not base64url)' : ''}.`,
        'Encode the value as base64url without padding: "-" and "_" instead of "+" and "/".',
      ),
    ]
  }
  if (value.length % 4 === 1 || value.length === 0) {
    return [
      finding(
        key,
        'base64url-invalid',
        name,
        `"${name}" of ${keyName(key)} has an impossible base64url length (${value.length} characters).`,
        'Re-export the key; the value was truncated or damaged.',
      ),
    ]
  }
  const remainder = value.length % 4
  const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(value[value.length - 1]!)
  if ((remainder === 2 && (last & 0x0f) !== 0) || (remainder === 3 && (last & 0x03) !== 0)) {
    return [
      finding(
        key,
        'base64url-noncanonical',
        name,
        `"${name}" of ${keyName(key)} is not canonical base64url: its last character carries non-zero unused bits (RFC 4648 §3.5), so two texts name the same key and byte-compares and thumbprints disagree.`,
        'Re-encode the value with a standard encoder.',
      ),
    ]
  }
  return []
}

function rsaFindings(key: KeyView): JwksFinding[] {
  const n = lenientBytes(key.jwk.n)
  const e = lenientBytes(key.jwk.e)
  if (!n || !e) return []
  const out: JwksFinding[] = []
  if ((n.length > 1 && n[0] === 0) || (e.length > 1 && e[0] === 0)) {
    const which = n.length > 1 && n[0] === 0 ? 'n' : 'e'
    out.push(
      finding(
        key,
        'rsa-leading-zero',
        which,
        `"${which}" of ${keyName(key)} starts with a zero octet; RFC 7518 §6.3.1.1 requires the minimal encoding, and the key's RFC 7638 thumbprint depends on it.`,
        'Re-encode the value without leading zero octets.',
      ),
    )
  }
  const bits = bitLength(n)
  if (bits > maxRsaModulusBits) {
    out.push(
      finding(
        key,
        'rsa-modulus-over-budget',
        'n',
        `The modulus of ${keyName(key)} is ${bits} bits, over the ${maxRsaModulusBits}-bit limit this lint checks; no real key is this large, and verifiers may refuse it.`,
        `Publish an RSA key of 2048 to 4096 bits.`,
      ),
    )
    return out
  }
  if (bits < 2048) {
    out.push(
      finding(
        key,
        'rsa-modulus-small',
        'n',
        `${cap(keyName(key))} has a ${bits}-bit modulus; RFC 7518 §3.3 requires at least 2048 bits, and smaller keys are within reach of factoring.`,
        'Rotate to an RSA key of 2048 bits or more (3072 for use beyond 2030), or to an EC key.',
      ),
    )
  }
  const exponentBits = bitLength(e)
  const exponent = exponentBits <= 64 ? toBigInt(e) : null
  if (exponent !== null && (exponent <= 1n || exponent % 2n === 0n)) {
    out.push(
      finding(
        key,
        'rsa-exponent-invalid',
        'e',
        `The public exponent of ${keyName(key)} is ${exponent}: ${exponent <= 1n ? 'with e ≤ 1 a signature is the message itself, so anyone can forge one' : 'an even exponent is never part of a valid RSA key'}.`,
        'Replace the key; use e = 65537.',
      ),
    )
  } else if (exponent !== 65537n) {
    out.push(
      finding(
        key,
        'rsa-exponent-unusual',
        'e',
        `The public exponent of ${keyName(key)} is ${exponent === null ? `${exponentBits} bits long` : String(exponent)}, not 65537; ${exponent !== null && exponent < 65537n ? 'small exponents (e = 3) have a history of signature-forgery bugs in verifiers' : 'some verifiers (Windows CNG, some HSMs) refuse large exponents'}.`,
        'Generate keys with e = 65537 (RFC 8017 recommends it; every library uses it).',
      ),
    )
  }
  if ((n[n.length - 1]! & 1) === 0) {
    out.push(
      finding(
        key,
        'rsa-modulus-invalid',
        'n',
        `The modulus of ${keyName(key)} is even, so it is not a product of two large primes.`,
        'Replace the key.',
      ),
    )
  } else if (bits >= 512 && hasRocaFingerprint(toBigInt(n))) {
    out.push(
      finding(
        key,
        'rsa-roca',
        'n',
        `${cap(keyName(key))} has the ROCA fingerprint (CVE-2017-15361): its private key can be computed from the modulus.`,
        'Rotate the key now and treat tokens it signed as forgeable.',
      ),
    )
  }
  return out
}

function ecFindings(key: KeyView): JwksFinding[] {
  const crv = key.jwk.crv
  if (typeof crv !== 'string')
    return [
      finding(
        key,
        'member-type',
        'crv',
        `"crv" of ${keyName(key)} must be a string.`,
        'Write "crv" as "P-256", "P-384" or "P-521".',
      ),
    ]
  const curve = nistCurves[crv]
  if (!curve) {
    return [
      finding(
        key,
        'curve-unknown',
        'crv',
        `${cap(keyName(key))} is on curve "${crv}", which is not P-256, P-384 or P-521${crv === 'secp256k1' ? ' (secp256k1 is registered by RFC 8812 but many verifiers, jose 6 among them, do not support it)' : ''}.`,
        'Publish keys on P-256, P-384 or P-521.',
      ),
    ]
  }
  const x = lenientBytes(key.jwk.x)
  const y = lenientBytes(key.jwk.y)
  if (!x || !y) return []
  const out: JwksFinding[] = []
  for (const [name, bytes] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (bytes.length !== curve.bytes) {
      out.push(
        finding(
          key,
          'ec-coordinate-length',
          name,
          `"${name}" of ${keyName(key)} is ${formatBytes(bytes.length)}; on ${crv} it must be exactly ${curve.bytes} (RFC 7518 §6.2.1.2), zero-padded on the left.`,
          'Re-export the key with full-length coordinates.',
        ),
      )
    }
  }
  if (out.length) return out
  if (!isOnNistCurve(crv, toBigInt(x), toBigInt(y))) {
    out.push(
      finding(
        key,
        'ec-point-not-on-curve',
        null,
        `The point (x, y) of ${keyName(key)} is not on ${crv}: it is not a public key, and verifiers that do not check this are open to invalid-curve attacks.`,
        'Re-export the public key from its private key; the coordinates were damaged or made up.',
      ),
    )
  }
  return out
}

function okpFindings(key: KeyView): JwksFinding[] {
  const crv = key.jwk.crv
  if (typeof crv !== 'string')
    return [
      finding(
        key,
        'member-type',
        'crv',
        `"crv" of ${keyName(key)} must be a string.`,
        'Write "crv" as "Ed25519" or "X25519".',
      ),
    ]
  const size = okpCurves[crv]
  if (!size)
    return [
      finding(
        key,
        'curve-unknown',
        'crv',
        `${cap(keyName(key))} has OKP curve "${crv}"; RFC 8037 defines Ed25519, Ed448, X25519 and X448.`,
        'Publish an Ed25519 key.',
      ),
    ]
  const x = lenientBytes(key.jwk.x)
  if (!x) return []
  if (x.length !== size) {
    return [
      finding(
        key,
        'ec-coordinate-length',
        'x',
        `"x" of ${keyName(key)} is ${formatBytes(x.length)}; ${crv} keys are ${formatBytes(size)} (RFC 8037 §2).`,
        'Re-export the key.',
      ),
    ]
  }
  if (crv === 'Ed25519' && !isEd25519Point(x)) {
    return [
      finding(
        key,
        'okp-point-invalid',
        'x',
        `"x" of ${keyName(key)} does not decode to a point of Ed25519 (RFC 8032 §5.1.3): no signature can verify with it.`,
        'Re-export the public key from its private key.',
      ),
    ]
  }
  return []
}
