import type { KeySource } from '../../../shared/key-material/types'
import type { Policy } from '../../../shared/validation-policy/policy'
import type { DecodedToken } from '../../../shared/token/decode'
import { inspectToken, type Inspection } from '../../../shared/token/inspect'
import { verifyTokenFast } from './verify-fast'

/**
 * inspectToken (shared/token/inspect.ts) with the fast signature path for a JWS: the same trace,
 * verdict, header, claims and key. A JWE (no decryption in bulk work) goes to inspectToken itself.
 *
 * @param at evaluation time, NumericDate seconds
 */
export async function inspectTokenFast(decoded: DecodedToken, source: KeySource | null, policy: Policy, at: number): Promise<Inspection> {
  if (decoded.type !== 'jws') return inspectToken(decoded, { verificationKeys: source, policy, at })
  const report = await verifyTokenFast(decoded, source, policy, at)
  // One layer and no outer one: the whole token's trace is that layer's (trace-at.ts), without
  // re-running the claim checks the fast path has just run.
  const trace = { ...report.trace, checks: [...report.trace.checks] }
  return { layers: [{ kind: 'jws', decoded, report }], trace, header: report.header, claims: report.claims, key: report.key, at }
}
