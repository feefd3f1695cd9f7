import { compactVerify, errors as joseErrors, flattenedVerify, type JWK } from 'jose'
import { SignetError } from '../../errors'
import { isJwsAlgorithm } from '../../keys/algorithms'
import type { KeyCandidate, KeyDescription, KeySelection, KeySource } from '../../keys/types'
import type { Policy } from '../../policy/policy'
import type { DecodedJws, DecodedSignature, DecodedToken } from '../decode'
import type { JsonObject } from '../json'
import { check, type Check } from './check'
import { b64Check, critCheck, encodingCheck, unprotectedHeaderCheck } from './header-checks'
import { checkKeyForAlgorithm } from './key-checks'

/**
 * The cryptographic half of verification: run once per token and key source (it is async and
 * costs a WebCrypto operation per key tried). Everything time-dependent lives in validateClaims,
 * which the timeline re-runs on every cursor move without redoing this.
 */

export interface VerifySignatureOptions {
  /** only the algorithm list matters here; the rest of the policy is for validateClaims */
  policy?: Pick<Policy, 'algorithms'>
  /** the content of a JWS with a detached payload (RFC 7515 Appendix F) */
  detachedPayload?: Uint8Array | string
}

export type AttemptOutcome = 'verified' | 'mismatch' | 'error' | 'not-attempted'

export interface SignatureAttempt {
  key: KeyDescription
  /** alg-allowed, key-type, key-use, key-strength for this key */
  checks: Check[]
  outcome: AttemptOutcome
  message: string
}

export interface SignatureResult {
  /** which signature of a JSON-serialized JWS the result is about (0 for compact) */
  signatureIndex: number
  signatureCount: number
  header: JsonObject
  alg: string | null
  /** encoding, unprotected-header, crit, b64: independent of keys and time */
  tokenChecks: Check[]
  /** null when no key source was given */
  selection: KeySelection | null
  attempts: SignatureAttempt[]
  /** the attempt whose key checks the trace shows: the one that verified, or the most telling failure */
  chosen: SignatureAttempt | null
  signature: Check
  verifiedBy: KeyDescription | null
  /** the algorithm check when no key could be tried (no source, no candidate) */
  algorithmCheck: Check | null
}

export async function verifySignature(decoded: DecodedToken, source: KeySource | null, options: VerifySignatureOptions = {}): Promise<SignatureResult> {
  if (decoded.type !== 'jws') {
    throw new SignetError('ERR_INVALID_ARGUMENT', 'This token is encrypted (JWE): decrypt it first, then verify the token inside.')
  }
  const policy = options.policy ?? {}
  const results: SignatureResult[] = []
  for (const [index, signature] of decoded.signatures.entries()) {
    const result = await verifyOne(decoded, signature, index, source, policy, options)
    if (result.verifiedBy) return result
    results.push(result)
  }
  return results[0]!
}

async function verifyOne(
  decoded: DecodedToken & DecodedJws,
  signature: DecodedSignature,
  index: number,
  source: KeySource | null,
  policy: Pick<Policy, 'algorithms'>,
  options: VerifySignatureOptions,
): Promise<SignatureResult> {
  const header = signature.joseHeader
  const alg = typeof header.alg === 'string' ? header.alg : null
  const tokenChecks = [encodingCheck(decoded)]
  if (decoded.form === 'jws-json-general' || decoded.form === 'jws-json-flattened' || signature.unprotectedHeader) {
    tokenChecks.push(unprotectedHeaderCheck([signature.unprotectedHeader], 'JWS'))
  }
  tokenChecks.push(critCheck(signature), b64Check(signature))
  const base = { signatureIndex: index, signatureCount: decoded.signatures.length, header, alg, tokenChecks }

  if (!source) {
    return {
      ...base,
      selection: null,
      attempts: [],
      chosen: null,
      signature: check('signature', 'skipped', 'No key was given, so the signature was not checked: the token is unverified.'),
      verifiedBy: null,
      algorithmCheck: algorithmCheckWithoutKey(header.alg, policy),
    }
  }
  const selection = await source.select(header)
  const attempts: SignatureAttempt[] = []
  for (const candidate of selection.candidates) {
    const keyChecks = checkKeyForAlgorithm(candidate, header.alg, policy)
    if (!keyChecks.usable) {
      const blocking = keyChecks.checks.find((c) => c.status === 'fail')
      attempts.push({ key: candidate.description, checks: keyChecks.checks, outcome: 'not-attempted', message: `Not attempted: ${blocking?.message ?? 'the key may not be used.'}` })
      continue
    }
    const attempt = await attemptVerification(decoded, signature, candidate, keyChecks.alg!, options)
    attempts.push({ key: candidate.description, checks: keyChecks.checks, ...attempt })
    if (attempt.outcome === 'verified') break
  }
  const verified = attempts.find((a) => a.outcome === 'verified') ?? null
  const chosen = verified ?? attempts.find((a) => a.outcome === 'mismatch' || a.outcome === 'error') ?? attempts[0] ?? null
  return {
    ...base,
    selection,
    attempts,
    chosen,
    signature: signatureCheck(attempts, selection, alg),
    verifiedBy: verified?.key ?? null,
    algorithmCheck: attempts.length === 0 ? algorithmCheckWithoutKey(header.alg, policy) : null,
  }
}

