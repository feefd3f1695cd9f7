import { isSignetError } from '../../errors'
import type { KeySource } from '../../key-material/types'
import type { Policy } from '../../validation-policy/policy'
import { parseRevocationsClaim, revocationListJwtTyp, type RevocationsClaim } from '../../revocation-list/format'
import { isNumericDate, numericDateToIso } from '../../time/relative'
import type { JsonObject } from '../../encoding/json'
import { check, type Check } from './check'
import {
  listFreshnessCheck,
  listSignatureCheck,
  listTypCheck,
  verifyListToken,
  type ListTokenEvidence,
} from './list-token'

/**
 * Checking a token against a Signet revocation list (shared/revocation-list/format.ts): the list
 * verified with the token's own key source, fresh at the evaluation time, then the token's jti,
 * sub and iat matched against its entries and cutoff. Async once (prepareRevocationList), then
 * synchronous at any instant (revocationListChecks), like the status list checks.
 */

export interface RevocationListEvidence extends ListTokenEvidence {
  revocations: RevocationsClaim | null
  formatProblem: string | null
}

export async function prepareRevocationList(
  token: string,
  source: KeySource | null,
  policy: Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>,
): Promise<RevocationListEvidence> {
  const evidence = await verifyListToken(token, source, policy)
  if (!evidence.claims)
    return {
      ...evidence,
      revocations: null,
      formatProblem: `the revocation list token could not be read: ${evidence.problem ?? 'it has no claims.'}`,
    }
  try {
    return { ...evidence, revocations: parseRevocationsClaim(evidence.claims.revocations), formatProblem: null }
  } catch (error) {
    return {
      ...evidence,
      revocations: null,
      formatProblem: isSignetError(error) ? error.message : 'the list is malformed.',
    }
  }
}

/**
 * revocation-list-signature (signature and typ), revocation-list-fresh and revoked, for a token
 * with `claims` at `at` (NumericDate seconds). An entry whose `until` has passed is ignored; a
 * cutoff rejects a token issued before it, and one without a usable iat (its age is unknown).
 */
export function revocationListChecks(
  claims: JsonObject | null,
  evidence: RevocationListEvidence,
  at: number,
  skew: number,
): Check[] {
  const signature = listSignatureCheck('revocation-list-signature', evidence, 'revocation list')
  const typ = evidence.claims
    ? listTypCheck('revocation-list-signature', evidence.header, revocationListJwtTyp, 'revocation list')
    : null
  const checks = [
    signature.status === 'pass' && typ?.status === 'fail' ? typ : signature,
    listFreshnessCheck('revocation-list-fresh', evidence.claims, at, skew, 'revocation list'),
  ]
  if (!evidence.revocations)
    return [
      ...checks,
      check(
        'revoked',
        'fail',
        `The token cannot be checked against the revocation list: ${evidence.formatProblem ?? 'it is malformed.'}`,
      ),
    ]
  if (!claims)
    return [...checks, check('revoked', 'fail', 'The token has no claims to look up in the revocation list.')]
  const { entries, not_before: cutoff } = evidence.revocations
  const jti = typeof claims.jti === 'string' ? claims.jti : undefined
  const sub = typeof claims.sub === 'string' ? claims.sub : undefined
  const live = entries.filter((entry) => entry.until === undefined || entry.until > at)
  const match = live.find(
    (entry) => (entry.jti !== undefined && entry.jti === jti) || (entry.sub !== undefined && entry.sub === sub),
  )
  if (match) {
    const by = match.jti !== undefined ? `jti ${JSON.stringify(match.jti)}` : `sub ${JSON.stringify(match.sub)}`
    return [
      ...checks,
      check(
        'revoked',
        'fail',
        `The token is revoked: the revocation list names its ${by}${match.reason ? ` (reason: ${match.reason})` : ''}.`,
        { ...(match.jti ? { jti: match.jti } : { sub: match.sub ?? null }), until: match.until ?? null },
      ),
    ]
  }
  if (cutoff !== undefined) {
    const iat = claims.iat
    if (!isNumericDate(iat))
      return [
        ...checks,
        check(
          'revoked',
          'fail',
          `The revocation list revokes every token issued before ${numericDateToIso(cutoff)}, and this token has no usable "iat" to show it is newer.`,
          { notBefore: cutoff },
        ),
      ]
    if (iat < cutoff)
      return [
        ...checks,
        check(
          'revoked',
          'fail',
          `The token is revoked: it was issued at ${numericDateToIso(iat)}, before the list's cutoff ${numericDateToIso(cutoff)}.`,
          { notBefore: cutoff, iat },
        ),
      ]
  }
  const scope = `${live.length} live entr${live.length === 1 ? 'y' : 'ies'}${cutoff !== undefined ? ` and a cutoff at ${numericDateToIso(cutoff)}` : ''}`
  return [
    ...checks,
    check('revoked', 'pass', `Not revoked: neither its jti nor its sub is among the list's ${scope}.`, {
      entries: live.length,
    }),
  ]
}
