import { SignetError } from '#shared/errors'
import { maxRevocationListEntries } from '#shared/limits'
import { decodeStatusList } from '#shared/status-list/decode'
import type { BackupPayload } from './format'
import { plural } from '#shared/text/plural'

/**
 * The checks the schema cannot make on a backup's records besides keys (its content is untrusted
 * until these pass): every record belongs to a set the backup holds, names and ids are unique where
 * the store needs them to be, a status list's statuses decode to its own size and bit width and
 * its notes name indexes inside it, and a revocation list is within the list limit.
 *
 * @throws SignetError ERR_BACKUP_CORRUPT naming the record and what is wrong with it
 */
export function checkBackupRecords(payload: BackupPayload, where: string): void {
  const setIds = new Set(payload.sets.map((s) => s.id))
  const names = new Set<string>()
  const ids = new Set<string>()
  for (const list of payload.statusLists) {
    const name = `status list "${list.name}"`
    if (!setIds.has(list.setId)) throw corrupt(where, `${name} belongs to a key set the backup does not contain`)
    if (names.has(list.name) || ids.has(list.id)) throw corrupt(where, `${name} appears twice`)
    names.add(list.name)
    ids.add(list.id)
    try {
      decodeStatusList({ bits: list.bits, lst: list.lst }, { size: list.size })
    } catch (error) {
      throw corrupt(
        where,
        `the statuses of ${name} do not decode (${error instanceof SignetError ? error.message : 'invalid'})`,
      )
    }
    for (const idx of Object.keys(list.notes)) {
      if (!/^(0|[1-9]\d{0,9})$/.test(idx) || Number(idx) >= list.size)
        throw corrupt(where, `${name} has a note on index "${idx.slice(0, 20)}", which is not an index of the list`)
    }
  }
  const listedSets = new Set<string>()
  for (const list of payload.revocationLists) {
    if (!setIds.has(list.setId))
      throw corrupt(where, 'a revocation list belongs to a key set the backup does not contain')
    if (listedSets.has(list.setId)) throw corrupt(where, 'a key set has two revocation lists')
    listedSets.add(list.setId)
    if (list.entries.length > maxRevocationListEntries)
      throw new SignetError(
        'ERR_BACKUP_TOO_LARGE',
        `${where} holds a revocation list of ${plural(list.entries.length, 'entry', 'entries')}; a list holds at most ${plural(maxRevocationListEntries, 'entry', 'entries')}. Nothing was restored.`,
      )
  }
  const targets = new Set<string>()
  const targetIds = new Set<string>()
  for (const target of payload.publishTargets) {
    const name = `publish target "${target.name}"`
    if (!setIds.has(target.setId)) throw corrupt(where, `${name} belongs to a key set the backup does not contain`)
    if (targets.has(`${target.setId}/${target.name}`) || targetIds.has(target.id))
      throw corrupt(where, `${name} appears twice`)
    targets.add(`${target.setId}/${target.name}`)
    targetIds.add(target.id)
  }
  const policies = new Set<string>()
  for (const policy of payload.policies) {
    if (policies.has(policy.name)) throw corrupt(where, `the policy "${policy.name.slice(0, 200)}" appears twice`)
    policies.add(policy.name)
  }
}

function corrupt(where: string, why: string): SignetError {
  return new SignetError('ERR_BACKUP_CORRUPT', `${where} is not a usable Signet backup: ${why}. Nothing was restored.`)
}
