import type { z } from 'zod'
import type { StatusListGetResult, StatusListInfo, statusListGetInputSchema } from '#shared/status-list/managed'
import type { KeyContext } from '../managed-keys/repository'
import { listInfo, requireStatusList, unpack } from './repository'

/** The status and local note of one index. Errors: ERR_STATUS_LIST_NOT_FOUND, ERR_STATUS_LIST_INDEX. */
export function getStatus(
  context: Pick<KeyContext, 'store'>,
  input: z.output<typeof statusListGetInputSchema>,
): Promise<StatusListGetResult> {
  const list = requireStatusList(context.store.read(), input.name)
  const status = unpack(list).get(input.idx)
  const note = list.notes[String(input.idx)] ?? null
  return Promise.resolve({ idx: input.idx, status, allocated: note !== null, note })
}

/** Every managed list (optionally of one set), with usage and counts per status. */
export function listStatusLists(
  context: Pick<KeyContext, 'store'>,
  input: { set?: string } | undefined,
): Promise<{ lists: StatusListInfo[] }> {
  const data = context.store.read()
  const lists = data.statusLists
    .map((list) => listInfo(data, list))
    .filter((info) => input?.set === undefined || info.set === input.set)
  return Promise.resolve({ lists })
}
