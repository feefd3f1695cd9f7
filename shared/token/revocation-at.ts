import type { TraceAt } from './trace-at'
import { appendChecks } from './verify/append-checks'
import type { Check } from './verify/check'
import { revocationListChecks, type RevocationListEvidence } from './verify/revocation-check'
import { statusListChecks, type StatusListEvidence } from './verify/status-check'

/**
 * The inspector's revocation phase: the lists, prepared once per list input (prepareStatusList,
 * prepareRevocationList: decode, verify with the token's key source, decompress), judged against
 * the token at one instant — the same checks, in the same order, as `signet verify --status-list
 * --revocations`. Synchronous and cheap, so the timeline cursor re-runs it on every move.
 */
export interface RevocationEvidence {
  statusList: StatusListEvidence | null
  revocationList: RevocationListEvidence | null
}

/**
 * `traced` (trace-at.ts) with the status list checks (draft-ietf-oauth-status-list-19 §8.3) and the
 * revocation list checks appended to the innermost layer and to the whole trace, whose verdict is
 * re-derived by appendChecks: an expired or forged token keeps its own reason whatever a list says.
 * @param at evaluation time, NumericDate seconds; `skew` seconds of tolerance
 */
export function revocationAt(traced: TraceAt, evidence: RevocationEvidence, at: number, skew: number): TraceAt {
  if (!evidence.statusList && !evidence.revocationList) return traced
  const claims = traced.view?.claims ?? null
  const added: Check[] = []
  if (evidence.statusList) added.push(...statusListChecks(claims, evidence.statusList, at, skew))
  if (evidence.revocationList) added.push(...revocationListChecks(claims, evidence.revocationList, at, skew))
  const layers = traced.layers.map((layer, i) =>
    i === traced.layers.length - 1 ? { checks: [...layer.checks, ...added] } : layer,
  )
  return {
    ...traced,
    trace: appendChecks(traced.trace, added),
    layers,
    inner: traced.inner ? appendChecks(traced.inner, added) : null,
  }
}
