import { randomInt } from 'node:crypto'
import type { z } from 'zod'
import { SignetError } from '#shared/errors'
import type { StatusListReference } from '#shared/status-list/token'
import { formatUtc } from '#shared/time/format-time'
import type { statusListAllocateInputSchema } from '#shared/status-list/managed'
import { withKeyLock } from '../managed-keys/lock'
import { audit, type KeyContext } from '../managed-keys/repository'
import { replaceList, requireStatusList, setOfList } from './repository'
import { formatCount } from '#shared/text/format-count'

/** Random probes before falling back to drawing from the explicit list of free indexes. */
const probes = 64

/**
 * Allocates an index for a new Referenced Token: chosen uniformly at random among the indexes never
 * allocated before (crypto.randomInt), so neighbouring indexes say nothing about issuance order or
 * volume (the draft's Privacy Considerations on correlation through indexes), and never
 * reused, so a revoked index cannot come back VALID for someone else. The note (jti, sub, exp, the
 * signing kid) stays local.
 * Errors: ERR_STATUS_LIST_NOT_FOUND, ERR_STATUS_LIST_FULL, ERR_STATUS_LIST_CLOSED (restored from a backup
 * onto a machine that did not have it: the indexes given out after the backup are unknown).
 */
export async function allocateStatusIndex(
  context: KeyContext,
  input: z.output<typeof statusListAllocateInputSchema>,
): Promise<StatusListReference> {
  const result = await withKeyLock(
    context.dataDir,
    { operation: 'status-list.allocate', doing: `allocating an index in status list ${input.name}` },
    async () => {
      const data = context.store.read()
      const list = requireStatusList(data, input.name)
      if (list.restoredFromBackup)
        throw new SignetError(
          'ERR_STATUS_LIST_CLOSED',
          `Status list "${list.name}" was restored from a backup made ${formatUtc(list.restoredFromBackup.backupCreatedAt)}; indexes given out after that are unknown on this machine, so it gives out no new ones (a repeated index would revoke or clear a live token with it). Its statuses can still change. Create a new list for new tokens: signet status-list create.`,
        )
      const idx = pickFree(list.size, list.notes, list.name)
      const note = {
        jti: input.jti,
        sub: input.sub,
        reason: null,
        allocatedAt: context.now().toISOString(),
        exp: input.exp ?? null,
        kid: input.kid ?? null,
      }
      const updated = {
        ...list,
        notes: { ...list.notes, [String(idx)]: note },
        revision: list.revision + 1,
        updatedAt: context.now().toISOString(),
      }
      context.store.update((d) => replaceList(d, updated))
      return { idx, uri: list.uri, set: setOfList(data, list).name }
    },
  )
  await audit(
    context,
    {
      action: 'status-list.allocate',
      subject: { set: result.set },
      details: { list: input.name, idx: result.idx, jti: input.jti, sub: input.sub, kid: input.kid ?? null },
    },
    [],
  )
  return { idx: result.idx, uri: result.uri }
}

function pickFree(size: number, notes: Record<string, unknown>, name: string): number {
  const used = Object.keys(notes).length
  if (used >= size)
    throw new SignetError(
      'ERR_STATUS_LIST_FULL',
      `Status list "${name}" has given out all ${formatCount(size)} indexes (indexes are never reused). Create a new list for new tokens.`,
    )
  for (let i = 0; i < probes; i++) {
    const idx = randomInt(size)
    if (!(String(idx) in notes)) return idx
  }
  // Nearly full: draw uniformly from the free ones instead of probing on.
  const free: number[] = []
  for (let idx = 0; idx < size; idx++) if (!(String(idx) in notes)) free.push(idx)
  return free[randomInt(free.length)]!
}
