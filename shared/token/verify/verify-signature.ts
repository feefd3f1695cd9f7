import { compactVerify, errors as joseErrors, flattenedVerify, type JWK } from 'jose'
import { SignetError } from '../../errors'
import { isJwsAlgorithm } from '../../key-material/algorithms'
import type { KeyCandidate, KeyDescription, KeySelection, KeySource } from '../../key-material/types'
import type { Policy } from '../../validation-policy/policy'
import type { DecodedJws, DecodedSignature, DecodedToken } from '../decode'
import type { JsonObject } from '../../encoding/json'
import { check, type Check } from './check'
import { b64Check, critCheck, encodingCheck, unprotectedHeaderCheck } from './header-checks'
import { checkKeyForAlgorithm } from './key-checks'
import { signatureShapeProblem } from './signature-shape'

/**
 * The cryptographic half of verification: run once per token and key source (it is async and
 * costs a WebCrypto operation per key tried). Everything time-dependent lives in validateClaims,
 * which the timeline re-runs on every cursor move without redoing this.
 */

export interface VerifySignatureOptions {
  /** only the algorithm list matters here; the rest of the policy is for validateClaims */
  policy?: Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>
  /** the content of a JWS with a detached payload (RFC 7515 Appendix F) */
  detachedPayload?: Uint8Array | string
}

/**
 * What one key's attempt came to. Only 'mismatch' means the signature was computed and differs;
 * 'malformed' means the signature cannot be one this algorithm produces (so no key could verify it),
 * 'error' means it could not be checked at all (the message says why).
 */
export type AttemptOutcome = 'verified' | 'mismatch' | 'malformed' | 'error' | 'not-attempted'

export interface SignatureAttempt {
  key: KeyDescription
  /** alg-allowed, key-type, key-use, key-strength for this key */
  checks: Check[]
  outcome: AttemptOutcome
  message: string
  /** for 'malformed' and 'error': why, without the key's label */
  reason?: string
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

export async function verifySignature(
  decoded: DecodedToken,
  source: KeySource | null,
  options: VerifySignatureOptions = {},
): Promise<SignatureResult> {
  if (decoded.type !== 'jws') {
    throw new SignetError(
      'ERR_INVALID_ARGUMENT',
      'This token is encrypted (JWE): decrypt it first, then verify the token inside.',
    )
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
  policy: Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>,
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
      signature: check(
        'signature',
        'skipped',
        'No key was given, so the signature was not checked: the token is unverified.',
      ),
      verifiedBy: null,
      algorithmCheck: algorithmCheckWithoutKey(header.alg, policy),
    }
  }
  const selection = await source.select(header)
  const attempts: SignatureAttempt[] = []
  for (const candidate of selection.candidates) {
    const keyChecks = checkKeyForAlgorithm(candidate, header.alg, policy)
    if (!keyChecks.usable) {
      attempts.push(notAttempted(candidate.description, keyChecks.checks))
      continue
    }
    const problem = signatureShapeProblem(signature.signatureRaw, keyChecks.alg!, candidate.description)
    const attempt = problem
      ? { outcome: 'malformed' as const, message: `Structurally wrong: ${problem}.`, reason: problem }
      : await attemptVerification(decoded, signature, candidate, keyChecks.alg!, options)
    attempts.push({ key: candidate.description, checks: keyChecks.checks, ...attempt })
    if (attempt.outcome === 'verified') break
  }
  const verified = attempts.find((a) => a.outcome === 'verified') ?? null
  const chosen = chosenAttempt(attempts)
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

/**
 * The attempt for a key whose checks (alg-allowed, key-type, key-use, key-strength) forbid computing
 * the signature at all: outcome 'not-attempted', with the first failing check's message as the why.
 * Shared with the fast path (electron/services/verify-fast).
 */
export function notAttempted(key: KeyDescription, checks: Check[]): SignatureAttempt {
  const blocking = checks.find((c) => c.status === 'fail')
  return {
    key,
    checks,
    outcome: 'not-attempted',
    message: `Not attempted: ${blocking?.message ?? 'the key may not be used.'}`,
  }
}

/**
 * The attempt whose key checks the trace shows: the one that verified, else the most telling failure
 * (mismatch, then malformed, then error) with its key-strength failure softened to a warning — that
 * key was not shown to be the signer. Shared with the fast path (electron/services/verify-fast).
 */
export function chosenAttempt(attempts: SignatureAttempt[]): SignatureAttempt | null {
  const verified = attempts.find((a) => a.outcome === 'verified')
  if (verified) return verified
  const telling = (['mismatch', 'malformed', 'error'] as const)
    .map((outcome) => attempts.find((a) => a.outcome === outcome))
    .find(Boolean)
  return telling ? unverifiedKeyChecks(telling, attempts.length) : (attempts[0] ?? null)
}

async function attemptVerification(
  decoded: DecodedToken & DecodedJws,
  signature: DecodedSignature,
  candidate: KeyCandidate,
  alg: string,
  options: VerifySignatureOptions,
): Promise<{ outcome: AttemptOutcome; message: string; reason?: string }> {
  // Unknown critical extensions are judged by the "crit" check; here they are declared understood
  // so that the signature itself is still computed, and the trace can say whether it matches.
  const crit = Array.isArray(signature.protectedHeader?.crit)
    ? Object.fromEntries(
        signature.protectedHeader.crit
          .filter((name): name is string => typeof name === 'string' && name !== 'b64')
          .map((name) => [name, false]),
      )
    : undefined
  const verifyOptions = { algorithms: [alg], ...(crit ? { crit } : {}) }
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
    const reason = describeJoseError(error)
    return {
      outcome: 'error',
      message: `Could not be checked with ${candidate.description.label}: ${reason}`,
      reason: reason.replace(/\.$/, ''),
    }
  }
}

