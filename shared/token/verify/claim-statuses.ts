import type { JsonObject, JsonValue } from '../../encoding/json'
import { isNumericDate } from '../../time/relative'
import type { FutureIatHandling, Policy } from '../../validation-policy/policy'
import type { CheckStatus } from './check'

/**
 * The claim rules, in one place (RFC 7519 §4.1, RFC 7515 §4.1.9 and the validation policy): each
 * rule decides an outcome for one check and nothing else. validateClaims (validate-claims.ts) turns
 * every outcome into a check with its message; the verdict-only path
 * (electron/services/verify-fast/verdict-fast.ts) needs only the statuses, and writing ten messages
 * with three formatted dates per token is most of the cost of bulk HMAC verification.
 *
 * Outcomes are string constants, not objects, so a rule allocates nothing.
 */

export type ExpOutcome = 'absent' | 'not-numeric' | 'expired' | 'expired-within-skew' | 'valid'
export type NbfOutcome = 'absent' | 'not-numeric' | 'not-yet' | 'not-yet-within-skew' | 'valid'
export type IatOutcome =
  'absent' | 'not-numeric' | 'future-reject' | 'future-warn' | 'future-ignore' | 'future-within-skew' | 'valid'
export type MaxAgeOutcome = 'unset' | 'no-iat' | 'not-numeric' | 'too-old' | 'ok'
export type LifetimeOutcome = 'unset' | 'unbounded' | 'no-start' | 'too-long' | 'ok'
export type IssOutcome = 'unset' | 'absent' | 'not-string' | 'accepted' | 'rejected'
export type AudOutcome = 'unset' | 'absent' | 'malformed' | 'accepted' | 'rejected'
export type SubOutcome = 'unset' | 'absent' | 'match' | 'mismatch'
export type TypOutcome = 'unset' | 'absent' | 'not-string' | 'match' | 'mismatch'
export type RequiredOutcome = 'unset' | 'present' | 'missing'

/** exp, RFC 7519 §4.1.4; `at` and `skew` in seconds. */
export function expRule(exp: JsonValue | undefined, at: number, skew: number): ExpOutcome {
  if (exp === undefined) return 'absent'
  if (!isNumericDate(exp)) return 'not-numeric'
  if (at >= exp + skew) return 'expired'
  return at >= exp ? 'expired-within-skew' : 'valid'
}

/** nbf, RFC 7519 §4.1.5. */
export function nbfRule(nbf: JsonValue | undefined, at: number, skew: number): NbfOutcome {
  if (nbf === undefined) return 'absent'
  if (!isNumericDate(nbf)) return 'not-numeric'
  if (at < nbf - skew) return 'not-yet'
  return at < nbf ? 'not-yet-within-skew' : 'valid'
}

/**
 * iat, RFC 7519 §4.1.6, which gives no rule for an "iat" in the future; most often the issuer's
 * clock runs ahead of this one. Whether that rejects the token is the policy's futureIat.
 */
export function iatRule(
  iat: JsonValue | undefined,
  at: number,
  skew: number,
  handling: FutureIatHandling = 'reject',
): IatOutcome {
  if (iat === undefined) return 'absent'
  if (!isNumericDate(iat)) return 'not-numeric'
  if (iat > at + skew)
    return handling === 'ignore' ? 'future-ignore' : handling === 'warn' ? 'future-warn' : 'future-reject'
  return iat > at ? 'future-within-skew' : 'valid'
}

/** The policy's maxTokenAge (seconds), measured from iat. */
export function maxAgeRule(
  iat: JsonValue | undefined,
  maxAge: number | undefined,
  at: number,
  skew: number,
): MaxAgeOutcome {
  if (maxAge === undefined) return 'unset'
  if (iat === undefined) return 'no-iat'
  if (!isNumericDate(iat)) return 'not-numeric'
  return at - iat > maxAge + skew ? 'too-old' : 'ok'
}

/** When the token's lifetime starts: iat, else nbf; undefined when neither is a NumericDate. */
export function lifetimeStart(claims: JsonObject): number | undefined {
  const { iat, nbf } = claims
  return isNumericDate(iat) ? iat : isNumericDate(nbf) ? nbf : undefined
}

/** The policy's maxLifetime (seconds), exp minus lifetimeStart. */
export function lifetimeRule(claims: JsonObject, maxLifetime: number | undefined): LifetimeOutcome {
  if (maxLifetime === undefined) return 'unset'
  const exp = claims.exp
  if (!isNumericDate(exp)) return 'unbounded'
  const start = lifetimeStart(claims)
  if (start === undefined) return 'no-start'
  return exp - start > maxLifetime ? 'too-long' : 'ok'
}

/** iss, RFC 7519 §4.1.1, against the policy's accepted issuers. */
export function issRule(iss: JsonValue | undefined, expected: readonly string[] | undefined): IssOutcome {
  if (!expected) return 'unset'
  if (iss === undefined) return 'absent'
  if (typeof iss !== 'string') return 'not-string'
  return expected.includes(iss) ? 'accepted' : 'rejected'
}

/** The audiences "aud" names (RFC 7519 §4.1.3: a string or an array of strings), or null when it is neither. */
export function audiencesOf(aud: JsonValue): string[] | null {
  if (typeof aud === 'string') return [aud]
  return Array.isArray(aud) && aud.every((a) => typeof a === 'string') ? (aud as string[]) : null
}

