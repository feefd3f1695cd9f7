import { parseEvaluationTime } from './evaluation-time'
import type { Policy } from './policy'

/**
 * The policy Signet applies when the user sets nothing — signature, key fit, time claims with 60 s
 * skew — written out rather than produced by policySchema.parse({}), so that verifying with no
 * policy never loads zod (CLI start-up; a unit test pins it equal to the schema's defaults).
 */
export function defaultPolicy(): Policy {
  return { version: 1, requiredClaims: [], futureIat: 'reject', clockSkew: 60 }
}

/** The evaluation time of a policy in seconds, or `now` when it sets none. */
export function evaluationTimeOf(policy: Policy, now: number): number {
  return policy.at === undefined ? now : parseEvaluationTime(policy.at)
}
