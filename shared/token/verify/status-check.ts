import { isSignetError } from '../../errors'
import type { KeySource } from '../../key-material/types'
import type { Policy } from '../../validation-policy/policy'
import { decodeStatusList, type DecodedStatusList } from '../../status-list/decode'
import { statusKind, statusLabel } from '../../status-list/status-types'
import { readStatusReference, statusListJwtTyp, type StatusListReference } from '../../status-list/token'
import { isNumericDate } from '../../time/relative'
import type { JsonObject } from '../../encoding/json'
import { check, type Check } from './check'
import {
  listFreshnessCheck,
  listSignatureCheck,
  listTypCheck,
  verifyListToken,
  type ListTokenEvidence,
} from './list-token'
import { plural } from '../../text/plural'

/**
 * Checking a Referenced Token against a Status List Token (draft-ietf-oauth-status-list-19 §8.3,
 * "Validation Rules"). Two halves, like the token's own verification: prepareStatusList is async
 * and runs once (decode, verify the list's signature with the token's key source, decompress);
 * statusListChecks is synchronous and re-run at every evaluation time (the timeline cursor).
 */

export interface StatusListEvidence extends ListTokenEvidence {
  /** null when the list cannot be decoded; `listProblem` says why */
  list: DecodedStatusList | null
  listProblem: string | null
}

/** Decodes and verifies a Status List Token with the same key source as the token it judges. */
export async function prepareStatusList(
  token: string,
  source: KeySource | null,
  policy: Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>,
): Promise<StatusListEvidence> {
  const evidence = await verifyListToken(token, source, policy)
  if (!evidence.claims)
    return {
      ...evidence,
      list: null,
      listProblem: `the Status List Token could not be read: ${evidence.problem ?? 'it has no claims.'}`,
    }
  const statusList = evidence.claims.status_list
  if (typeof statusList !== 'object' || statusList === null || Array.isArray(statusList)) {
    return {
      ...evidence,
      list: null,
      listProblem: 'the token has no "status_list" object claim, so it is not a Status List Token (draft §5.1).',
    }
  }
  try {
    return { ...evidence, list: decodeStatusList(statusList as { bits: unknown; lst: unknown }), listProblem: null }
  } catch (error) {
    return {
      ...evidence,
      list: null,
      listProblem: isSignetError(error) ? `${error.code}: ${error.message}` : 'the list cannot be decoded.',
    }
  }
}

/**
 * The trace's status checks for a token with `claims` at `at` (NumericDate seconds), `skew`
 * seconds of tolerance: status-list-signature, status-list-typ, status-list-sub, status-list-fresh,
 * status-index and status. INVALID and SUSPENDED fail with their own messages naming the index,
 * application-specific values warn (Signet cannot know what they mean), reserved values fail. A
 * status never makes an expired token valid: the exp check still fails and leads the verdict.
 */
