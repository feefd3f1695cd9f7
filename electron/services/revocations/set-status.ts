import type { z } from 'zod'
import { SignetError } from '#shared/errors'
import type { Warning } from '#shared/managed-keys/types'
import { formatStatusChanges } from '#shared/status-list/audit-details'
import { encodeStatusList } from '#shared/status-list/encode'
import type { StatusChange, StatusListSetResult, statusListSetInputSchema } from '#shared/status-list/managed'
import { maxStatus, statusKind } from '#shared/status-list/status-types'
import { withKeyLock } from '../managed-keys/lock'
import { audit, type KeyContext } from '../managed-keys/repository'
import { listInfo, replaceList, requireStatusList, setOfList, unpack } from './repository'
import { plural } from '#shared/text/plural'

/** The most indexes one change may address (a range of a whole 2^24 list included). */
const maxAddressed = 1 << 24
/** Changes listed one by one in the audit entry; beyond this only the count is recorded. */
const auditedIndexes = 50

/**
 * Sets the status of one index, a list, ranges, or every allocated index whose note matches a jti
 * or sub — all in one commit under the key manager's lock, so a crash leaves either the old list or
 * the new one. The reason goes into each touched index's local note.
 * Errors: ERR_STATUS_LIST_NOT_FOUND, ERR_STATUS_LIST_VALUE (reserved or too wide for the list's
 * bits), ERR_STATUS_LIST_INDEX (outside the list), ERR_STATUS_LIST_INVALID (nothing addressed).
 */
export async function setStatuses(
  context: KeyContext,
  input: z.output<typeof statusListSetInputSchema>,
): Promise<StatusListSetResult & { warnings: Warning[] }> {
  const warnings: Warning[] = []
  const result = await withKeyLock(
    context.dataDir,
    { operation: 'status-list.set', doing: `changing statuses in status list ${input.name}` },
    async () => {
      const data = context.store.read()
      const list = requireStatusList(data, input.name)
      if (input.status > maxStatus(list.bits)) {
        throw new SignetError(
          'ERR_STATUS_LIST_VALUE',
          `Status ${input.status} does not fit list "${list.name}" (${plural(list.bits, 'bit')} per entry: 0–${maxStatus(list.bits)}).`,
        )
      }
      if (statusKind(input.status) === 'reserved') {
        throw new SignetError(
          'ERR_STATUS_LIST_VALUE',
          `Status 0x${input.status.toString(16)} is reserved (draft-ietf-oauth-status-list §7.1); use valid, invalid, suspended, 3 or 12–15.`,
        )
      }
      const indexes = addressed(input, list.notes, list.size)
      if (indexes.size === 0)
        throw new SignetError(
          'ERR_STATUS_LIST_INVALID',
          "The change addresses no index: give indexes, ranges, or a jti/sub that some allocated index's note matches.",
        )
      const packed = unpack(list)
      const changed: StatusChange[] = []
      const notes = { ...list.notes }
      const at = context.now().toISOString()
      for (const idx of indexes) {
        const from = packed.get(idx)
        const key = String(idx)
        if (input.reason !== undefined && notes[key]) notes[key] = { ...notes[key], reason: input.reason }
        if (from === input.status) continue
        packed.set(idx, input.status)
        changed.push({ idx, from, to: input.status })
      }
      const updated = { ...list, lst: encodeStatusList(packed).lst, notes, revision: list.revision + 1, updatedAt: at }
      const next =
        changed.length > 0 || input.reason !== undefined ? context.store.update((d) => replaceList(d, updated)) : data
      return {
        list: listInfo(next, changed.length > 0 || input.reason !== undefined ? updated : list, packed),
        changed,
        unchanged: indexes.size - changed.length,
        set: setOfList(data, list).name,
      }
    },
  )
  if (result.changed.length > 0) {
    await audit(
      context,
      {
        action: 'status-list.set',
        subject: { set: result.set },
        details: {
          list: input.name,
          status: input.status,
          changed: result.changed.length,
          indexes: formatStatusChanges(result.changed.slice(0, auditedIndexes)),
          reason: input.reason?.slice(0, 200) ?? null,
        },
      },
      warnings,
    )
  }
  return { list: result.list, changed: result.changed, unchanged: result.unchanged, warnings }
}

function addressed(
  input: z.output<typeof statusListSetInputSchema>,
  notes: Record<string, { jti: string | null; sub: string | null }>,
  size: number,
): Set<number> {
  const out = new Set<number>()
  const add = (idx: number) => {
    if (idx >= size) throw new SignetError('ERR_STATUS_LIST_INDEX', `Index ${idx} is outside the list (0–${size - 1}).`)
    out.add(idx)
  }
  for (const idx of input.indexes ?? []) add(idx)
  for (const [from, to] of input.ranges ?? []) {
    if (to < from) throw new SignetError('ERR_STATUS_LIST_INDEX', `The range ${from}-${to} runs backwards.`)
    if (to - from + 1 + out.size > maxAddressed)
      throw new SignetError('ERR_STATUS_LIST_INDEX', `One change may address at most ${maxAddressed} indexes.`)
    for (let idx = from; idx <= to; idx++) add(idx)
  }
  if (input.matching) {
    const { jti, sub } = input.matching
    for (const [key, note] of Object.entries(notes)) {
      if ((jti !== undefined && note.jti === jti) || (sub !== undefined && note.sub === sub)) out.add(Number(key))
    }
  }
  return out
}
