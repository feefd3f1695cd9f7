import { randomUUID } from 'node:crypto'
import type { JWK } from 'jose'
import { stat } from 'node:fs/promises'
import type { BackupConflictChoice, BackupRestoreRecord, BackupRestoreResult } from '#shared/contract'
import { SignetError } from '#shared/errors'
import type { KeyRecord, Warning } from '#shared/managed-keys/types'
import { canonicalJson } from '../audit/entry'
import { requireConfirmation } from '../confirm'
import { depositSecret, discardQuietly, setMember } from '../managed-keys/custody'
import { withKeyLock } from '../managed-keys/lock'
import { materialFromJwk } from '../managed-keys/material'
import { announce, audit, withKeyUpdates } from '../managed-keys/repository'
import { auditPath, type BackupContext } from './create-backup'
import { checkBackupRecords } from './check-backup-records'
import { openBackup, summarize } from './envelope'
import { readBackupFile } from './files'
import type { BackupPayload } from './format'
import { planRestore, type PlannedKey } from './plan-restore'
import type { RecordPlan } from './plan-restore-records'

export interface BackupRestoreInput {
  /** a handle from dialog:open-backup (or, in the CLI, issued for its argument): never a path */
  file: string
  passphrase: string
  onConflict?: BackupConflictChoice | undefined
  choices?: Record<string, BackupConflictChoice> | undefined
  /** per record (policy, status list, revocation list, publish target), by BackupRestoreRecord.key */
  recordChoices?: Record<string, BackupConflictChoice> | undefined
  dryRun?: boolean | undefined
}

/**
 * Restores key sets and keys from a backup file, by the key manager's custody order: every secret
 * is written to the keychain and read back first, then all metadata is committed in one store write,
 * and only then are the secrets of overwritten keys deleted. A crash at any step leaves at worst
 * orphaned keychain entries (which reconciliation lists), never a record without its secret; a
 * failed commit removes the secrets it deposited.
 *
 * The file is the one main chose for `input.file` (an open-backup handle, spent by a real restore
 * that succeeds). Overwriting any key here needs the user's answer to main's own question
 * (context.confirm: a native message box in the app), asked before the lock is taken; the plan is
 * made again under the lock, and a restore that would now overwrite a key the user was not asked
 * about is refused (ERR_CONFLICT).
 */
export async function restoreBackup(context: BackupContext, input: BackupRestoreInput): Promise<BackupRestoreResult> {
  const dryRun = input.dryRun ?? false
  return context.fileHandles.redeem(input.file, 'open-backup', (path) => restoreFrom(context, path, input, dryRun), {
    spend: !dryRun,
  })
}