/**
 * When no key verified, the key checks shown are those of the most telling attempt — but that key
 * was not shown to be the signer, so a weak-key finding about it is a warning naming the key, not
 * a failure of the token.
 */
function unverifiedKeyChecks(attempt: SignatureAttempt, tried: number): SignatureAttempt {
  const checks = attempt.checks.map((c) =>
    c.id === 'key-strength' && c.status === 'fail'
      ? {
          ...c,
          status: 'warn' as const,
          message: `${tried > 1 ? `Of ${attempt.key.label}, which did not verify either: ` : 'The key did not verify the signature; besides, '}${lowerFirst(c.message)}`,
        }
      : c,
  )
  return { ...attempt, checks }
}

/**
 * The signature check says which of three things happened when nothing verified (detail.cause):
 * 'mismatch' — the signature was computed and differs; 'malformed' — it is structurally wrong for
 * its algorithm (length, encoding), so no key could verify it; 'unchecked' — it could not be
 * checked (the message says why); plus 'not-allowed' and 'no-key' when no key could be tried.
 */
/** Shared with the fast path (electron/services/verify-fast). */
export function signatureCheck(attempts: SignatureAttempt[], selection: KeySelection, alg: string | null): Check {
  const verified = attempts.find((a) => a.outcome === 'verified')
  const detail = { attempts: attempts.map((a) => ({ key: a.key.label, outcome: a.outcome, message: a.message })) }
  if (verified) {
    const others =
      attempts.length > 1 ? ` (${attempts.length - 1} other key${attempts.length > 2 ? 's' : ''} tried first)` : ''
    return check(
      'signature',
      'pass',
      `The ${alg ?? ''} signature verifies with ${verified.key.label}${others}.`.replace('The  ', 'The '),
      { ...detail, cause: 'verified' },
    )
  }
  if (attempts.length === 0) {
    return check('signature', 'fail', `Not checked, and so not verified: ${selection.message}`, {
      ...detail,
      cause: 'no-key',
    })
  }
  const mismatched = attempts.filter((a) => a.outcome === 'mismatch')
  const malformed = attempts.filter((a) => a.outcome === 'malformed')
  const errored = attempts.filter((a) => a.outcome === 'error')
  if (mismatched.length + malformed.length + errored.length === 0) {
    return check(
      'signature',
      'fail',
      `Not verified: no key that was tried may be used for this token (${attempts[0]!.message.replace(/^Not attempted: /, '')}).`,
      { ...detail, cause: 'not-allowed' },
    )
  }
  const besides = [
    malformed.length > 0 && mismatched.length > 0
      ? `${count(malformed.length, 'other key')} could not take a signature of this shape`
      : '',
    errored.length > 0 && mismatched.length + malformed.length > 0
      ? `${count(errored.length, 'other key')} could not be used (${reasons(errored)})`
      : '',
  ].filter(Boolean)
  const tail = besides.length > 0 ? ` (${besides.join('; ')})` : ''
  if (mismatched.length === 1) {
    return check(
      'signature',
      'fail',
      `The signature does not match ${mismatched[0]!.key.label}: the token was altered, or signed with another key${tail}.`,
      { ...detail, cause: 'mismatch' },
    )
  }
  if (mismatched.length > 1) {
    return check(
      'signature',
      'fail',
      `The signature matches none of the ${mismatched.length} keys it was compared with: the token was altered, or signed with a key you did not supply${tail}.`,
      { ...detail, cause: 'mismatch' },
    )
  }
  if (malformed.length > 0) {
    const problem = malformed[0]!.reason ?? 'its shape does not fit the algorithm'
    return check(
      'signature',
      'fail',
      `The signature is structurally wrong: ${problem}. No key can verify it, so it was not compared with any${tail}.`,
      { ...detail, cause: 'malformed' },
    )
  }
  return check(
    'signature',
    'fail',
    errored.length === 1
      ? `Not verified — the signature could not be checked: ${errored[0]!.message}`
      : `Not verified — the signature could not be checked with any of the ${errored.length} keys tried: ${reasons(errored)}.`,
    { ...detail, cause: 'unchecked' },
  )
}

