import { randomUUID } from 'node:crypto'
import type { BackupConflictChoice, BackupConflictKind, BackupRestoreKey } from '#shared/contract'
import { kidPattern, type KeyRecord, type KeySet, type Warning } from '#shared/managed-keys/types'
import type { StoreData } from '../../adapters/store-schema'
import type { BackupPayload } from './format'
import { planRecords, type RecordPlan } from './plan-restore-records'

/**
 * What a restore will do, decided against the store as it is now, before anything is written: the
 * same plan is shown by a dry run and carried out by a real restore.
 *
 * A backup key conflicts with a key here when it is the same key (same thumbprint), has a kid that
 * is taken, or has the same internal id. Per key, the user chooses:
 * - skip: the key here stays as it is;
 * - overwrite: the backup's key replaces every key it conflicts with (their secrets are deleted
 *   once the restored one is committed);
 * - keep-both: the backup's key is added under a new internal id and kid ("<kid>-restored"). Not
 *   possible for the same key: one key belongs to one set, once.
 *
 * Restored keys never take a keychain account that a key here uses, and a restored active key
 * becomes retired when its set already has an active key: one set signs with one key.
 */

export interface PlannedKey {
  report: BackupRestoreKey
  /** the record to commit; null when skipped */
  record: KeyRecord | null
  /** the private JWK members to deposit for `record`; null for tombstones and missing secrets */
  privateJwk: Record<string, unknown> | null
  /** records this key replaces (overwrite) */
  replaces: KeyRecord[]
}

export interface RestorePlan {
  sets: { set: KeySet; outcome: 'created' | 'existing' }[]
  /** sets to add to the store */
  newSets: KeySet[]
  keys: PlannedKey[]
  /** policies, status lists, revocation lists and publish targets (plan-restore-records.ts) */
  records: RecordPlan
  warnings: Warning[]
}

