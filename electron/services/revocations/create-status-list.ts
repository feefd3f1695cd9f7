import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { SignetError } from '#shared/errors'
import type { Warning } from '#shared/managed-keys/types'
import { encodeStatusList } from '#shared/status-list/encode'
import type { ManagedStatusList, StatusListInfo, statusListCreateInputSchema } from '#shared/status-list/managed'
import { PackedStatuses } from '#shared/status-list/packed'
import { checkStatusListTiming } from '#shared/status-list/list-timing'
import { withKeyLock } from '../managed-keys/lock'
import { audit, requireSet, type KeyContext } from '../managed-keys/repository'
import { listInfo } from './repository'

/**
 * Creates an empty (all VALID) status list for a key set, under the key manager's lock, and audits
 * it. Errors: ERR_SET_NOT_FOUND, ERR_STATUS_LIST_EXISTS, ERR_STATUS_LIST_INVALID (lifetime beyond
 * the set's maximum token lifetime).
 */
export async function createStatusList(
  context: KeyContext,
  input: z.output<typeof statusListCreateInputSchema>,
): Promise<{ list: StatusListInfo; warnings: Warning[] }> {
  const warnings: Warning[] = []
  const info = await withKeyLock(
    context.dataDir,
    { operation: 'status-list.create', doing: `creating status list ${input.name}`, set: input.set },
    async () => {
      const data = context.store.read()
      const set = requireSet(data, input.set)
      if (data.statusLists.some((l) => l.name === input.name))
        throw new SignetError(
          'ERR_STATUS_LIST_EXISTS',
          `A status list named "${input.name}" already exists; choose another name.`,
        )
      const lifetime = input.lifetime ?? Math.min(86_400, set.maxTokenLifetime)
      const ttl = input.ttl === undefined ? 3600 : input.ttl
      const check = checkStatusListTiming({ ttl, lifetime }, set)
      if (check.errors.length) throw new SignetError('ERR_STATUS_LIST_INVALID', check.errors[0]!.message)
      warnings.push(...check.warnings)
      const packed = new PackedStatuses(input.bits, input.size)
      const at = context.now().toISOString()
      const list: ManagedStatusList = {
        id: randomUUID(),
        setId: set.id,
        name: input.name,
        uri: input.uri,
        bits: input.bits,
        size: input.size,
        ttl,
        lifetime,
        aggregationUri: input.aggregationUri ?? null,
        lst: encodeStatusList(packed).lst,
        notes: {},
        revision: 0,
        createdAt: at,
        updatedAt: at,
        lastExport: null,
      }
      const next = context.store.update((d) => ({ ...d, statusLists: [...d.statusLists, list] }))
      return listInfo(next, list, packed)
    },
  )
  await audit(
    context,
    {
      action: 'status-list.create',
      subject: { set: info.set },
      details: { list: info.name, uri: info.uri.slice(0, 256), bits: info.bits, size: info.size },
    },
    warnings,
  )
  return { list: info, warnings }
}
