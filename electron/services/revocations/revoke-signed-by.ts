import type { z } from 'zod'
import type { RevokeSignedByResult, revokeSignedByInputSchema } from '#shared/contract/revocations'
import { formatListCounts } from '#shared/status-list/audit-details'
import { encodeStatusList } from '#shared/status-list/encode'
import type { ManagedStatusList } from '#shared/status-list/managed'
import { statusInvalid } from '#shared/status-list/status-types'
import type { StoreData } from '../../adapters/store-schema'
import { withKeyLock } from '../managed-keys/lock'
import { audit, requireKey, type KeyContext } from '../managed-keys/repository'
import { replaceList, setOfList, unpack } from './repository'

/**
 * The Referenced Tokens a (compromised) key signed that are still live: every index, in the key
 * set's status lists, whose local note records that kid and whose token exp is in the future (or
 * unknown) — the draft's INVALID (draft-ietf-oauth-status-list-19 §7.1) is how they are recalled.
 * With `dryRun` it only counts; otherwise it sets them INVALID, all lists in one commit under the
 * key manager's lock, the reason in each note, and one audit entry. Notes written before the signer
 * was recorded cannot be attributed: they are counted as `unknownSigner`, never touched.
 * Errors: ERR_KEY_NOT_FOUND.
 */
export async function revokeSignedBy(
  context: KeyContext,
  input: z.output<typeof revokeSignedByInputSchema>,
): Promise<RevokeSignedByResult> {
  const survey = (data: StoreData) => {
    const key = requireKey(data, input.kid)
    const lists = data.statusLists.filter((list) => list.setId === key.setId)
    const nowSeconds = Math.floor(context.now().getTime() / 1000)
    return { key, lists: lists.map((list) => ({ list, ...matching(list, input.kid, nowSeconds) })) }
  }
  if (input.dryRun) return summary(survey(context.store.read()).lists, false)
  const outcome = await withKeyLock(
    context.dataDir,
    { operation: 'status-list.revoke-signed-by', doing: `revoking the tokens key ${input.kid} signed` },
    async () => {
      const data = context.store.read()
      const found = survey(data)
      const at = context.now().toISOString()
      const reason = input.reason ?? `signing key ${input.kid} compromised`
      let next = data
      const changed: { list: string; indexes: number[] }[] = []
      for (const entry of found.lists) {
        const packed = unpack(entry.list)
        const indexes = entry.live.filter((idx) => packed.get(idx) !== statusInvalid)
        if (indexes.length === 0) continue
        const notes = { ...entry.list.notes }
        for (const idx of indexes) {
          packed.set(idx, statusInvalid)
          notes[String(idx)] = { ...notes[String(idx)]!, reason: reason.slice(0, 500) }
        }
        next = replaceList(next, {
          ...entry.list,
          lst: encodeStatusList(packed).lst,
          notes,
          revision: entry.list.revision + 1,
          updatedAt: at,
        })
        changed.push({ list: entry.list.name, indexes })
      }
      if (changed.length > 0) context.store.update(() => next)
      return { found, changed, set: found.lists[0] ? setOfList(data, found.lists[0].list).name : null }
    },
  )
  const result = summary(outcome.found.lists, true, outcome.changed)
  if (result.revoked > 0) {
    await audit(
      context,
      {
        action: 'status-list.revoke-signed-by',
        subject: { set: outcome.set ?? '', kid: input.kid },
        details: {
          revoked: result.revoked,
          lists: formatListCounts(outcome.changed.map((c) => ({ list: c.list, count: c.indexes.length }))),
          unknownSigner: result.unknownSigner,
          reason: input.reason?.slice(0, 200) ?? null,
        },
      },
      [],
    )
  }
  return result
}

/** Indexes whose note names `kid` and whose token may still be live; notes with no signer recorded. */
function matching(
  list: ManagedStatusList,
  kid: string,
  nowSeconds: number,
): { live: number[]; expired: number; unknown: number } {
  const live: number[] = []
  let expired = 0
  let unknown = 0
  for (const [key, note] of Object.entries(list.notes)) {
    if (note.kid === undefined || note.kid === null) {
      unknown++
      continue
    }
    if (note.kid !== kid) continue
    // An unknown exp may still be live: counted with the live ones, as revoking it is the safe side.
    if (note.exp !== null && note.exp <= nowSeconds) expired++
    else live.push(Number(key))
  }
  return { live, expired, unknown }
}

function summary(
  lists: { list: ManagedStatusList; live: number[]; expired: number; unknown: number }[],
  applied: boolean,
  changed: { list: string; indexes: number[] }[] = [],
): RevokeSignedByResult {
  const invalidNow = (entry: { list: ManagedStatusList; live: number[] }) => {
    const packed = unpack(entry.list)
    return entry.live.filter((idx) => packed.get(idx) === statusInvalid).length
  }
  return {
    applied,
    live: lists.reduce((n, e) => n + e.live.length, 0),
    alreadyInvalid: applied
      ? lists.reduce((n, e) => n + e.live.length, 0) - changed.reduce((n, c) => n + c.indexes.length, 0)
      : lists.reduce((n, e) => n + invalidNow(e), 0),
    revoked: changed.reduce((n, c) => n + c.indexes.length, 0),
    expired: lists.reduce((n, e) => n + e.expired, 0),
    unknownSigner: lists.reduce((n, e) => n + e.unknown, 0),
    lists: lists.filter((e) => e.live.length > 0).map((e) => ({ name: e.list.name, live: e.live.length })),
  }
}
