import { randomUUID } from 'node:crypto'
import type { BackupConflictChoice, BackupRecordKind, BackupRestoreRecord } from '#shared/contract'
import type { KeyRecord, KeySet, Warning } from '#shared/managed-keys/types'
import { maxRevocationListEntries } from '#shared/limits'
import { targetNamePattern, type PublishTarget } from '#shared/publishing/targets'
import type { ManagedRevocationEntry, ManagedRevocationList } from '#shared/revocation-list/managed'
import { decodeStatusList } from '#shared/status-list/decode'
import { encodeStatusList } from '#shared/status-list/encode'
import { statusListNamePattern, type ManagedStatusList, type StatusNote } from '#shared/status-list/managed'
import { formatUtc } from '#shared/time/format-time'
import type { StoreData } from '../../adapters/store-schema'
import { canonicalJson } from '../audit/entry'
import type { BackupPayload } from './format'
import { plural } from '#shared/text/plural'
import { formatCount } from '#shared/text/format-count'

/**
 * What a restore does with the store records besides keys (saved policies, status lists,
 * revocation lists, publish targets), decided against the store as it is, like the keys' plan
 * (plan-restore.ts) and with the same choices per record: skip, overwrite, keep-both. The rules
 * that make them safe:
 *
 * - a status list's allocated indexes are never forgotten, so never given out twice: overwriting
 *   the same list keeps every index allocated here that the backup lacks (its status and note
 *   too); a different list here is never overwritten (its allocations would be lost), and two lists
 *   never publish to one uri (their indexes would collide at the verifier);
 * - a restore never withdraws a revocation: a set that already has a revocation list gets the
 *   backup's entries added (merged), the longer-lasting one winning where both name a token;
 * - a target's "first published" times and a note's signing kid follow the key they describe: a
 *   key restored under a new kid (keep-both) was never published under it, and a kid here that is
 *   a different key must not inherit the backup key's history.
 *
 * The records come out as the store's new arrays: the restore writes them in the same store
 * update as the keys, under the key manager's lock it planned under.
 */

export interface RecordPlan {
  reports: BackupRestoreRecord[]
  warnings: Warning[]
  store: Pick<StoreData, 'policies' | 'statusLists' | 'revocationLists' | 'publishTargets'>
  /** the publish targets this restore writes, as written, with their set's name */
  targetsWritten: { target: PublishTarget; set: string }[]
}

export interface RecordPlanInput {
  /** backup set id → the set it is (or becomes) here */
  setMap: ReadonlyMap<string, KeySet>
  /** the keys as they will be once the restore is carried out */
  keysAfter: readonly KeyRecord[]
  onConflict: BackupConflictChoice
  recordChoices: Record<string, BackupConflictChoice>
  now: Date
  newId?: () => string
}

