import { SignetError } from '#shared/errors'
import type { KeySet } from '#shared/managed-keys/types'
import { decodeStatusList } from '#shared/status-list/decode'
import type { ManagedStatusList, StatusListInfo } from '#shared/status-list/managed'
import type { PackedStatuses } from '#shared/status-list/packed'
import type { StoreData } from '../../adapters/store-schema'

/** Store helpers shared by the status-list services: find, unpack, describe. */

export function requireStatusList(data: StoreData, name: string): ManagedStatusList {
  const list = data.statusLists.find((l) => l.name === name)
  if (!list) {
    const known = data.statusLists.map((l) => l.name)
    throw new SignetError(
      'ERR_STATUS_LIST_NOT_FOUND',
      `There is no status list named "${name}".${known.length ? ` Known: ${known.join(', ')}.` : ' Create one with "signet status-list create".'}`,
    )
  }
  return list
}

export function setOfList(data: StoreData, list: ManagedStatusList): KeySet {
  const set = data.keySets.find((s) => s.id === list.setId)
  if (!set)
    throw new SignetError(
      'ERR_STATUS_LIST_INVALID',
      `Status list "${list.name}" belongs to a key set that no longer exists.`,
    )
  return set
}

/** The stored statuses, decoded against the list's own size (so length and padding are checked too). */
export function unpack(list: ManagedStatusList): PackedStatuses {
  return decodeStatusList({ bits: list.bits, lst: list.lst }, { size: list.size }).packed
}

export function listInfo(
  data: StoreData,
  list: ManagedStatusList,
  packed: PackedStatuses = unpack(list),
): StatusListInfo {
  return {
    name: list.name,
    set: setOfList(data, list).name,
    uri: list.uri,
    bits: list.bits,
    size: list.size,
    ttl: list.ttl,
    lifetime: list.lifetime,
    aggregationUri: list.aggregationUri,
    allocated: Object.keys(list.notes).length,
    counts: Object.fromEntries([...packed.counts()].sort(([a], [b]) => a - b).map(([v, n]) => [String(v), n])),
    revision: list.revision,
    lastExportAt: list.lastExport?.at ?? null,
    closedSince: list.restoredFromBackup?.backupCreatedAt ?? null,
  }
}

export function replaceList(data: StoreData, list: ManagedStatusList): StoreData {
  return { ...data, statusLists: data.statusLists.map((l) => (l.id === list.id ? list : l)) }
}