async function restoreFrom(
  context: BackupContext,
  path: string,
  input: BackupRestoreInput,
  dryRun: boolean,
): Promise<BackupRestoreResult> {
  const file = await readBackupFile(path)
  const { payload, envelope } = await openBackup(file.text, input.passphrase, path)
  const checked = await checkPayload(payload, path)
  checkBackupRecords(payload, path)
  const planOptions = () => ({
    onConflict: input.onConflict ?? 'skip',
    choices: input.choices ?? {},
    recordChoices: input.recordChoices ?? {},
    now: context.now(),
  })
  const confirmed = new Set<string>()
  if (!dryRun) {
    const preview = planRestore(context.store.read(), payload, planOptions())
    const replaced = preview.keys.flatMap((k) => k.replaces.map((old) => ({ old, by: k })))
    if (replaced.length) {
      await requireConfirmation(context.confirm, {
        action: 'backup.restore',
        title: 'Overwrite keys with the backup',
        message: `Restoring this backup replaces ${replaced.length} key${replaced.length === 1 ? '' : 's'} here.`,
        detail:
          replaced
            .map(({ old, by }) =>
              old.thumbprint === by.record?.thumbprint
                ? `"${old.kid}" (${old.state}) is replaced by its copy in the backup (state: ${by.report.state}).`
                : `"${old.kid}" (${old.state}) is replaced by a different key, "${by.report.kid}": its private key is deleted from the keychain.`,
            )
            .join('\n') + '\nThis cannot be undone.',
        confirmLabel: 'Overwrite',
      })
      for (const { old } of replaced) confirmed.add(old.id)
    }
  }

  const outcome = await withKeyLock(
    context.dataDir,
    { operation: 'backup.restore', doing: 'restoring a backup' },
    async () => {
      const options = planOptions()
      const now = options.now
      const plan = planRestore(context.store.read(), payload, options)
      if (dryRun) return { plan, deleteFailures: [] as string[] }
      const unasked = plan.keys.flatMap((k) => k.replaces).filter((old) => !confirmed.has(old.id))
      if (unasked.length) {
        throw new SignetError(
          'ERR_CONFLICT',
          `The keys here changed while you were confirming: restoring now would also replace ${unasked.map((k) => `"${k.kid}"`).join(', ')}. Nothing was restored; check again and retry.`,
        )
      }

      const toWrite = plan.keys.filter((k): k is PlannedKey & { record: KeyRecord } => k.record !== null)
      const deposited: string[] = []
      try {
        for (const planned of toWrite) {
          if (!planned.privateJwk) continue
          const material = checked.get(planned.report.kid)!
          let record = planned.record
          const secretFor = (r: KeyRecord) =>
            JSON.stringify({ ...material, kid: r.kid, alg: r.alg, use: 'sig', [setMember]: r.setId })
          // The keychain may still hold this account (the store was lost, the keychain was not): reuse
          // it only when it already holds this very key, never write over anything else.
          const existing = await context.keychain.get(record.id)
          if (existing !== null && existing !== secretFor(record) && !(await holdsSameKey(existing, record))) {
            record = { ...record, id: randomUUID() }
            planned.record = record
          }
          await depositSecret(context.keychain, record.id, secretFor(record))
          deposited.push(record.id)
        }
        const replaced = toWrite.flatMap((k) => k.replaces.map((r) => r.id))
        const created = new Map(plan.newSets.map((s) => [s.id, s]))
        context.store.update((current) => {
          const next = withKeyUpdates(
            {
              ...current,
              keySets: [...current.keySets, ...plan.newSets],
              keys: current.keys.filter((k) => !replaced.includes(k.id)),
            },
            toWrite.map((k) => k.record),
            now,
          )
          // A set brought back whole is restored as it was; only sets that were already here changed.
          // The other records were planned from this very store state, under this lock.
          return { ...next, keySets: next.keySets.map((s) => created.get(s.id) ?? s), ...plan.records.store }
        })
      } catch (error) {
        const left = []
        for (const account of deposited) if (!(await discardQuietly(context.keychain, account))) left.push(account)
        if (!(error instanceof SignetError)) throw error
        throw new SignetError(
          error.code,
          `${error.message} Nothing was restored${left.length ? `; ${left.length} keychain entr${left.length === 1 ? 'y' : 'ies'} written for it could not be removed again (signet keys reconcile lists them)` : ''}.`,
          error.location,
        )
      }
      const deleteFailures: string[] = []
      const kept = new Set(toWrite.map((k) => k.record.id))
      for (const old of toWrite.flatMap((k) => k.replaces)) {
        if (kept.has(old.id) || old.secret !== 'present') continue
        if (!(await discardQuietly(context.keychain, old.id))) deleteFailures.push(old.kid)
      }
      return { plan, deleteFailures }
    },
  )

  const { plan } = outcome
  const warnings: Warning[] = [...plan.warnings, ...(await unreachableTargets(plan.records))]
  for (const kid of outcome.deleteFailures) {
    warnings.push({
      code: 'WARN_RESTORE_ORPHAN',
      message: `The replaced key "${kid}" is out of the store, but its keychain entry could not be deleted; signet keys reconcile lists it.`,
    })
  }
  const keys = plan.keys.map((k) => ({ ...k.report, restoredKid: k.record?.kid ?? null }))
  const counts = {
    restored: keys.filter((k) => k.outcome === 'restored').length,
    overwritten: keys.filter((k) => k.outcome === 'overwritten').length,
    keptBoth: keys.filter((k) => k.outcome === 'kept-both').length,
    skipped: keys.filter((k) => k.outcome === 'skipped').length,
  }
  const result: BackupRestoreResult = {
    dryRun,
    path,
    summary: envelope.summary ?? summarize(payload),
    sets: plan.sets.map((s) => ({ name: s.set.name, outcome: s.outcome })),
    keys,
    counts,
    records: plan.records.reports,
    warnings,
  }
  if (dryRun) return result

  for (const key of keys) {
    if (key.outcome === 'skipped') continue
    await audit(
      context,
      {
        action: 'key.restore',
        subject: { set: key.set, kid: key.restoredKid! },
        details: { outcome: key.outcome, backupKid: key.kid, state: key.state, keyMaterial: key.secret },
      },
      warnings,
    )
  }
  await audit(
    context,
    {
      action: 'backup.restore',
      details: {
        file: auditPath(path),
        sha256: file.sha256,
        createdAt: payload.createdAt,
        setsCreated: result.sets.filter((s) => s.outcome === 'created').length,
        restored: counts.restored,
        overwritten: counts.overwritten,
        keptBoth: counts.keptBoth,
        skipped: counts.skipped,
        ...recordCounts(plan.records.reports),
        onConflict: input.onConflict ?? 'skip',
      },
    },
    warnings,
  )
  const changed = keys.filter((k) => k.restoredKid !== null).map((k) => k.restoredKid!)
  if (
    changed.length ||
    result.sets.some((s) => s.outcome === 'created') ||
    result.records.some((r) => r.outcome !== 'skipped' && r.outcome !== 'unchanged')
  )
    announce(context, 'backup.restore', null, changed)
  return result
}