export function planRecords(data: StoreData, payload: BackupPayload, input: RecordPlanInput): RecordPlan {
  const newId = input.newId ?? randomUUID
  const at = input.now.toISOString()
  const reports: BackupRestoreRecord[] = []
  const warnings: Warning[] = []
  const choose = (key: string) => input.recordChoices[key] ?? input.onConflict
  const kidHere = kidResolver(payload, input.keysAfter)
  const setOf = (backupSetId: string) => input.setMap.get(backupSetId)!
  // A list this machine does not have comes back without the indexes given out after the backup.
  const closeToAllocation = (list: ManagedStatusList): ManagedStatusList => ({
    ...list,
    restoredFromBackup: { backupCreatedAt: payload.createdAt, restoredAt: at },
  })

  const report = (
    kind: BackupRecordKind,
    key: string,
    name: string,
    set: string | null,
    items: number | null,
  ): BackupRestoreRecord => ({
    kind,
    key,
    name,
    set,
    outcome: 'restored',
    restoredName: name,
    conflict: null,
    items,
    note: null,
  })
  const skip = (r: BackupRestoreRecord, note: string | null = null) => {
    r.outcome = 'skipped'
    r.restoredName = null
    if (note) r.note = note
    reports.push(r)
  }

  // Saved policies: by name; the same document here is left alone.
  let policies = [...data.policies]
  for (const stored of payload.policies) {
    const r = report('policy', `policy:${stored.name}`, stored.name, null, null)
    const here = policies.find((p) => p.name === stored.name)
    if (!here) {
      policies.push(stored)
      reports.push(r)
      continue
    }
    if (canonicalJson(here.policy) === canonicalJson(stored.policy)) {
      r.outcome = 'unchanged'
      reports.push(r)
      continue
    }
    r.conflict = { kind: 'name-taken', name: here.name }
    const choice = choose(r.key)
    if (choice === 'skip') skip(r)
    else if (choice === 'overwrite') {
      policies = policies.map((p) => (p === here ? stored : p))
      r.outcome = 'overwritten'
      reports.push(r)
    } else {
      const name = freeName(
        stored.name,
        ' (restored)',
        ' (restored %)',
        policies.map((p) => p.name),
        200,
      )
      policies.push({ ...stored, name, policy: { ...stored.policy, name } })
      r.outcome = 'kept-both'
      r.restoredName = name
      reports.push(r)
    }
  }

  // Status lists: by id (the same list), name (global) and uri (where it is published).
  let statusLists = [...data.statusLists]
  for (const backupList of payload.statusLists) {
    const set = setOf(backupList.setId)
    const r = report(
      'status-list',
      `status-list:${backupList.name}`,
      backupList.name,
      set.name,
      Object.keys(backupList.notes).length,
    )
    const restored: ManagedStatusList = {
      ...backupList,
      setId: set.id,
      notes: remapNoteKids(backupList.notes, kidHere),
    }
    const sameList = statusLists.find((l) => l.id === backupList.id)
    if (sameList) {
      r.conflict = { kind: 'same-record', name: sameList.name }
      const choice = choose(r.key)
      if (choice === 'skip') skip(r)
      else if (choice === 'keep-both')
        skip(
          r,
          `This list is already managed here as "${sameList.name}"; two copies would give out the same indexes, so it was skipped.`,
        )
      else if (sameList.bits !== backupList.bits || sameList.size !== backupList.size)
        skip(
          r,
          `The list here has ${sameList.size} entries of ${sameList.bits} bit(s), the backup's ${backupList.size} of ${backupList.bits}: they cannot be merged, so it was skipped.`,
        )
      else {
        const merged = mergeStatusLists(sameList, restored, at)
        statusLists = statusLists.map((l) => (l === sameList ? merged.list : l))
        r.outcome = 'overwritten'
        r.restoredName = merged.list.name
        r.items = Object.keys(merged.list.notes).length
        if (merged.keptHere)
          r.note = `${merged.keptHere} index${merged.keptHere === 1 ? ' was' : 'es were'} allocated here after the backup was made: kept, with ${merged.keptHere === 1 ? 'its' : 'their'} status and note (indexes are never reused).`
        reports.push(r)
      }
      continue
    }
    const uriTaken = statusLists.find((l) => l.uri === backupList.uri)
    if (uriTaken) {
      r.conflict = { kind: 'uri-taken', name: uriTaken.name }
      skip(
        r,
        `The list "${uriTaken.name}" here already publishes to this uri; two lists at one uri would give out the same indexes, so it was skipped.`,
      )
      continue
    }
    const nameTaken = statusLists.find((l) => l.name === backupList.name)
    if (nameTaken) {
      r.conflict = { kind: 'name-taken', name: nameTaken.name }
      const choice = choose(r.key)
      if (choice === 'skip') skip(r)
      else if (choice === 'overwrite')
        skip(
          r,
          `"${nameTaken.name}" here is a different list with ${Object.keys(nameTaken.notes).length} allocated index(es); overwriting it would forget them, so it was skipped. Choose keep-both to restore it under a new name.`,
        )
      else {
        const name = freeName(
          backupList.name,
          '-restored',
          '-restored-%',
          statusLists.map((l) => l.name),
          63,
          (n) => statusListNamePattern.test(n),
        )
        statusLists.push(closeToAllocation({ ...restored, name }))
        r.note = restoredListNote(payload.createdAt)
        r.outcome = 'kept-both'
        r.restoredName = name
        reports.push(r)
      }
      continue
    }
    statusLists.push(closeToAllocation(restored))
    r.note = restoredListNote(payload.createdAt)
    reports.push(r)
  }

  // Revocation lists: one per set; merged into the set's list here, never replacing it.
  let revocationLists = [...data.revocationLists]
  for (const backupList of payload.revocationLists) {
    const set = setOf(backupList.setId)
    const r = report('revocation-list', `revocation-list:${set.name}`, set.name, set.name, backupList.entries.length)
    const here = revocationLists.find((l) => l.setId === set.id)
    if (!here) {
      revocationLists.push({ ...backupList, setId: set.id })
      reports.push(r)
      continue
    }
    const merged = mergeRevocationLists(here, backupList, at)
    if (merged === null) {
      r.outcome = 'unchanged'
      reports.push(r)
      continue
    }
    r.conflict = { kind: 'set-has-list', name: set.name }
    if (choose(r.key) === 'skip') {
      skip(r)
      continue
    }
    if (merged.entries.length > maxRevocationListEntries) {
      skip(
        r,
        `Merged with the list here it would hold ${plural(merged.entries.length, 'entry', 'entries')}, more than a revocation list may (${formatCount(maxRevocationListEntries)}); it was skipped.`,
      )
      continue
    }
    revocationLists = revocationLists.map((l) => (l === here ? merged : l))
    r.outcome = 'merged'
    r.items = merged.entries.length
    r.note = `Merged with the list here: ${merged.entries.length - here.entries.length} entr${merged.entries.length - here.entries.length === 1 ? 'y' : 'ies'} added; nothing here was withdrawn.`
    reports.push(r)
  }

  // Publish targets: by id (the same target) and by name within the set.
  let publishTargets = [...data.publishTargets]
  const targetsWritten: RecordPlan['targetsWritten'] = []
  for (const backupTarget of payload.publishTargets) {
    const set = setOf(backupTarget.setId)
    const firstPublished = Object.fromEntries(
      Object.entries(backupTarget.firstPublished).filter(([kid]) => kidHere(kid) === kid),
    )
    const dropped = Object.keys(backupTarget.firstPublished).length - Object.keys(firstPublished).length
    const restored: PublishTarget = { ...backupTarget, setId: set.id, firstPublished }
    const r = report(
      'publish-target',
      `publish-target:${set.name}/${backupTarget.name}`,
      backupTarget.name,
      set.name,
      Object.keys(firstPublished).length,
    )
    const notes: string[] = []
    if (dropped)
      notes.push(
        `${dropped} key(s) it published are not here under the same kid: their first-published times were left out, so they count as not yet published.`,
      )
    if (restored.config.kind === 'command')
      notes.push(`Publishing runs this command: ${restored.config.command.slice(0, 200)}`)
    const sameTarget = publishTargets.find((t) => t.id === backupTarget.id)
    const nameTaken = publishTargets.find((t) => t.setId === set.id && t.name === backupTarget.name)
    const conflicting = sameTarget ?? nameTaken
    if (!conflicting) {
      publishTargets.push(restored)
      targetsWritten.push({ target: restored, set: set.name })
      r.note = notes.join(' ') || null
      reports.push(r)
      continue
    }
    r.conflict = { kind: sameTarget ? 'same-record' : 'name-taken', name: conflicting.name }
    const choice = choose(r.key)
    if (choice === 'skip') skip(r)
    else if (choice === 'keep-both' && sameTarget)
      skip(r, `This target is already configured here as "${sameTarget.name}"; it was skipped.`)
    else if (choice === 'overwrite') {
      const replaced = unique([sameTarget, nameTaken])
      const others = publishTargets.filter((t) => !replaced.includes(t))
      const written = { ...restored, id: sameTarget ? restored.id : conflicting.id }
      publishTargets = [...others, written]
      targetsWritten.push({ target: written, set: set.name })
      r.outcome = 'overwritten'
      r.note = notes.join(' ') || null
      reports.push(r)
    } else {
      const taken = publishTargets.filter((t) => t.setId === set.id).map((t) => t.name)
      const name = freeName(backupTarget.name, '-restored', '-restored-%', taken, 64, (n) => targetNamePattern.test(n))
      const written = { ...restored, id: newId(), name }
      publishTargets.push(written)
      targetsWritten.push({ target: written, set: set.name })
      r.outcome = 'kept-both'
      r.restoredName = name
      r.note = notes.join(' ') || null
      reports.push(r)
    }
  }

  return { reports, warnings, store: { policies, statusLists, revocationLists, publishTargets }, targetsWritten }
}

