import type { z } from 'zod'
import type { StatusListUpdateResult, statusListUpdateInputSchema } from '#shared/contract/status-list-settings'
import { SignetError } from '#shared/errors'
import type { Warning } from '#shared/managed-keys/types'
import { checkStatusListTiming } from '#shared/status-list/list-timing'
import { withKeyLock } from '../managed-keys/lock'
import { audit, type KeyContext } from '../managed-keys/repository'
import { listInfo, replaceList, requireStatusList, setOfList } from './repository'

/**
 * Changes a managed list's token `ttl` and lifetime (draft-ietf-oauth-status-list §5.1), under the
 * key manager's lock, checked by the same rules as creation (shared/status-list/list-timing.ts),
 * and audited with the old and new values. Takes effect at the next export; the statuses, indexes
 * and notes are untouched.
 * Errors: ERR_STATUS_LIST_NOT_FOUND, ERR_STATUS_LIST_INVALID (a lifetime beyond the set's maximum).
 */
export async function updateStatusList(
  context: KeyContext,
  input: z.output<typeof statusListUpdateInputSchema>,
): Promise<StatusListUpdateResult> {
  const outcome = await withKeyLock(
    context.dataDir,
    { operation: 'status-list.update', doing: `updating status list ${input.name}` },
    async () => {
      const data = context.store.read()
      const list = requireStatusList(data, input.name)
      const set = setOfList(data, list)
      const timing = {
        ttl: input.ttl === undefined ? list.ttl : input.ttl,
        lifetime: input.lifetime ?? list.lifetime,
      }
      const check = checkStatusListTiming(timing, set)
      if (check.errors.length)
        throw new SignetError('ERR_STATUS_LIST_INVALID', `${check.errors[0]!.message} Nothing was changed.`)
      const changed: StatusListUpdateResult['changed'] = []
      if (timing.ttl !== list.ttl) changed.push({ field: 'ttl', from: list.ttl, to: timing.ttl })
      if (timing.lifetime !== list.lifetime)
        changed.push({ field: 'lifetime', from: list.lifetime, to: timing.lifetime })
      if (changed.length === 0) return { info: listInfo(data, list), changed, warnings: check.warnings, set: set.name }
      const updated = { ...list, ...timing, updatedAt: context.now().toISOString() }
      const next = context.store.update((d) => replaceList(d, updated))
      return { info: listInfo(next, updated), changed, warnings: check.warnings, set: set.name }
    },
  )
  const warnings: Warning[] = [...outcome.warnings]
  if (outcome.changed.length) {
    const of = (field: 'ttl' | 'lifetime') => outcome.changed.find((c) => c.field === field)
    await audit(
      context,
      {
        action: 'status-list.update',
        subject: { set: outcome.set },
        details: {
          list: input.name,
          ...(of('ttl') ? { ttlFrom: of('ttl')!.from, ttlTo: of('ttl')!.to } : {}),
          ...(of('lifetime') ? { lifetimeFrom: of('lifetime')!.from, lifetimeTo: of('lifetime')!.to } : {}),
        },
      },
      warnings,
    )
  }
  return { list: outcome.info, changed: outcome.changed, warnings }
}
