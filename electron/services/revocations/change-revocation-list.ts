import type { ManagedRevocationList, RevocationChangeResult, RevocationTarget } from '#shared/revocation-list/managed'
import type { KeySet, Warning } from '#shared/managed-keys/types'
import { withKeyLock } from '../managed-keys/lock'
import { audit, requireSet, type KeyContext } from '../managed-keys/repository'
import {
  emptyRevocationList,
  pruned,
  replaceRevocationList,
  revocationListOf,
  revocationListView,
} from './revocation-list-repository'

/** Ids of pruned entries written into an audit entry; beyond this only the count is recorded. */
const auditedPrunedIds = 20

export interface RevocationEdit {
  list: ManagedRevocationList
  /** what the audit entry records beside the set and the pruning (identifiers and a bounded reason, never more) */
  details: Record<string, string | number | boolean | null>
}

/**
 * The one read-modify-write of a set's revocation list: under the key manager's lock, read the
 * store, drop entries whose `until` has passed, apply `edit`, commit in one atomic store write (so a
 * crash leaves the old list or the new one), then audit the change with the pruning it included.
 * `edit` throws a SignetError to refuse; nothing is written then. Errors: ERR_SET_NOT_FOUND,
 * ERR_CONFLICT (another process holds the lock), and whatever `edit` throws.
 */
export async function changeRevocationList(
  context: KeyContext,
  setRef: string,
  intent: { action: string; doing: string },
  edit: (list: ManagedRevocationList, set: KeySet, now: Date) => RevocationEdit,
): Promise<RevocationChangeResult> {
  const warnings: Warning[] = []
  const result = await withKeyLock(
    context.dataDir,
    { operation: intent.action, doing: intent.doing, set: setRef },
    async () => {
      const data = context.store.read()
      const set = requireSet(data, setRef)
      const now = context.now()
      const at = now.toISOString()
      const current = revocationListOf(data, set) ?? emptyRevocationList(set, at)
      const live = pruned(current, set, now)
      const droppedIds = current.entries.filter((e) => !live.list.entries.includes(e)).map((e) => `${e.by}:${e.id}`)
      const edited = edit(live.list, set, now)
      const list = { ...edited.list, revision: current.revision + 1, updatedAt: at }
      const next = context.store.update((d) => replaceRevocationList(d, list))
      return {
        set,
        list,
        details: edited.details,
        pruned: live.pruned,
        droppedIds,
        view: revocationListView(requireSet(next, set.id), list, now),
      }
    },
  )
  await audit(
    context,
    {
      action: intent.action,
      subject: { set: result.set.name },
      details: {
        ...result.details,
        entries: result.list.entries.length,
        pruned: result.pruned,
        ...(result.pruned ? { prunedIds: result.droppedIds.slice(0, auditedPrunedIds).join(',').slice(0, 1024) } : {}),
      },
    },
    warnings,
  )
  return { list: result.view, pruned: result.pruned, warnings }
}

/** The one entry an add or remove names: a token's jti, or a subject. */
export interface RevocationEntryRef {
  by: RevocationTarget
  id: string
}

/**
 * changeRevocationList for one entry named by `jti` or `sub` (the add/remove input schemas accept
 * exactly one of them): the lock's intent reads "<verb> jti <id>" with the id cut to 64 characters,
 * and `edit` gets the entry's `{ by, id }` first. Errors: as changeRevocationList.
 */
export function changeRevocationEntry(
  context: KeyContext,
  input: { set: string; jti?: string | undefined; sub?: string | undefined },
  intent: { action: string; verb: string },
  edit: (entry: RevocationEntryRef, list: ManagedRevocationList, set: KeySet, now: Date) => RevocationEdit,
): Promise<RevocationChangeResult> {
  const entry: RevocationEntryRef =
    input.jti !== undefined ? { by: 'jti', id: input.jti } : { by: 'sub', id: input.sub! }
  return changeRevocationList(
    context,
    input.set,
    { action: intent.action, doing: `${intent.verb} ${entry.by} ${entry.id.slice(0, 64)}` },
    (list, set, now) => edit(entry, list, set, now),
  )
}