/**
 * The kid under which the backup's key of `kid` lives once the restore is done (by thumbprint), or
 * null when it is not here (skipped, or its kid is now a different key's).
 */
function kidResolver(payload: BackupPayload, keysAfter: readonly KeyRecord[]): (kid: string) => string | null {
  const backupThumbprints = new Map(payload.keys.map((k) => [k.metadata.kid, k.metadata.thumbprint]))
  const kidByThumbprint = new Map(keysAfter.map((k) => [k.thumbprint, k.kid]))
  const kidsAfter = new Set(keysAfter.map((k) => k.kid))
  return (kid) => {
    const thumbprint = backupThumbprints.get(kid)
    if (thumbprint === undefined) return kidsAfter.has(kid) ? null : kid
    return kidByThumbprint.get(thumbprint) ?? null
  }
}

function remapNoteKids(
  notes: Record<string, StatusNote>,
  kidHere: (kid: string) => string | null,
): Record<string, StatusNote> {
  return Object.fromEntries(
    Object.entries(notes).map(([idx, note]) =>
      typeof note.kid === 'string' && kidHere(note.kid) !== note.kid
        ? [idx, { ...note, kid: kidHere(note.kid) }]
        : [idx, note],
    ),
  )
}

/** The backup's list, plus every index allocated here that it does not know (status and note kept). */
function mergeStatusLists(
  here: ManagedStatusList,
  backup: ManagedStatusList,
  at: string,
): { list: ManagedStatusList; keptHere: number } {
  const hereOnly = Object.keys(here.notes).filter((idx) => !(idx in backup.notes))
  const packed = decodeStatusList({ bits: backup.bits, lst: backup.lst }, { size: backup.size }).packed
  const herePacked = decodeStatusList({ bits: here.bits, lst: here.lst }, { size: here.size }).packed
  const notes = { ...backup.notes }
  for (const idx of hereOnly) {
    packed.set(Number(idx), herePacked.get(Number(idx)))
    notes[idx] = here.notes[idx]!
  }
  const lastExport =
    here.lastExport && (!backup.lastExport || here.lastExport.at > backup.lastExport.at)
      ? here.lastExport
      : backup.lastExport
  return {
    list: {
      ...backup,
      id: here.id,
      name: here.name,
      lst: encodeStatusList(packed).lst,
      notes,
      revision: Math.max(here.revision, backup.revision) + 1,
      updatedAt: at,
      lastExport,
    },
    keptHere: hereOnly.length,
  }
}