function reasons(attempts: SignatureAttempt[]): string {
  const distinct = [...new Set(attempts.map((a) => a.reason ?? a.message))]
  return distinct.join('; ')
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

/** The algorithm check when no key is involved: "none" and the policy list still apply. */
export function algorithmCheckWithoutKey(headerAlg: unknown, policy: Pick<Policy, 'algorithms'>): Check {
  if (typeof headerAlg !== 'string' || headerAlg.length === 0)
    return check('alg-allowed', 'fail', 'The header has no "alg": a token must say how it is signed.')
  if (headerAlg.toLowerCase() === 'none') {
    return check(
      'alg-allowed',
      'fail',
      `The header says alg "${headerAlg}": the token is not signed. Signet never accepts an unsigned token, whatever the token says.`,
    )
  }
  if (!isJwsAlgorithm(headerAlg))
    return check(
      'alg-allowed',
      'fail',
      `The header says alg "${headerAlg}", which is not a JWS algorithm Signet verifies.`,
    )
  if (policy.algorithms) {
    return policy.algorithms.includes(headerAlg)
      ? check('alg-allowed', 'pass', `${headerAlg} is in the policy's allowed list (${policy.algorithms.join(', ')}).`)
      : check(
          'alg-allowed',
          'fail',
          `${headerAlg} is not in the policy's allowed list (${policy.algorithms.join(', ')}).`,
        )
  }
  return check(
    'alg-allowed',
    'skipped',
    `${headerAlg}: which algorithms are allowed depends on the key, and no key was tried.`,
  )
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JOSEError || error instanceof TypeError) {
    const message = error.message
    if (/modulusLength/.test(message)) return 'jose refuses RSA keys shorter than 2048 bits.'
    if (/Invalid keyData|invalid key|key data|point/i.test(message))
      return 'the key is not a valid key (for an EC key, the point may not be on the curve).'
    return `${message.replace(/\.$/, '')}.`
  }
  if (error instanceof Error) return `the key could not be used (${error.message}).`
  return 'the key could not be used.'
}