export function statusListChecks(
  claims: JsonObject | null,
  evidence: StatusListEvidence,
  at: number,
  skew: number,
): Check[] {
  const checks = [
    listSignatureCheck('status-list-signature', evidence, 'status list'),
    evidence.claims
      ? listTypCheck('status-list-typ', evidence.header, statusListJwtTyp, 'status list')
      : check('status-list-typ', 'skipped', 'The status list could not be read.'),
  ]
  let reference: StatusListReference | undefined
  try {
    reference = claims ? readStatusReference(claims) : undefined
  } catch (error) {
    const message = isSignetError(error) ? error.message : 'The token\'s "status" claim is malformed.'
    return [
      ...checks,
      subCheck(evidence, undefined),
      listFreshnessCheck('status-list-fresh', evidence.claims, at, skew, 'status list'),
      check('status-index', 'fail', message),
      check('status', 'fail', "The status cannot be looked up: the token's reference to the list is malformed."),
    ]
  }
  checks.push(
    subCheck(evidence, reference),
    listFreshnessCheck('status-list-fresh', evidence.claims, at, skew, 'status list'),
  )
  if (!reference) {
    const none = 'The token carries no "status": {"status_list": …} claim, so this status list says nothing about it.'
    return [
      ...checks,
      check('status-index', 'skipped', none),
      check('status', 'warn', `${none} Its revocation cannot be checked this way.`),
    ]
  }
  if (!evidence.list) {
    return [
      ...checks,
      check(
        'status-index',
        'fail',
        `Index ${reference.idx} cannot be looked up: ${evidence.listProblem ?? 'the list cannot be decoded.'}`,
        { idx: reference.idx },
      ),
      check('status', 'fail', `The status at index ${reference.idx} is unknown.`, { idx: reference.idx }),
    ]
  }
  const { list } = evidence
  if (reference.idx >= list.size) {
    const detail = { idx: reference.idx, size: list.size, bits: list.bits }
    return [
      ...checks,
      check(
        'status-index',
        'fail',
        `Index ${reference.idx} is out of bounds: the list holds ${list.size} entries (0–${list.size - 1}) of ${plural(list.bits, 'bit')}. The draft (§8.3) requires rejecting the token.`,
        detail,
      ),
      check('status', 'fail', `The status at index ${reference.idx} does not exist.`, detail),
    ]
  }
  checks.push(
    check(
      'status-index',
      'pass',
      `Index ${reference.idx} is within the list's ${list.size} entries of ${plural(list.bits, 'bit')}.`,
      { idx: reference.idx, size: list.size, bits: list.bits },
    ),
  )
  checks.push(statusCheck(list.packed.get(reference.idx), reference.idx, claims, at, skew))
  return checks
}

function subCheck(evidence: StatusListEvidence, reference: StatusListReference | undefined): Check {
  if (!evidence.claims) return check('status-list-sub', 'skipped', 'The status list could not be read.')
  const sub = evidence.claims.sub
  if (!reference)
    return check(
      'status-list-sub',
      'skipped',
      `The token names no status list uri to compare with the list's sub ${JSON.stringify(sub) ?? '(none)'}.`,
    )
  const detail = { sub: typeof sub === 'string' ? sub : null, uri: reference.uri }
  if (sub === reference.uri)
    return check(
      'status-list-sub',
      'pass',
      `The list's sub is "${reference.uri}", the uri the token refers to.`,
      detail,
    )
  return check(
    'status-list-sub',
    'fail',
    `The list's sub is ${JSON.stringify(sub) ?? 'missing'}, but the token refers to "${reference.uri}" (draft §8.3): this is another list, and its statuses say nothing about this token.`,
    detail,
  )
}

function statusCheck(value: number, idx: number, claims: JsonObject | null, at: number, skew: number): Check {
  const detail = { idx, status: value, label: statusLabel(value) }
  const exp = claims?.exp
  const expired = isNumericDate(exp) && at >= exp + skew
  const anyway = expired ? ' The token has expired anyway: no status makes it valid again.' : ''
  switch (statusKind(value)) {
    case 'valid':
      return check('status', 'pass', `The status at index ${idx} is VALID.${anyway}`, detail)
    case 'invalid':
      return check('status', 'fail', `The token is revoked: the status at index ${idx} is INVALID.`, detail)
    case 'suspended':
      return check(
        'status',
        'fail',
        `The token is suspended: the status at index ${idx} is SUSPENDED; it may be reinstated later, but it is not valid now.`,
        detail,
      )
    case 'application-specific':
      return check(
        'status',
        'warn',
        `The status at index ${idx} is ${statusLabel(value)}: its meaning is defined by the issuer's application, not the draft, so Signet cannot judge it.${anyway}`,
        detail,
      )
    case 'reserved':
      return check(
        'status',
        'fail',
        `The status at index ${idx} is ${statusLabel(value)}, a value no specification defines yet: it cannot be taken as VALID.`,
        detail,
      )
  }
}
