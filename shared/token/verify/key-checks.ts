import {
  describeKeyShape,
  isJwsAlgorithm,
  jwsAlgorithms,
  jwsAlgorithmsForKey,
  keyFitsJwsAlgorithm,
  type JwsAlgorithm,
} from '../../key-material/algorithms'
import { checkKeyStrength } from '../../key-material/strength'
import type { CertificateSummary } from '../../key-material/certificate'
import type { KeyCandidate } from '../../key-material/types'
import type { Policy } from '../../validation-policy/policy'
import { check, type Check } from './check'

/**
 * The checks that decide whether a key may be used for a token's algorithm at all, before any
 * cryptography: the algorithm is allowed, the key's type fits it (no HMAC with a public key's
 * bytes — the classic key-confusion attack), and the key's own use / key_ops / alg permit it.
 */

export interface KeyChecks {
  checks: Check[]
  /** the signature may be computed: algorithm allowed, type fits, use permits */
  usable: boolean
  alg: JwsAlgorithm | null
}

export function checkKeyForAlgorithm(
  key: KeyCandidate,
  headerAlg: unknown,
  policy: Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>,
): KeyChecks {
  const description = key.description
  const shape = describeKeyShape(description)
  const checks: Check[] = []
  const alg = isJwsAlgorithm(headerAlg) ? headerAlg : null
  checks.push(algorithmAllowed(headerAlg, key, policy))

  if (alg === null) {
    checks.push(check('key-type', 'skipped', 'Not checked: the token names no algorithm Signet verifies.'))
    checks.push(check('key-use', 'skipped', 'Not checked: the token names no algorithm Signet verifies.'))
    checks.push(check('key-strength', 'skipped', 'Not checked: the token names no algorithm Signet verifies.'))
    return { checks, usable: false, alg }
  }

  const info = jwsAlgorithms[alg]
  if (keyFitsJwsAlgorithm(description, alg)) {
    checks.push(
      check('key-type', 'pass', `${alg} needs ${needs(alg)}; the key is ${shape}.`, {
        kty: description.kty,
        ...(description.crv ? { crv: description.crv } : {}),
      }),
    )
  } else {
    const confusion = info.kty === 'oct' && description.kty !== 'oct'
    checks.push(
      check(
        'key-type',
        'fail',
        confusion
          ? `${alg} is an HMAC algorithm but the key is ${shape}. Using a public key's bytes as an HMAC secret is the key-confusion attack: anyone holding the public key could forge tokens.`
          : `${alg} needs ${needs(alg)}, but the key is ${shape}.`,
        { kty: description.kty, ...(description.crv ? { crv: description.crv } : {}), needs: needs(alg) },
      ),
    )
  }

  checks.push(keyUse(key, alg))
  const strength = checkKeyStrength(key.jwk, alg, { minHmacKeyBytes: policy.minHmacKeyBytes })
  checks.push(check('key-strength', strength.ok ? (strength.warning ? 'warn' : 'pass') : 'fail', strength.message))
  const usable = checks.every((c) => c.id === 'key-strength' || c.status !== 'fail')
  return { checks, usable, alg }
}

function algorithmAllowed(headerAlg: unknown, key: KeyCandidate, policy: Pick<Policy, 'algorithms'>): Check {
  if (typeof headerAlg !== 'string' || headerAlg.length === 0) {
    return check('alg-allowed', 'fail', 'The header has no "alg": a token must say how it is signed.')
  }
  if (headerAlg.toLowerCase() === 'none') {
    return check(
      'alg-allowed',
      'fail',
      `The header says alg "${headerAlg}": the token is not signed. Signet never accepts an unsigned token, whatever the token says.`,
    )
  }
  if (!isJwsAlgorithm(headerAlg)) {
    return check(
      'alg-allowed',
      'fail',
      `The header says alg "${headerAlg}", which is not a JWS algorithm Signet verifies.`,
    )
  }
  if (policy.algorithms) {
    return policy.algorithms.includes(headerAlg)
      ? check(
          'alg-allowed',
          'pass',
          `${headerAlg} is in the policy's allowed list (${policy.algorithms.join(', ')}).`,
          { allowed: policy.algorithms },
        )
      : check(
          'alg-allowed',
          'fail',
          `${headerAlg} is not in the policy's allowed list (${policy.algorithms.join(', ')}).`,
          { allowed: policy.algorithms },
        )
  }
  const fitting = jwsAlgorithmsForKey(key.description)
  return fitting.includes(headerAlg)
    ? check(
        'alg-allowed',
        'pass',
        `${headerAlg} fits the key; with no list in the policy, Signet allows exactly the algorithms that fit it (${fitting.join(', ')}).`,
        { allowed: fitting },
      )
    : check(
        'alg-allowed',
        'fail',
        `${headerAlg} does not fit the key (${describeKeyShape(key.description)}); with no list in the policy, Signet allows only ${fitting.length ? fitting.join(', ') : 'none'}.`,
        { allowed: fitting },
      )
}

