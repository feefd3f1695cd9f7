import { diffRevocations, pruneRevocations, revocationsClaim } from '#shared/revocation-list/entries'
import type { ManagedRevocationList, RevocationListView } from '#shared/revocation-list/managed'
import type { KeySet } from '#shared/managed-keys/types'
import type { StoreData } from '../../adapters/store-schema'

/** Store helpers shared by the revocation-list services: find a set's list, prune it, describe it. */

export function emptyRevocationList(set: KeySet, at: string): ManagedRevocationList {
  return { setId: set.id, entries: [], notBefore: null, revision: 0, updatedAt: at, lastExport: null }
}

export function revocationListOf(data: StoreData, set: KeySet): ManagedRevocationList | null {
  return data.revocationLists.find((l) => l.setId === set.id) ?? null
}

/** The list with every entry whose `until` (plus the set's clock skew) has passed dropped, and how many were. */
export function pruned(
  list: ManagedRevocationList,
  set: KeySet,
  now: Date,
): { list: ManagedRevocationList; pruned: number } {
  const { kept, pruned: dropped } = pruneRevocations(list.entries, Math.floor(now.getTime() / 1000), set.clockSkew)
  return { list: dropped.length ? { ...list, entries: kept } : list, pruned: dropped.length }
}

export function replaceRevocationList(data: StoreData, list: ManagedRevocationList): StoreData {
  const others = data.revocationLists.filter((l) => l.setId !== list.setId)
  return { ...data, revocationLists: [...others, list] }
}

/** The list as shown, with what an export now would change (computed on the pruned list, as an export would sign it). */
export function revocationListView(set: KeySet, list: ManagedRevocationList | null, now: Date): RevocationListView {
  if (!list)
    return {
      set: set.name,
      entries: [],
      notBefore: null,
      revision: 0,
      updatedAt: null,
      lastExportAt: null,
      expired: 0,
      diff: [],
    }
  const live = pruned(list, set, now)
  return {
    set: set.name,
    entries: list.entries.map((entry) => ({ ...entry, expired: !live.list.entries.includes(entry) })),
    notBefore: list.notBefore,
    revision: list.revision,
    updatedAt: list.updatedAt,
    lastExportAt: list.lastExport?.at ?? null,
    expired: live.pruned,
    diff: diffRevocations(list.lastExport?.claim ?? null, revocationsClaim(live.list.entries, live.list.notBefore)),
  }
}
