import {
  constants,
  createHmac,
  createPublicKey,
  createSecretKey,
  timingSafeEqual,
  verify,
  type KeyObject,
} from 'node:crypto'
import type { JwsAlgorithm } from '#shared/key-material/algorithms'
import type { KeyCandidate } from '#shared/key-material/types'

/**
 * The signature primitive of the fast path: node:crypto's synchronous verify (RFC 7518 §3) over
 * KeyObjects imported once per key. Returns true/false for a computed verdict and null when this
 * path will not decide (a key node:crypto refuses, a key jose would refuse such as RSA under 2048
 * bits or an empty secret): the caller then asks the jose path, so messages stay exactly the same.
 */

/**
 * A key imported once, with what nodeVerify asks of it per token read once too: KeyObject's
 * asymmetricKeyDetails builds a new object on every read, and the option objects never change.
 */
interface Imported {
  key: KeyObject
  type: string | undefined
  curve: string | undefined
  pkcs1: { key: KeyObject; padding: number }
  pss: { key: KeyObject; padding: number; saltLength: number }
  p1363: { key: KeyObject; dsaEncoding: 'ieee-p1363' }
}

const imported = new WeakMap<object, Imported | null>()

function importedKey(candidate: KeyCandidate): Imported | null {
  const cached = imported.get(candidate.jwk)
  if (cached !== undefined) return cached
  let key: KeyObject | null = null
  try {
    const jwk = candidate.jwk
    if (jwk.kty === 'oct') {
      const bytes = typeof jwk.k === 'string' ? Buffer.from(jwk.k, 'base64url') : Buffer.alloc(0)
      key = bytes.length > 0 ? createSecretKey(bytes) : null
    } else {
      key = createPublicKey({ key: jwk as never, format: 'jwk' })
      // jose refuses short RSA keys with its own error; leave those to it.
      if (key.asymmetricKeyType === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) key = null
    }
  } catch {
    key = null
  }
  const prepared: Imported | null = key && {
    key,
    type: key.type === 'secret' ? 'secret' : key.asymmetricKeyType,
    curve: key.type === 'secret' ? undefined : key.asymmetricKeyDetails?.namedCurve,
    pkcs1: { key, padding: constants.RSA_PKCS1_PADDING },
    // RFC 7518 §3.5: the salt is as long as the hash output.
    pss: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
    p1363: { key, dsaEncoding: 'ieee-p1363' },
  }
  imported.set(candidate.jwk, prepared)
  return prepared
}

const hashes: Record<string, 'sha256' | 'sha384' | 'sha512'> = {
  HS256: 'sha256',
  HS384: 'sha384',
  HS512: 'sha512',
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  PS256: 'sha256',
  PS384: 'sha384',
  PS512: 'sha512',
  ES256: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
}
const ecSignatureBytes: Record<string, number> = { ES256: 64, ES384: 96, ES512: 132 }
const ecCurves: Record<string, string> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' }

/**
 * @param signingInput ASCII(BASE64URL(header) || '.' || BASE64URL(payload)) (RFC 7515 §5.2)
 * @param signature the decoded signature bytes
 */
export function nodeVerify(
  candidate: KeyCandidate,
  alg: JwsAlgorithm,
  signingInput: string,
  signature: Buffer,
): boolean | null {
  const prepared = importedKey(candidate)
  if (prepared === null) return null
  const { key, type } = prepared
  const hash = hashes[alg]!
  try {
    switch (alg) {
      case 'HS256':
      case 'HS384':
      case 'HS512': {
        if (type !== 'secret') return null
        const mac = createHmac(hash, key).update(signingInput, 'latin1').digest()
        return mac.length === signature.length && timingSafeEqual(mac, signature)
      }
      case 'RS256':
      case 'RS384':
      case 'RS512':
        if (type !== 'rsa') return null
        return verify(hash, Buffer.from(signingInput, 'latin1'), prepared.pkcs1, signature)
      case 'PS256':
      case 'PS384':
      case 'PS512':
        if (type !== 'rsa' && type !== 'rsa-pss') return null
        return verify(hash, Buffer.from(signingInput, 'latin1'), prepared.pss, signature)
      case 'ES256':
      case 'ES384':
      case 'ES512':
        if (type !== 'ec' || prepared.curve !== ecCurves[alg]) return null
        // RFC 7518 §3.4: R || S, each the curve's size; anything else is not a signature.
        if (signature.length !== ecSignatureBytes[alg]) return false
        return verify(hash, Buffer.from(signingInput, 'latin1'), prepared.p1363, signature)
      case 'EdDSA':
      case 'Ed25519':
        if (type !== 'ed25519') return null
        return verify(null, Buffer.from(signingInput, 'latin1'), key, signature)
    }
  } catch {
    return null
  }
}