export function planRestore(
  data: StoreData,
  payload: BackupPayload,
  options: {
    onConflict: BackupConflictChoice
    choices: Record<string, BackupConflictChoice>
    /** per record, by BackupRestoreRecord.key */
    recordChoices?: Record<string, BackupConflictChoice>
    now: Date
    newId?: () => string
  },
): RestorePlan {
  const newId = options.newId ?? randomUUID
  const at = options.now.toISOString()
  const warnings: Warning[] = []

  const setMap = new Map<string, KeySet>()
  const sets: RestorePlan['sets'] = []
  const newSets: KeySet[] = []
  const setIds = new Set(data.keySets.map((s) => s.id))
  for (const backupSet of payload.sets) {
    const existing =
      data.keySets.find((s) => s.id === backupSet.id) ?? data.keySets.find((s) => s.name === backupSet.name)
    if (existing) {
      setMap.set(backupSet.id, existing)
      sets.push({ set: existing, outcome: 'existing' })
      continue
    }
    const created: KeySet = setIds.has(backupSet.id) ? { ...backupSet, id: newId() } : backupSet
    setIds.add(created.id)
    setMap.set(backupSet.id, created)
    newSets.push(created)
    sets.push({ set: created, outcome: 'created' })
  }

  // The keys as they will be once the plan is carried out, so later backup keys see earlier ones.
  let current: KeyRecord[] = [...data.keys]
  const planned: PlannedKey[] = []

  for (const { metadata, privateJwk } of payload.keys) {
    const set = setMap.get(metadata.setId)!
    const sameKey = current.find((k) => k.thumbprint === metadata.thumbprint)
    const kidTaken = current.find((k) => k.kid === metadata.kid)
    const sameId = current.find((k) => k.id === metadata.id)
    const first = sameKey ?? kidTaken ?? sameId
    const kind: BackupConflictKind | null = sameKey ? 'same-key' : kidTaken ? 'kid-taken' : sameId ? 'same-id' : null
    const conflict =
      first && kind ? { kind, kid: first.kid, set: setName(data, first.setId, setMap), state: first.state } : null
    const choice = conflict ? (options.choices[metadata.kid] ?? options.onConflict) : null
    const secretKnown = privateJwk !== null
    const report: BackupRestoreKey = {
      kid: metadata.kid,
      set: set.name,
      alg: metadata.alg,
      state: metadata.state,
      outcome: 'restored',
      restoredKid: metadata.kid,
      conflict,
      secret: secretKnown,
      note: null,
    }

    if (choice === 'skip' || (choice === 'keep-both' && kind === 'same-key')) {
      report.outcome = 'skipped'
      report.restoredKid = null
      if (choice === 'keep-both')
        report.note = `This key is already managed here as "${first!.kid}"; a key cannot be kept twice, so it was skipped.`
      planned.push({ report, record: null, privateJwk: null, replaces: [] })
      continue
    }

    const replaces = choice === 'overwrite' ? unique([sameKey, kidTaken, sameId]) : []
    const remaining = current.filter((k) => !replaces.includes(k))
    const taken = new Set(remaining.map((k) => k.id))
    let kid = metadata.kid
    if (choice === 'keep-both') {
      kid = freeKid(metadata.kid, remaining)
      report.outcome = 'kept-both'
      report.restoredKid = kid
    } else if (choice === 'overwrite') {
      report.outcome = 'overwritten'
      const others = replaces.filter((k) => k.thumbprint !== metadata.thumbprint)
      if (others.length) {
        warnings.push({
          code: 'WARN_RESTORE_REPLACED_KEY',
          message: `Restoring "${metadata.kid}" replaced a different key here (${others.map((k) => `"${k.kid}", ${k.state}`).join('; ')}); its private half was deleted. Tokens it signed no longer verify against this store.`,
        })
      }
    }

    // A fresh internal id whenever the backup's could collide: a keychain entry is never written over.
    const id = choice === null && !taken.has(metadata.id) ? metadata.id : newId()
    let record: KeyRecord = {
      ...metadata,
      id,
      kid,
      setId: set.id,
      publicJwk: metadata.publicJwk && kid !== metadata.kid ? { ...metadata.publicJwk, kid } : metadata.publicJwk,
    }
    if (!secretKnown && metadata.secret === 'present') {
      record = { ...record, secret: 'missing' }
      report.note =
        'Its private half was not in the backup (it was missing from the keychain when the backup was made): restored as a key without a secret.'
    }
    if (record.state === 'active') {
      const active = remaining.find((k) => k.setId === set.id && k.state === 'active')
      if (active) {
        record = {
          ...record,
          state: 'retired',
          history: [
            ...record.history,
            { state: 'retired', at, reason: `restored from a backup while "${active.kid}" was active` },
          ],
        }
        report.note = `Restored as retired: "${active.kid}" is the active key of set "${set.name}" here.`
        warnings.push({
          code: 'WARN_RESTORE_RETIRED',
          message: `"${kid}" was active in the backup; it was restored as retired because "${active.kid}" is active in set "${set.name}".`,
        })
      }
    }
    report.state = record.state
    current = [...remaining, record]
    planned.push({ report, record, privateJwk: secretKnown ? privateJwk : null, replaces })
  }
  const records = planRecords(data, payload, {
    setMap,
    keysAfter: current,
    onConflict: options.onConflict,
    recordChoices: options.recordChoices ?? {},
    now: options.now,
    newId,
  })
  return { sets, newSets, keys: planned, records, warnings: [...warnings, ...records.warnings] }
}

function freeKid(kid: string, keys: readonly KeyRecord[]): string {
  const used = new Set(keys.map((k) => k.kid))
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '-restored' : `-restored-${n}`
    const candidate = `${kid.slice(0, 128 - suffix.length)}${suffix}`
    if (!used.has(candidate) && kidPattern.test(candidate)) return candidate
  }
}

function setName(data: StoreData, setId: string, planned: Map<string, KeySet>): string {
  return (
    data.keySets.find((s) => s.id === setId)?.name ??
    [...planned.values()].find((s) => s.id === setId)?.name ??
    '(deleted set)'
  )
}

function unique(records: (KeyRecord | undefined)[]): KeyRecord[] {
  return [...new Set(records.filter((r): r is KeyRecord => r !== undefined))]
}
