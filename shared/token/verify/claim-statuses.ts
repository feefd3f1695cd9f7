import type { JsonObject } from '../../encoding/json'
import { isNumericDate } from '../../time/relative'
import type { Policy } from '../../validation-policy/policy'

/**
 * What validateClaims (validate-claims.ts) decides, without its messages: whether any claim check
 * fails and how many warn. The verdict-only path (electron/services/verify-fast/verdict-fast.ts)
 * needs no more, and writing ten messages with three formatted dates per token is most of the cost
 * of bulk HMAC verification. The rules are validateClaims' rules, check by check, in its order;
 * test/unit/shared/token/verify/claim-statuses.test.ts compares both over generated claims and
 * policies.
 *
 * @param claims a JSON claims set (RFC 7519 §4); a token without one goes to validateClaims
 * @param at evaluation time, NumericDate seconds
 */
export function claimStatuses(header: JsonObject, claims: JsonObject, policy: Policy, at: number): { fails: boolean; warnings: number } {
  const skew = policy.clockSkew
  let warnings = 0
  const { exp, nbf, iat } = claims
  // exp (RFC 7519 §4.1.4)
  if (exp === undefined) warnings++
  else if (!isNumericDate(exp) || at >= exp + skew) return failed
  else if (at >= exp) warnings++
  // nbf (§4.1.5)
  if (nbf !== undefined) {
    if (!isNumericDate(nbf) || at < nbf - skew) return failed
    if (at < nbf) warnings++
  }
  // iat (§4.1.6) and the policy's futureIat
  if (iat !== undefined) {
    if (!isNumericDate(iat)) return failed
    if (iat > at + skew) {
      const handling = policy.futureIat ?? 'reject'
      if (handling === 'reject') return failed
      if (handling === 'warn') warnings++
    } else if (iat > at) warnings++
  }
  if (policy.maxTokenAge !== undefined && (!isNumericDate(iat) || at - iat > policy.maxTokenAge + skew)) return failed
  if (policy.maxLifetime !== undefined) {
    if (!isNumericDate(exp)) return failed
    const start = isNumericDate(iat) ? iat : isNumericDate(nbf) ? nbf : undefined
    if (start === undefined || exp - start > policy.maxLifetime) return failed
  }
  if (policy.issuer && (typeof claims.iss !== 'string' || !policy.issuer.includes(claims.iss))) return failed
  if (policy.audience && !audienceMatches(claims.aud, policy.audience)) return failed
  if (policy.subject !== undefined && claims.sub !== policy.subject) return failed
  if (policy.typ !== undefined && (typeof header.typ !== 'string' || normalizeTyp(header.typ) !== normalizeTyp(policy.typ))) return failed
  for (const name of policy.requiredClaims) if (!Object.prototype.hasOwnProperty.call(claims, name)) return failed
  return { fails: false, warnings }
}

const failed = { fails: true, warnings: 0 } as const

function audienceMatches(aud: unknown, expected: readonly string[]): boolean {
  if (typeof aud === 'string') return expected.includes(aud)
  if (!Array.isArray(aud) || !aud.every((a) => typeof a === 'string')) return false
  return aud.some((a: string) => expected.includes(a))
}

/** RFC 7515 §4.1.9, as typCheck in validate-claims.ts. */
function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase()
  return lower.startsWith('application/') && !lower.slice('application/'.length).includes('/') ? lower.slice('application/'.length) : lower
}
