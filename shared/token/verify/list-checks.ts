import type { JsonObject } from '../../encoding/json'
import { appendChecks } from './append-checks'
import type { Check, Trace } from './check'

/**
 * Applying a run's prepared revocation evidence (list-evidence.ts prepareListEvidence) to each
 * token's trace. Light on purpose: `signet scan` and `verify --tokens` load it always, the list
 * decoders only when a list is given.
 */

/** The lists' texts, as read (plain data: a scan worker receives them in its init message). */
export interface ListTexts {
  statusLists: string[]
  revocationLists: string[]
  /**
   * 'every-token' (default, the lists a user names): every list judges every token, as single
   * `signet verify` does. 'by-reference' (`scan --managed`, every list of the store): a status list
   * judges only the tokens whose status uri is its sub, a revocation list only the tokens whose
   * iss is its iss — another set's list says nothing about a token.
   */
  match?: 'every-token' | 'by-reference'
}

/** Every given list, verified once; `checks` gives a token's list checks, in `signet verify`'s order. */
export interface ListEvidence {
  /** @param at NumericDate seconds; @param skew seconds */
  checks(claims: JsonObject | null, at: number, skew: number): Check[]
}

/** The token's trace with its list checks appended (appendChecks); the trace itself when there is no evidence. */
export function withListChecks(
  trace: Trace,
  claims: JsonObject | null,
  evidence: ListEvidence | null,
  at: number,
  skew: number,
): Trace {
  if (!evidence) return trace
  const added = evidence.checks(claims, at, skew)
  return added.length === 0 ? trace : appendChecks(trace, added)
}

/**
 * A fast "valid" verdict (electron/services/verify-fast/verdict-fast.ts, which never sees a list)
 * judged against the lists: the verdict and reason the full trace would get once the list checks
 * are appended — the fast path answers only for a token whose full trace is valid with exactly
 * `reason` — or null when a list check fails, so the caller runs the full path for the trace and
 * its failed checks.
 */
export function fastValidWithLists(
  reason: string,
  claims: JsonObject,
  evidence: ListEvidence | null,
  at: number,
  skew: number,
): { reason: string } | null {
  if (!evidence) return { reason }
  const judged = withListChecks({ verdict: 'valid', reason, checks: [] }, claims, evidence, at, skew)
  return judged.verdict === 'valid' ? { reason: judged.reason } : null
}
