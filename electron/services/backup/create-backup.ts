import type { BackupCreateResult } from '#shared/contract'
import { SignetError } from '#shared/errors'
import type { Warning } from '#shared/managed-keys/types'
import { attackerGuessesPerSecond, estimatePassphraseStrength } from '#shared/passphrase/strength'
import type { ServiceContext } from '../context'
import { withdrawSecret } from '../managed-keys/custody'
import { withKeyLock } from '../managed-keys/lock'
import { audit } from '../managed-keys/repository'
import { sealBackup, summarize } from './envelope'
import { writeBackupFile } from './files'
import { backupFormat, backupFormatVersion, defaultIterations, type BackupKey, type BackupPayload } from './format'

export type BackupContext = Pick<
  ServiceContext,
  'dataDir' | 'version' | 'store' | 'keychain' | 'audit' | 'now' | 'events' | 'fileHandles' | 'confirm'
>

export interface BackupCreateInput {
  /** a handle from dialog:save-backup (or, in the CLI, issued for its --out argument): never a path */
  file: string
  passphrase: string
  allowWeakPassphrase?: boolean | undefined
  overwrite?: boolean | undefined
}

/**
 * Writes every key set and key (metadata and private halves, tombstones included so their kids stay
 * reserved), and every other store record a new machine needs (store-coverage.ts: saved policies,
 * status lists with their local notes, revocation lists, publish targets), to one
 * passphrase-encrypted file. The snapshot is taken under the key manager's lock,
 * so no rotation or import lands half in and half out of it.
 *
 * The file is the one main chose for `input.file` (a save-backup handle, spent by a successful
 * write): a forged, replayed, expired or open-backup handle is refused before any key is read.
 */
export async function createBackup(context: BackupContext, input: BackupCreateInput): Promise<BackupCreateResult> {
  return context.fileHandles.redeem(input.file, 'save-backup', (path) => writeBackup(context, path, input), {
    spend: true,
  })
}

async function writeBackup(
  context: BackupContext,
  path: string,
  input: BackupCreateInput,
): Promise<BackupCreateResult> {
  const names = context.store.read().keySets.map((s) => s.name)
  const strength = await estimatePassphraseStrength(input.passphrase, names)
  if (!strength.acceptable && !input.allowWeakPassphrase) {
    throw new SignetError(
      'ERR_BACKUP_WEAK_PASSPHRASE',
      `The passphrase is too weak for a file that holds every signing key: ${strength.warning ?? 'it is easy to guess.'} ` +
        `At ${attackerGuessesPerSecond.toLocaleString('en')} guesses a second it would fall in about ${strength.crackTime}. ` +
        'Choose a stronger one (four or more random words), or accept the risk explicitly (--allow-weak-passphrase). Nothing was written.',
    )
  }

  const warnings: Warning[] = []
  const snapshot = await withKeyLock(
    context.dataDir,
    { operation: 'backup.create', doing: 'writing a backup' },
    async () => {
      const data = context.store.read()
      const keys: BackupKey[] = []
      for (const key of data.keys) {
        let privateJwk: Record<string, unknown> | null = null
        if (key.secret === 'present') {
          try {
            privateJwk = { ...(await withdrawSecret(context.keychain, key)) }
          } catch (error) {
            // A key whose secret is gone or replaced is still worth its metadata; the user is told.
            if (
              !(error instanceof SignetError) ||
              (error.code !== 'ERR_KEY_SECRET_MISSING' && error.code !== 'ERR_KEY_CUSTODY_MISMATCH')
            )
              throw error
            warnings.push({
              code: 'WARN_BACKUP_SECRET_MISSING',
              message: `The private half of "${key.kid}" could not be read from the keychain (${error.code}); the backup holds its metadata only.`,
            })
          }
        }
        keys.push({ metadata: key, privateJwk })
      }
      return {
        sets: data.keySets,
        keys,
        policies: data.policies,
        statusLists: data.statusLists,
        revocationLists: data.revocationLists,
        publishTargets: data.publishTargets,
      }
    },
  )
  if (snapshot.sets.length === 0 && snapshot.keys.length === 0 && snapshot.policies.length === 0) {
    throw new SignetError(
      'ERR_BACKUP_EMPTY',
      'There is nothing to back up: there are no key sets, keys or saved policies in this data directory. Nothing was written.',
    )
  }

  const payload: BackupPayload = {
    format: backupFormat,
    version: backupFormatVersion,
    createdAt: context.now().toISOString(),
    app: context.version,
    ...snapshot,
  }
  const sealed = await sealBackup(payload, input.passphrase, { iterations: defaultIterations })
  const written = await writeBackupFile(path, `${sealed}\n`, { overwrite: input.overwrite ?? false })
  const summary = summarize(payload)
  const secrets = summary.secrets

  await audit(
    context,
    {
      action: 'backup.create',
      details: {
        file: auditPath(path),
        sha256: written.sha256,
        sets: summary.sets,
        keys: summary.keys,
        keyMaterial: secrets,
        policies: payload.policies.length,
        statusLists: payload.statusLists.length,
        revocationLists: payload.revocationLists.length,
        publishTargets: payload.publishTargets.length,
        p2c: defaultIterations,
        strength: strength.level,
        weakAccepted: !strength.acceptable,
      },
    },
    warnings,
  )
  return {
    path,
    bytes: written.bytes,
    sha256: written.sha256,
    p2c: defaultIterations,
    summary,
    strength: strength.level,
    warnings,
  }
}

/** Audit details are bounded; the end of a very long path is the part that names the file. */
export function auditPath(path: string): string {
  return path.length <= 1000 ? path : `…${path.slice(-999)}`
}
