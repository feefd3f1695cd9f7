import type { Warning } from '#shared/managed-keys/types'
import { decodeStatusList } from '#shared/status-list/decode'
import type { StatusChange, StatusListExportResult } from '#shared/status-list/managed'
import type { PackedStatuses } from '#shared/status-list/packed'
import { statusListJwtTyp } from '#shared/status-list/token'
import { withKeyLock } from '../managed-keys/lock'
import { audit, type KeyContext } from '../managed-keys/repository'
import { signToken } from '../managed-keys/sign-token'
import { replaceList, requireStatusList, setOfList, unpack } from './repository'

/** Changes listed in the result; a bigger diff is summarised by its count in the audit entry. */
const maxDiff = 10_000

/**
 * What changed since the last export: every index whose status differs (draft-ietf-oauth-status-list
 * has no diff format; this is Signet's review step before a new list goes out).
 */
export function diffStatuses(previous: PackedStatuses | null, current: PackedStatuses): StatusChange[] {
  const changes: StatusChange[] = []
  for (let byte = 0; byte < current.bytes.length && changes.length < maxDiff; byte++) {
    if ((previous?.bytes[byte] ?? 0) === current.bytes[byte]) continue
    const perByte = 8 / current.bits
    for (let slot = 0; slot < perByte; slot++) {
      const idx = byte * perByte + slot
      if (idx >= current.size) break
      const from = previous ? previous.get(idx) : 0
      const to = current.get(idx)
      if (from !== to) changes.push({ idx, from, to })
    }
  }
  return changes
}

/** The pending diff of a managed list against its last export, without signing anything. */
export function pendingDiff(context: Pick<KeyContext, 'store'>, name: string): StatusChange[] {
  const list = requireStatusList(context.store.read(), name)
  const previous = list.lastExport
    ? decodeStatusList({ bits: list.bits, lst: list.lastExport.lst }, { size: list.size }).packed
    : null
  return diffStatuses(previous, unpack(list))
}

/**
 * Signs the list as a Status List Token (draft-ietf-oauth-status-list-19 §5.1): header typ
 * "statuslist+jwt" and kid, claims sub (the list's uri), iat, exp (iat + the list's lifetime), ttl,
 * status_list {bits, lst, aggregation_uri}, with the set's active key through the signing service.
 * An HMAC key signs only with a warning: §5.1 says Relying Parties must reject MAC-protected lists
 * in JWT form, so such a token suits only a closed deployment.
 */
export async function exportStatusList(context: KeyContext, name: string): Promise<StatusListExportResult> {
  const data = context.store.read()
  const list = requireStatusList(data, name)
  const set = setOfList(data, list)
  const diff = pendingDiff(context, name)
  const statusList: Record<string, unknown> = { bits: list.bits, lst: list.lst }
  if (list.aggregationUri !== null) statusList.aggregation_uri = list.aggregationUri
  const claims: Record<string, unknown> = { sub: list.uri, status_list: statusList }
  if (list.ttl !== null) claims.ttl = list.ttl
  const signed = await signToken(context, {
    set: set.name,
    claims,
    expiresIn: list.lifetime,
    typ: statusListJwtTyp,
    jti: false,
  })
  const warnings: Warning[] = [...signed.warnings]
  if (signed.alg.startsWith('HS')) {
    warnings.push({
      code: 'WARN_STATUS_LIST_MAC',
      message: `Signed with ${signed.alg}, a MAC: the Token Status List draft requires an asymmetric signature, and conforming Relying Parties reject this list. Use an ES, RS, PS or EdDSA key for lists anyone else verifies.`,
    })
  }
  const iat = signed.claims.iat as number
  const exp = (signed.claims.exp as number | undefined) ?? null
  await withKeyLock(
    context.dataDir,
    { operation: 'status-list.export', doing: `recording the export of status list ${name}` },
    async () => {
      const current = requireStatusList(context.store.read(), name)
      // The token itself is kept (it is public, signed, and what verifiers will see) so the inspector can check tokens against it.
      const lastExport = {
        at: context.now().toISOString(),
        iat,
        exp,
        lst: list.lst,
        kid: signed.kid,
        token: signed.token,
      }
      context.store.update((d) => replaceList(d, { ...current, lastExport }))
    },
  )
  await audit(
    context,
    {
      action: 'status-list.export',
      subject: { set: set.name, kid: signed.kid },
      details: { list: name, iat, exp, changed: diff.length },
    },
    warnings,
  )
  return { token: signed.token, kid: signed.kid, alg: signed.alg, diff, warnings }
}
