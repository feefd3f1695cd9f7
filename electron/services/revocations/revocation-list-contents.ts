import type { RevocationListView } from '#shared/revocation-list/managed'
import { requireSet, type KeyContext } from '../managed-keys/repository'
import { revocationListOf, revocationListView } from './revocation-list-repository'

/**
 * A set's revocation list as stored, with how many entries have expired (dropped at the next change
 * or export) and the diff an export now would sign against the last one. Read-only: one store
 * snapshot, no lock. Errors: ERR_SET_NOT_FOUND.
 */
export function revocationListContents(context: Pick<KeyContext, 'store' | 'now'>, setRef: string): RevocationListView {
  const data = context.store.read()
  const set = requireSet(data, setRef)
  return revocationListView(set, revocationListOf(data, set), context.now())
}
