import type { StatusListLastToken } from '#shared/contract/revocations'
import type { KeyContext } from '../managed-keys/repository'
import { pendingDiff } from './export-status-list'
import { requireStatusList } from './repository'

/**
 * A managed list's last signed export — the Status List Token verifiers see once it is published —
 * for the inspector to check tokens against (draft-ietf-oauth-status-list-19 §8.3). Nothing is
 * signed here: checking must not change what "the last export" is. `token` is null when the list
 * was never exported, or was exported before Signet kept the token; `pending` counts the statuses
 * changed since, which that token does not show yet. Read-only, one store snapshot, no lock.
 * Errors: ERR_STATUS_LIST_NOT_FOUND.
 */
export function lastStatusListToken(context: Pick<KeyContext, 'store'>, name: string): StatusListLastToken {
  const list = requireStatusList(context.store.read(), name)
  const last = list.lastExport
  return {
    name: list.name,
    uri: list.uri,
    token: last?.token ?? null,
    exportedAt: last?.at ?? null,
    pending: pendingDiff(context, name).length,
  }
}
