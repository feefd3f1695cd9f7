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

const imported = new WeakMap<object, KeyObject | null>()

function keyObject(candidate: KeyCandidate): KeyObject | null {
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
  imported.set(candidate.jwk, key)
  return key
}

const hashes = { '256': 'sha256', '384': 'sha384', '512': 'sha512' } as const
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
  const key = keyObject(candidate)
  if (key === null) return null
  const hash = hashes[alg.slice(2) as keyof typeof hashes]
  const data = Buffer.from(signingInput, 'latin1')
  try {
    switch (alg) {
      case 'HS256':
      case 'HS384':
      case 'HS512': {
        if (key.type !== 'secret') return null
        const mac = createHmac(hash, key).update(data).digest()
        return mac.length === signature.length && timingSafeEqual(mac, signature)
      }
      case 'RS256':
      case 'RS384':
      case 'RS512':
        if (key.asymmetricKeyType !== 'rsa') return null
        return verify(hash, data, { key, padding: constants.RSA_PKCS1_PADDING }, signature)
      case 'PS256':
      case 'PS384':
      case 'PS512':
        if (key.asymmetricKeyType !== 'rsa' && key.asymmetricKeyType !== 'rsa-pss') return null
        // RFC 7518 §3.5: the salt is as long as the hash output.
        return verify(
          hash,
          data,
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST },
          signature,
        )
      case 'ES256':
      case 'ES384':
      case 'ES512':
        if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== ecCurves[alg]) return null
        // RFC 7518 §3.4: R || S, each the curve's size; anything else is not a signature.
        if (signature.length !== ecSignatureBytes[alg]) return false
        return verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature)
      case 'EdDSA':
      case 'Ed25519':
        if (key.asymmetricKeyType !== 'ed25519') return null
        return verify(null, data, key, signature)
    }
  } catch {
    return null
  }
}