function keyUse(key: KeyCandidate, alg: JwsAlgorithm): Check {
  const { jwk } = key
  const problems: string[] = []
  const facts: string[] = []
  if (jwk.use !== undefined) {
    if (jwk.use === 'sig') facts.push('use "sig"')
    else
      problems.push(
        `its "use" is "${jwk.use}", not "sig": it is meant for ${jwk.use === 'enc' ? 'encryption' : `"${jwk.use}"`}, not for verifying signatures`,
      )
  }
  if (Array.isArray(jwk.key_ops)) {
    if (jwk.key_ops.includes('verify')) facts.push('key_ops includes "verify"')
    else problems.push(`its "key_ops" (${jwk.key_ops.join(', ') || 'empty'}) do not include "verify"`)
  }
  if (jwk.alg !== undefined) {
    if (jwk.alg === alg) facts.push(`alg "${jwk.alg}"`)
    else {
      const known = isJwsAlgorithm(jwk.alg) ? '' : ` ("${jwk.alg}" is not a registered JWS algorithm)`
      problems.push(`its "alg" restricts it to ${jwk.alg}${known}, but the token uses ${alg}`)
    }
  }
  const certificate = key.description.certificate
  const warnings: string[] = []
  if (certificate) certificateRestrictions(certificate, problems, facts, warnings)
  if (problems.length > 0) {
    return check('key-use', 'fail', `The key may not verify this token: ${problems.join('; ')}.`, {
      ...(jwk.use ? { use: jwk.use } : {}),
      ...(jwk.key_ops ? { key_ops: [...jwk.key_ops] } : {}),
      ...(jwk.alg ? { alg: jwk.alg } : {}),
    })
  }
  if (warnings.length > 0)
    return check('key-use', 'warn', `${warnings.join('; ')}.`, {
      extendedKeyUsage: certificate?.extendedKeyUsage ?? [],
    })
  return facts.length > 0
    ? check('key-use', 'pass', `The key permits it: ${facts.join(', ')}.`)
    : check(
        'key-use',
        'pass',
        `The key sets no "use", "key_ops" or "alg"${certificate ? ', and its certificate has no keyUsage or extendedKeyUsage' : ''}, so nothing restricts it.`,
      )
}

/**
 * What an X.509 certificate says its key may do (RFC 5280). A CA's key (basicConstraints cA,
 * §4.2.1.9) signs certificates, not tokens; keyUsage (§4.2.1.3) must allow digitalSignature (or
 * nonRepudiation, which RFC 5280 also counts as verifying signatures). extendedKeyUsage (§4.2.1.12)
 * registers no purpose for JOSE, so a certificate limited to other purposes is a warning, not a
 * failure: refusing every certificate that has the extension would refuse most real ones.
 */
function certificateRestrictions(
  certificate: CertificateSummary,
  problems: string[],
  facts: string[],
  warnings: string[],
): void {
  if (certificate.isCa) {
    problems.push(
      `it is the key of a CA certificate (${certificate.subject}, basicConstraints cA: true, RFC 5280 §4.2.1.9), which signs certificates, not tokens — give the signer's own (leaf) certificate`,
    )
  }
  const usage = certificate.keyUsage
  if (usage !== undefined) {
    if (usage.includes('digitalSignature') || usage.includes('nonRepudiation'))
      facts.push(`certificate keyUsage ${usage.join(', ')}`)
    else
      problems.push(
        `its certificate's keyUsage allows only ${usage.length ? usage.join(', ') : 'nothing'}, not digitalSignature (RFC 5280 §4.2.1.3)`,
      )
  }
  const purposes = certificate.extendedKeyUsage
  if (purposes !== undefined) {
    if (purposes.includes('anyExtendedKeyUsage')) facts.push('certificate extendedKeyUsage anyExtendedKeyUsage')
    else
      warnings.push(
        `The certificate's extendedKeyUsage limits its key to ${purposes.join(', ') || 'no purpose'} (RFC 5280 §4.2.1.12); no purpose is registered for signing JOSE tokens, so it is accepted, but check that this certificate is meant for it`,
      )
  }
}

function needs(alg: JwsAlgorithm): string {
  const info = jwsAlgorithms[alg]
  if (info.kty === 'oct') return 'a secret (oct) key'
  if (info.kty === 'RSA') return 'an RSA key'
  return `${info.kty === 'EC' ? 'an EC' : 'an OKP'} key on ${info.crv}`
}
