import type { KeyCandidate, KeySource } from '#shared/key-material/types'
import type { Policy } from '#shared/validation-policy/policy'
import type { DecodedToken } from '#shared/token/decode'
import { buildTrace } from '#shared/token/verify/build-trace'
import { b64Check, critCheck, encodingCheck } from '#shared/token/verify/header-checks'
import { checkKeyForAlgorithm, type KeyChecks } from '#shared/token/verify/key-checks'
import { claimsViewOf, validateClaims } from '#shared/token/verify/validate-claims'
import { signatureBytesShapeProblem } from '#shared/token/verify/signature-shape'
import {
  chosenAttempt,
  notAttempted,
  signatureCheck,
  type SignatureAttempt,
  type SignatureResult,
} from '#shared/token/verify/verify-signature'
import { verifyToken, type VerificationReport } from '#shared/token/verify/verify-token'
import type { DelegatedKeySource, SignaturePolicy } from '#shared/token/analyse-token'
import { nodeVerify } from './node-verify'

/**
 * verifyToken (shared/token/verify/verify-token.ts) for bulk work: the same checks, the same
 * trace and verdict, but the signature is computed by node:crypto synchronously over keys imported
 * once, and the key checks (strength, ROCA, use/alg fit) are computed once per key, algorithm and
 * policy. It handles the common case — a compact JWS whose header has neither "crit" nor "b64" —
 * and hands anything else, and any key node:crypto will not decide on, to verifyToken itself, so
 * the rare paths keep jose's exact behaviour and messages.
 *
 * @param at evaluation time, NumericDate seconds
 */
export async function verifyTokenFast(
  decoded: DecodedToken,
  source: KeySource | null,
  policy: Policy,
  at: number,
): Promise<VerificationReport> {
  const result = await signatureFast(decoded, source, policy)
  if (!result) return verifyToken(decoded, source, policy, { at })
  const view = claimsViewOf(decoded, 0)
  const trace = buildTrace(result, validateClaims(view, policy, at))
  return { trace, decoded, header: view.header, claims: view.claims, key: result.verifiedBy, signature: result, at }
}

/** How many tokens each path decided, for benchmarks and tests (process-wide). */
export const fastPathCounts = { fast: 0, delegated: 0 }

/**
 * verifySignature (shared/token/verify/verify-signature.ts) through node:crypto: the signature half
 * of verifyTokenFast, time-free, so inspectTokenFast can judge it with traceAt like any analysis.
 * Null when the token or key needs the general path; counts each outcome in fastPathCounts.
 */
export async function signatureFast(
  decoded: DecodedToken,
  source: KeySource | null,
  policy: SignaturePolicy,
): Promise<SignatureResult | null> {
  const result = await fastOrNull(decoded, source, policy)
  if (result) fastPathCounts.fast++
  else fastPathCounts.delegated++
  return result
}

