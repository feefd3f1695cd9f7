import {
  isJweKeyManagementAlgorithm,
  isJwsAlgorithm,
  jweKeyManagementAlgorithms,
  jwsAlgorithms,
} from '../../../key-material/algorithms'
import { cap, finding, keyName, type JwksFinding, type KeyView } from '../types'

/** Algorithms that are registered but that Signet's tables do not hold (jose 6 dropped them). */
const registeredElsewhere = ['ES256K', 'Ed448', 'none']

/** "alg" against the key's type, curve and use (RFC 7518 §3.1, §4.1; RFC 8037 §3.1). */
export function algorithmRules(key: KeyView): JwksFinding[] {
  const { jwk } = key
  const alg = jwk.alg
  if (typeof alg !== 'string' || typeof jwk.kty !== 'string') return []
  const kty = jwk.kty
  const crv = typeof jwk.crv === 'string' ? jwk.crv : undefined
  if (isJwsAlgorithm(alg)) {
    const info = jwsAlgorithms[alg]
    if (info.kty !== kty) {
      return [
        finding(
          key,
          'alg-kty-mismatch',
          'alg',
          `${cap(keyName(key))} is kty "${kty}" but says "alg": "${alg}", which needs a ${info.kty} key (RFC 7518 §3.1).`,
          `Set "alg" to an algorithm for ${kty} keys, or publish the right key.`,
        ),
      ]
    }
    if (info.crv !== undefined && crv !== undefined && info.crv !== crv) {
      return [
        finding(
          key,
          'alg-crv-mismatch',
          'alg',
          `${cap(keyName(key))} is on curve ${crv} but says "alg": "${alg}", which is defined for ${info.crv} only (RFC 7518 §3.4, RFC 8037 §3.1).`,
          `Use the algorithm of curve ${crv} (${
            Object.entries(jwsAlgorithms)
              .filter(([, value]) => value.crv === crv)
              .map(([name]) => name)
              .join(' or ') || 'none that JOSE defines for signatures'
          }).`,
        ),
      ]
    }
    if (jwk.use === 'enc') {
      return [
        finding(
          key,
          'alg-use-mismatch',
          'alg',
          `${cap(keyName(key))} has "use": "enc" but a signature algorithm, "${alg}".`,
          'Make "use" and "alg" agree: "sig" with a JWS algorithm, "enc" with a JWE one.',
        ),
      ]
    }
    return []
  }
  if (isJweKeyManagementAlgorithm(alg)) {
    const family = jweKeyManagementAlgorithms[alg].kty
    const fits = family === 'EC/OKP' ? kty === 'EC' || (kty === 'OKP' && crv === 'X25519') : family === kty
    if (!fits) {
      return [
        finding(
          key,
          'alg-kty-mismatch',
          'alg',
          `${cap(keyName(key))} is kty "${kty}" but says "alg": "${alg}", a key-management algorithm for ${family} keys (RFC 7518 §4.1).`,
          'Set "alg" to an algorithm this key type supports.',
        ),
      ]
    }
    if (jwk.use === 'sig') {
      return [
        finding(
          key,
          'alg-use-mismatch',
          'alg',
          `${cap(keyName(key))} has "use": "sig" but an encryption algorithm, "${alg}".`,
          'Make "use" and "alg" agree: "sig" with a JWS algorithm, "enc" with a JWE one.',
        ),
      ]
    }
    return []
  }
  return [
    finding(
      key,
      'alg-unknown',
      'alg',
      `"alg" of ${keyName(key)} is "${alg}", ${registeredElsewhere.includes(alg) ? "which Signet's verifier (jose 6) does not implement" : 'which is not a registered JOSE algorithm (RFC 7518 §7.1)'}; verifiers may reject the key or ignore it.`,
      'Use a registered algorithm that fits the key, e.g. RS256, PS256, ES256 or EdDSA.',
    ),
  ]
}
