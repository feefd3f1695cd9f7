import type { StatusListContents } from '#shared/contract/revocations'
import type { KeyContext } from '../managed-keys/repository'
import { listInfo, requireStatusList } from './repository'

/**
 * A managed list's whole contents for the app's own window: usage, the compressed statuses (`lst`,
 * draft-ietf-oauth-status-list-19 §4.1) and every local note. Read-only; no lock needed, as the
 * store is read in one snapshot. Errors: ERR_STATUS_LIST_NOT_FOUND.
 */
export function statusListContents(context: Pick<KeyContext, 'store'>, name: string): StatusListContents {
  const data = context.store.read()
  const list = requireStatusList(data, name)
  return { list: listInfo(data, list), lst: list.lst, notes: list.notes }
}
