import type { AuditChainStatus, AuditProblem } from '#shared/contract'
import type { ServiceContext } from '../context'

/**
 * The chain and its anchor cannot show that BOTH were deleted: an absent log with no anchor looks
 * like a new data directory. The store can: every key set and key Signet holds was created through
 * an action it audited, and each key carries its own history. So an empty log beside a store with
 * sets or keys is reported as tampering, not as "no entries yet".
 *
 * Returns the log's status with that problem added; unchanged when the log has entries or the store
 * is empty or unreadable (an unreadable store is reported by the store's own error).
 */
export async function verifyAuditWithStore(
  context: Pick<ServiceContext, 'audit' | 'store'>,
): Promise<AuditChainStatus> {
  const status = await context.audit.verify()
  if (status.entries > 0) return status
  let sets: number
  let keys: number
  let events: number
  try {
    const data = context.store.read()
    sets = data.keySets.length
    keys = data.keys.length
    events = data.keys.reduce((sum, key) => sum + key.history.length, 0)
  } catch {
    return status
  }
  if (sets === 0 && keys === 0) return status
  const problem: AuditProblem = {
    kind: 'history-without-log',
    line: 1,
    seq: 0,
    message:
      `The audit log ${status.path} has no entries, but the store holds ${sets} key set${sets === 1 ? '' : 's'} and ${keys} key${keys === 1 ? '' : 's'} ` +
      `with ${events} recorded lifecycle event${events === 1 ? '' : 's'}, each of which Signet audited: the log and its anchor were deleted or replaced.`,
  }
  return {
    ...status,
    intact: false,
    firstProblem: problem,
    problemCount: status.problemCount + 1,
    problems: [problem, ...status.problems],
  }
}
