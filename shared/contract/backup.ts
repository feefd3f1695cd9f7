import { z } from 'zod'
import { channel, noInput } from './channel'

/** Backup files end in this; the native dialogs offer no other kind of file. */
export const backupFileExtension = '.signet-backup'
export const backupConflictChoices = ['skip', 'overwrite', 'keep-both'] as const
export type BackupConflictChoice = (typeof backupConflictChoices)[number]

/**
 * A file, as the page may name it: the one-time handle main's own dialog returned (dialog:save-backup,
 * dialog:open-backup), never a path. See electron/services/files/file-handles.ts.
 */
export const fileHandleSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'must be the handle a Signet file dialog returned (the page never names a path)')
const backupPassphraseSchema = z.string().min(1).max(1024)

export const backupCreateInputSchema = z
  .object({
    /** from dialog:save-backup */
    file: fileHandleSchema,
    passphrase: backupPassphraseSchema,
    /** write even though the passphrase is below the minimum strength */
    allowWeakPassphrase: z.boolean().optional(),
    /** replace an existing file (the save dialog has already asked the user) */
    overwrite: z.boolean().optional(),
  })
  .strict()
/** `file` from dialog:open-backup */
export const backupInspectInputSchema = z.object({ file: fileHandleSchema }).strict()
export const backupRestoreInputSchema = z
  .object({
    /** from dialog:open-backup */
    file: fileHandleSchema,
    passphrase: backupPassphraseSchema,
    /** what to do with a key that conflicts with one already here; default "skip" */
    onConflict: z.enum(backupConflictChoices).optional(),
    /** per-key choices by the kid in the backup, overriding onConflict */
    choices: z.record(z.string().min(1).max(128), z.enum(backupConflictChoices)).optional(),
    /** per-record choices (policies, status lists, revocation lists, publish targets) by BackupRestoreRecord.key */
    recordChoices: z.record(z.string().min(1).max(300), z.enum(backupConflictChoices)).optional(),
    /** decrypt and plan, change nothing: shows the conflicts so the user can choose per key */
    dryRun: z.boolean().optional(),
  })
  .strict()

/** The unencrypted (but integrity-protected) summary in a backup's JWE protected header. */
export interface BackupSummary {
  format: 'signet-backup'
  version: number
  createdAt: string
  /** the Signet version that wrote it */
  app: string
  sets: number
  keys: number
  /** keys whose private half is in the file */
  secrets: number
  /** absent in version-1 backups, which did not carry them */
  policies?: number | undefined
  statusLists?: number | undefined
  revocationLists?: number | undefined
  publishTargets?: number | undefined
}

export interface BackupCreateResult {
  path: string
  bytes: number
  /** SHA-256 of the file, hex: names this backup in the audit log */
  sha256: string
  /** PBKDF2 iterations protecting the passphrase */
  p2c: number
  summary: BackupSummary
  strength: 'weak' | 'fair' | 'good' | 'strong'
  warnings: { code: string; message: string }[]
}

export interface BackupInspection {
  path: string
  bytes: number
  sha256: string
  alg: string
  enc: string
  p2c: number
  /** null when the file is a JWE but not one Signet wrote */
  summary: BackupSummary | null
}

export type BackupConflictKind = 'same-key' | 'kid-taken' | 'same-id'

export interface BackupRestoreKey {
  /** the kid in the backup */
  kid: string
  set: string
  alg: string
  state: string
  /** what happened (or, in a dry run, would happen) to it */
  outcome: 'restored' | 'overwritten' | 'kept-both' | 'skipped'
  /** the kid it has here: a new one for "kept-both", null when skipped */
  restoredKid: string | null
  conflict: { kind: BackupConflictKind; kid: string; set: string; state: string } | null
  /** whether its private half was in the backup (tombstones and missing secrets have none) */
  secret: boolean
  note: string | null
}

/** The store records besides keys that a backup carries (from version 2 on). */
export const backupRecordKinds = ['policy', 'status-list', 'revocation-list', 'publish-target'] as const
export type BackupRecordKind = (typeof backupRecordKinds)[number]
/**
 * same-record: the very record (same internal id) is here; name-taken: another record here has its
 * name; uri-taken: another status list here publishes to its uri; set-has-list: its set here already
 * has a revocation list.
 */
export type BackupRecordConflictKind = 'same-record' | 'name-taken' | 'uri-taken' | 'set-has-list'

export interface BackupRestoreRecord {
  kind: BackupRecordKind
  /** what --choose-record and `recordChoices` name it by: "<kind>:<name>" ("<kind>:<set>/<name>" for a target, "<kind>:<set>" for a revocation list) */
  key: string
  /** its name in the backup (a revocation list: its set's name) */
  name: string
  /** the key set it belongs to here; null for a policy */
  set: string | null
  /** merged: a revocation list's entries were added to the list here (a restore never withdraws a revocation) */
  outcome: 'restored' | 'overwritten' | 'kept-both' | 'merged' | 'unchanged' | 'skipped'
  /** its name here: a new one for "kept-both", null when skipped */
  restoredName: string | null
  conflict: { kind: BackupRecordConflictKind; name: string } | null
  /** allocated indexes (status list), entries (revocation list), published kids (target); null for a policy */
  items: number | null
  note: string | null
}

export interface BackupRestoreResult {
  dryRun: boolean
  path: string
  summary: BackupSummary
  sets: { name: string; outcome: 'created' | 'existing' }[]
  keys: BackupRestoreKey[]
  counts: { restored: number; overwritten: number; keptBoth: number; skipped: number }
  /** policies, status lists, revocation lists and publish targets (empty for a version-1 backup) */
  records: BackupRestoreRecord[]
  warnings: { code: string; message: string }[]
}

/**
 * What the user chose in a native dialog: a one-time handle for the backup channels (bound to this
 * dialog's purpose, expiring after a few minutes) and the path, for display only. Both null when
 * the user cancelled.
 */
export type FileChoice = { handle: string; path: string } | { handle: null; path: null }

export const backupChannels = {
  'backup:create': channel<BackupCreateResult>()(backupCreateInputSchema),
  'backup:inspect': channel<BackupInspection>()(backupInspectInputSchema),
  'backup:restore': channel<BackupRestoreResult>()(backupRestoreInputSchema),
  'dialog:save-backup': channel<FileChoice>()(
    z
      .object({ suggestedName: z.string().max(200).optional() })
      .strict()
      .optional(),
  ),
  'dialog:open-backup': channel<FileChoice>()(noInput),
} as const