/**
 * The list here with the backup's entries added; null when that adds nothing. Where both name the
 * same token or subject, the entry that lasts longer wins (no `until` lasts forever); the later
 * cutoff wins.
 */
function mergeRevocationLists(
  here: ManagedRevocationList,
  backup: ManagedRevocationList,
  at: string,
): ManagedRevocationList | null {
  const key = (e: ManagedRevocationEntry) => `${e.by}\u0000${e.id}`
  const entries = new Map(here.entries.map((e) => [key(e), e]))
  let changed = false
  for (const entry of backup.entries) {
    const current = entries.get(key(entry))
    if (!current || (current.until !== null && (entry.until === null || entry.until > current.until))) {
      entries.set(key(entry), entry)
      changed = true
    }
  }
  const notBefore =
    here.notBefore === null
      ? backup.notBefore
      : backup.notBefore === null
        ? here.notBefore
        : Math.max(here.notBefore, backup.notBefore)
  if (notBefore !== here.notBefore) changed = true
  if (!changed) return null
  return { ...here, entries: [...entries.values()], notBefore, revision: here.revision + 1, updatedAt: at }
}

/** `name` + suffix (the first free one), cut to fit `max` characters and the name's own pattern. */
function freeName(
  name: string,
  first: string,
  more: string,
  taken: readonly string[],
  max: number,
  valid: (candidate: string) => boolean = () => true,
): string {
  const used = new Set(taken)
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? first : more.replace('%', String(n))
    const candidate = `${name.slice(0, max - suffix.length)}${suffix}`
    if (!used.has(candidate) && valid(candidate)) return candidate
  }
}

function unique<T>(items: (T | undefined)[]): T[] {
  return [...new Set(items.filter((item): item is T => item !== undefined))]
}

/** Why a list restored onto a machine that did not have it gives out no new indexes. */
function restoredListNote(backupCreatedAt: string): string {
  return `Indexes given out after the backup was made (${formatUtc(backupCreatedAt)}) are unknown here, so this list gives out no new ones: a repeat could revoke or clear a live token. Its statuses can still change and it still exports; create a new list for new tokens.`
}