async function fastOrNull(
  decoded: DecodedToken,
  source: KeySource | null,
  policy: SignaturePolicy,
): Promise<SignatureResult | null> {
  if (decoded.type !== 'jws' || decoded.form !== 'jws-compact' || source === null || source.kind === 'x5c') {
    return null
  }
  const signature = decoded.signatures[0]!
  const header = signature.joseHeader
  if (header.crit !== undefined || header.b64 !== undefined || header.x5c !== undefined) return null
  // A source whose secrets live elsewhere (managed HMAC keys) answers itself, and reviews what it did not answer,
  // exactly as analyse-token.ts's signatureOf does on the general path.
  const delegated = 'verifyRemotely' in source ? (source as DelegatedKeySource) : null
  const remote = delegated?.verifyRemotely(decoded, policy) ?? null
  if (remote) return remote
  const alg = typeof header.alg === 'string' ? header.alg : null
  const tokenChecks = [encodingCheck(decoded), critCheck(signature), b64Check(signature)]
  const selection = await source.select(header)
  const attempts: SignatureAttempt[] = []
  let signatureBytes: Buffer | null = null
  for (const candidate of selection.candidates) {
    const keyChecks = cachedKeyChecks(candidate, header.alg, policy)
    if (!keyChecks.usable) {
      attempts.push(notAttempted(candidate.description, keyChecks.checks))
      continue
    }
    // The same structural check as the jose path (shared/token/verify/signature-shape.ts), first.
    // One decode: decodeToken has checked the segment is base64url of a possible length, and Buffer
    // reads such text to the same bytes as the strict decoder.
    signatureBytes ??= Buffer.from(signature.signatureRaw, 'base64url')
    const problem = signatureBytesShapeProblem(signatureBytes, keyChecks.alg!, candidate.description)
    if (problem) {
      attempts.push({
        key: candidate.description,
        checks: keyChecks.checks,
        outcome: 'malformed',
        message: `Structurally wrong: ${problem}.`,
        reason: problem,
      })
      continue
    }
    const signingInput = decoded.token.slice(0, decoded.token.length - signature.signatureRaw.length - 1)
    const verified = nodeVerify(candidate, keyChecks.alg!, signingInput, signatureBytes)
    if (verified === null) return null
    attempts.push({
      key: candidate.description,
      checks: keyChecks.checks,
      outcome: verified ? 'verified' : 'mismatch',
      message: verified
        ? `Verified with ${candidate.description.label}.`
        : `Does not verify with ${candidate.description.label}.`,
    })
    if (verified) break
  }
  const verified = attempts.find((a) => a.outcome === 'verified') ?? null
  const chosen = chosenAttempt(attempts)
  const result: SignatureResult = {
    signatureIndex: 0,
    signatureCount: 1,
    header,
    alg,
    tokenChecks,
    selection,
    attempts,
    chosen,
    signature: signatureCheck(attempts, selection, alg),
    verifiedBy: verified?.key ?? null,
    algorithmCheck: null,
  }
  if (attempts.length === 0) return null
  return delegated ? delegated.review(result) : result
}

/** Per key (by identity), per header alg, allowed-algorithm list and HMAC minimum: checks are pure in these. */
const keyCheckCache = new WeakMap<object, Map<string, KeyChecks>>()

/**
 * The last lookup per key: a bulk run asks about one key, alg and policy object token after token,
 * and comparing those by identity saves building the cache key string each time.
 */
const lastKeyChecks = new WeakMap<
  object,
  { alg: string; algorithms: readonly string[] | undefined; minHmacKeyBytes: number | undefined; checks: KeyChecks }
>()

/**
 * checkKeyForAlgorithm (shared/token/verify/key-checks.ts), computed once per key, header alg and
 * policy (its algorithms and minHmacKeyBytes).
 */
export function cachedKeyChecks(
  candidate: KeyCandidate,
  headerAlg: unknown,
  policy: Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>,
): KeyChecks {
  if (typeof headerAlg !== 'string') return checkKeyForAlgorithm(candidate, headerAlg, policy)
  const last = lastKeyChecks.get(candidate)
  if (
    last !== undefined &&
    last.alg === headerAlg &&
    last.algorithms === policy.algorithms &&
    last.minHmacKeyBytes === policy.minHmacKeyBytes
  )
    return last.checks
  let perKey = keyCheckCache.get(candidate)
  if (!perKey) keyCheckCache.set(candidate, (perKey = new Map()))
  const cacheKey = `${headerAlg}\u0000${policy.algorithms?.join(',') ?? '*'}\u0000${policy.minHmacKeyBytes ?? ''}`
  let checks = perKey.get(cacheKey)
  if (!checks) perKey.set(cacheKey, (checks = checkKeyForAlgorithm(candidate, headerAlg, policy)))
  lastKeyChecks.set(candidate, {
    alg: headerAlg,
    algorithms: policy.algorithms,
    minHmacKeyBytes: policy.minHmacKeyBytes,
    checks,
  })
  return checks
}