/**
 * Before anything is planned: every private half must be a usable key (the key manager's own
 * checks, including a sign/verify round trip) and must be the key its metadata describes, so a
 * restore can only ever bring back working keys whose public JWKs are the recorded ones.
 * Returns the private key members by kid.
 */
async function checkPayload(payload: BackupPayload, where: string): Promise<Map<string, JWK>> {
  const setIds = new Set(payload.sets.map((s) => s.id))
  const kids = new Set<string>()
  const members = new Map<string, JWK>()
  for (const { metadata, privateJwk } of payload.keys) {
    const name = `key "${metadata.kid}"`
    if (!setIds.has(metadata.setId)) throw corrupt(where, `${name} belongs to a key set the backup does not contain`)
    if (kids.has(metadata.kid)) throw corrupt(where, `${name} appears twice`)
    kids.add(metadata.kid)
    if (!privateJwk) continue
    let material
    try {
      material = await materialFromJwk(privateJwk as JWK, metadata.alg)
    } catch (error) {
      throw corrupt(
        where,
        `the private half of ${name} is not a usable ${metadata.alg} key (${error instanceof SignetError ? error.message : 'invalid'})`,
      )
    }
    if (material.thumbprint !== metadata.thumbprint)
      throw corrupt(where, `the private half of ${name} is not the key its metadata describes (thumbprint mismatch)`)
    if (material.publicJwk && metadata.publicJwk) {
      const recorded = Object.fromEntries(Object.keys(material.publicJwk).map((m) => [m, metadata.publicJwk![m]]))
      if (canonicalJson(recorded) !== canonicalJson(material.publicJwk))
        throw corrupt(where, `the public JWK recorded for ${name} does not match its private half`)
    }
    members.set(metadata.kid, material.privateJwk)
  }
  return members
}

/**
 * Restored folder and git targets whose path does not exist on this machine: kept (the user may
 * create it, or edit the target), and said, because publishing to them fails until then.
 */
async function unreachableTargets(records: RecordPlan): Promise<Warning[]> {
  const warnings: Warning[] = []
  for (const { target, set } of records.targetsWritten) {
    if (target.config.kind === 'command') continue
    const path = target.config.kind === 'dir' ? target.config.root : target.config.repo
    if ((await stat(path).catch(() => null))?.isDirectory()) continue
    warnings.push({
      code: 'WARN_RESTORE_TARGET_MISSING',
      message: `The publish target "${target.name}" of set "${set}" points at ${path}, which is not a folder on this machine: publishing to it fails until it exists (or remove the target and add it again).`,
    })
  }
  return warnings
}

/** Per kind, how many records the restore brought in (restored, overwritten, kept both or merged): for the audit entry. */
function recordCounts(reports: readonly BackupRestoreRecord[]): Record<string, number> {
  const brought = (kind: BackupRestoreRecord['kind']) =>
    reports.filter((r) => r.kind === kind && r.outcome !== 'skipped' && r.outcome !== 'unchanged').length
  return {
    policies: brought('policy'),
    statusLists: brought('status-list'),
    revocationLists: brought('revocation-list'),
    publishTargets: brought('publish-target'),
  }
}

/** An existing keychain entry that holds the same key (by thumbprint) may be written over. */
async function holdsSameKey(existing: string, record: KeyRecord): Promise<boolean> {
  try {
    const material = await materialFromJwk(JSON.parse(existing) as JWK, record.alg)
    return material.thumbprint === record.thumbprint
  } catch {
    return false
  }
}

function corrupt(where: string, why: string): SignetError {
  return new SignetError('ERR_BACKUP_CORRUPT', `${where} is not a usable Signet backup: ${why}. Nothing was restored.`)
}