/** aud, RFC 7519 §4.1.3: accepted when any named audience is expected. */
export function audRule(aud: JsonValue | undefined, expected: readonly string[] | undefined): AudOutcome {
  if (!expected) return 'unset'
  if (aud === undefined) return 'absent'
  if (typeof aud === 'string') return expected.includes(aud) ? 'accepted' : 'rejected'
  const audiences = audiencesOf(aud)
  if (!audiences) return 'malformed'
  return audiences.some((a) => expected.includes(a)) ? 'accepted' : 'rejected'
}

/** sub, RFC 7519 §4.1.2, against the policy's subject. */
export function subRule(sub: JsonValue | undefined, expected: string | undefined): SubOutcome {
  if (expected === undefined) return 'unset'
  if (sub === undefined) return 'absent'
  return sub === expected ? 'match' : 'mismatch'
}

/** RFC 7515 §4.1.9: media types compare case-insensitively and "application/" may be left out. */
export function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase()
  return lower.startsWith('application/') && !lower.slice('application/'.length).includes('/')
    ? lower.slice('application/'.length)
    : lower
}

/** typ, RFC 7515 §4.1.9 / RFC 8725 §3.11, against the policy's typ. */
export function typRule(typ: JsonValue | undefined, expected: string | undefined): TypOutcome {
  if (expected === undefined) return 'unset'
  if (typ === undefined) return 'absent'
  if (typeof typ !== 'string') return 'not-string'
  return normalizeTyp(typ) === normalizeTyp(expected) ? 'match' : 'mismatch'
}

/** The required claims the claims set lacks, in the policy's order. */
export function missingClaims(claims: JsonObject, required: readonly string[]): string[] {
  return required.filter((name) => !Object.prototype.hasOwnProperty.call(claims, name))
}

/** The policy's requiredClaims. */
export function requiredRule(claims: JsonObject, required: readonly string[]): RequiredOutcome {
  if (required.length === 0) return 'unset'
  for (const name of required) if (!Object.prototype.hasOwnProperty.call(claims, name)) return 'missing'
  return 'present'
}

/** Each outcome's check status: the one table both validateClaims and claimStatuses read. */
export const outcomeStatus = {
  exp: { absent: 'warn', 'not-numeric': 'fail', expired: 'fail', 'expired-within-skew': 'warn', valid: 'pass' },
  nbf: { absent: 'skipped', 'not-numeric': 'fail', 'not-yet': 'fail', 'not-yet-within-skew': 'warn', valid: 'pass' },
  iat: {
    absent: 'skipped',
    'not-numeric': 'fail',
    'future-reject': 'fail',
    'future-warn': 'warn',
    'future-ignore': 'pass',
    'future-within-skew': 'warn',
    valid: 'pass',
  },
  'max-age': { unset: 'skipped', 'no-iat': 'fail', 'not-numeric': 'fail', 'too-old': 'fail', ok: 'pass' },
  lifetime: { unset: 'skipped', unbounded: 'fail', 'no-start': 'fail', 'too-long': 'fail', ok: 'pass' },
  iss: { unset: 'skipped', absent: 'fail', 'not-string': 'fail', accepted: 'pass', rejected: 'fail' },
  aud: { unset: 'skipped', absent: 'fail', malformed: 'fail', accepted: 'pass', rejected: 'fail' },
  sub: { unset: 'skipped', absent: 'fail', match: 'pass', mismatch: 'fail' },
  typ: { unset: 'skipped', absent: 'fail', 'not-string': 'fail', match: 'pass', mismatch: 'fail' },
  required: { unset: 'skipped', present: 'pass', missing: 'fail' },
} as const satisfies {
  exp: Record<ExpOutcome, CheckStatus>
  nbf: Record<NbfOutcome, CheckStatus>
  iat: Record<IatOutcome, CheckStatus>
  'max-age': Record<MaxAgeOutcome, CheckStatus>
  lifetime: Record<LifetimeOutcome, CheckStatus>
  iss: Record<IssOutcome, CheckStatus>
  aud: Record<AudOutcome, CheckStatus>
  sub: Record<SubOutcome, CheckStatus>
  typ: Record<TypOutcome, CheckStatus>
  required: Record<RequiredOutcome, CheckStatus>
}

/**
 * What validateClaims decides, without its messages: whether any claim check fails and how many
 * warn. Reads the same rules and the same status table, stopping at the first failure.
 *
 * @param claims a JSON claims set (RFC 7519 §4); a token without one goes to validateClaims
 * @param at evaluation time, NumericDate seconds
 */
export function claimStatuses(
  header: JsonObject,
  claims: JsonObject,
  policy: Policy,
  at: number,
): { fails: boolean; warnings: number } {
  const skew = policy.clockSkew
  const statuses: CheckStatus[] = [
    outcomeStatus.exp[expRule(claims.exp, at, skew)],
    outcomeStatus.nbf[nbfRule(claims.nbf, at, skew)],
    outcomeStatus.iat[iatRule(claims.iat, at, skew, policy.futureIat)],
    outcomeStatus['max-age'][maxAgeRule(claims.iat, policy.maxTokenAge, at, skew)],
    outcomeStatus.lifetime[lifetimeRule(claims, policy.maxLifetime)],
    outcomeStatus.iss[issRule(claims.iss, policy.issuer)],
    outcomeStatus.aud[audRule(claims.aud, policy.audience)],
    outcomeStatus.sub[subRule(claims.sub, policy.subject)],
    outcomeStatus.typ[typRule(header.typ, policy.typ)],
    outcomeStatus.required[requiredRule(claims, policy.requiredClaims)],
  ]
  let warnings = 0
  for (const status of statuses) {
    if (status === 'fail') return failed
    if (status === 'warn') warnings++
  }
  return { fails: false, warnings }
}

const failed = { fails: true, warnings: 0 } as const