async function attemptVerification(
  decoded: DecodedToken & DecodedJws,
  signature: DecodedSignature,
  candidate: KeyCandidate,
  alg: string,
  options: VerifySignatureOptions,
): Promise<{ outcome: AttemptOutcome; message: string }> {
  const verifyOptions = { algorithms: [alg] }
  const key: JWK = candidate.jwk
  try {
    const detached = decoded.payload.kind === 'detached' && options.detachedPayload !== undefined
    if (decoded.form === 'jws-compact' && !detached) {
      await compactVerify(decoded.token, key, verifyOptions)
    } else {
      const payload = detached ? options.detachedPayload! : decoded.payload.raw
      await flattenedVerify(
        {
          ...(signature.protectedHeader ? { protected: signature.protectedRaw } : {}),
          ...(signature.unprotectedHeader ? { header: signature.unprotectedHeader as never } : {}),
          payload,
          signature: signature.signatureRaw,
        },
        key,
        verifyOptions,
      )
    }
    return { outcome: 'verified', message: `Verified with ${candidate.description.label}.` }
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      return { outcome: 'mismatch', message: `Does not verify with ${candidate.description.label}.` }
    }
    return { outcome: 'error', message: `Could not be checked with ${candidate.description.label}: ${describeJoseError(error)}` }
  }
}

/** The signature check from the attempts; shared with the fast path (electron/services/verify-fast). */
export function signatureCheck(attempts: SignatureAttempt[], selection: KeySelection, alg: string | null): Check {
  const verified = attempts.find((a) => a.outcome === 'verified')
  const detail = { attempts: attempts.map((a) => ({ key: a.key.label, outcome: a.outcome, message: a.message })) }
  if (verified) {
    const others = attempts.length > 1 ? ` (${attempts.length - 1} other key${attempts.length > 2 ? 's' : ''} tried first)` : ''
    return check('signature', 'pass', `The ${alg ?? ''} signature verifies with ${verified.key.label}${others}.`.replace('The  ', 'The '), detail)
  }
  if (attempts.length === 0) {
    return check('signature', 'fail', `Not checked, and so not verified: ${selection.message}`, detail)
  }
  const crypto = attempts.filter((a) => a.outcome === 'mismatch' || a.outcome === 'error')
  if (crypto.length === 0) {
    return check('signature', 'fail', `Not verified: no key that was tried may be used for this token (${attempts[0]!.message.replace(/^Not attempted: /, '')}).`, detail)
  }
  if (crypto.length === 1 && crypto[0]!.outcome === 'error') {
    return check('signature', 'fail', `Not verified: ${crypto[0]!.message}`, detail)
  }
  return crypto.length === 1
    ? check('signature', 'fail', `The signature does not match ${crypto[0]!.key.label}: the token was altered, or signed with another key.`, detail)
    : check('signature', 'fail', `The signature matches none of the ${crypto.length} keys tried: the token was altered, or signed with a key you did not supply.`, detail)
}

/** The algorithm check when no key is involved: "none" and the policy list still apply. */
export function algorithmCheckWithoutKey(headerAlg: unknown, policy: Pick<Policy, 'algorithms'>): Check {
  if (typeof headerAlg !== 'string' || headerAlg.length === 0) return check('alg-allowed', 'fail', 'The header has no "alg": a token must say how it is signed.')
  if (headerAlg.toLowerCase() === 'none') {
    return check('alg-allowed', 'fail', `The header says alg "${headerAlg}": the token is not signed. Signet never accepts an unsigned token, whatever the token says.`)
  }
  if (!isJwsAlgorithm(headerAlg)) return check('alg-allowed', 'fail', `The header says alg "${headerAlg}", which is not a JWS algorithm Signet verifies.`)
  if (policy.algorithms) {
    return policy.algorithms.includes(headerAlg)
      ? check('alg-allowed', 'pass', `${headerAlg} is in the policy's allowed list (${policy.algorithms.join(', ')}).`)
      : check('alg-allowed', 'fail', `${headerAlg} is not in the policy's allowed list (${policy.algorithms.join(', ')}).`)
  }
  return check('alg-allowed', 'skipped', `${headerAlg}: which algorithms are allowed depends on the key, and no key was tried.`)
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JOSEError || error instanceof TypeError) {
    const message = error.message
    if (/modulusLength/.test(message)) return 'jose refuses RSA keys shorter than 2048 bits.'
    if (/Invalid keyData|invalid key|key data|point/i.test(message)) return 'the key is not a valid key (for an EC key, the point may not be on the curve).'
    return `${message.replace(/\.$/, '')}.`
  }
  if (error instanceof Error) return `the key could not be used (${error.message}).`
  return 'the key could not be used.'
}
