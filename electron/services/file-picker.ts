import type { FileChoice } from '#shared/contract'
import { SignetError } from '#shared/errors'
import type { FileHandles, FilePurpose } from './files/file-handles'

/**
 * Native file dialogs as a port: the app's main process provides them (Electron's dialog module),
 * the e2e bridge provides a stand-in that answers with a path in its temp directory, and the CLI
 * uses argvPicker (its paths come from its own arguments). The renderer never names a path: it asks
 * main, main asks the user, and the page gets back a one-time handle (see files/file-handles.ts) —
 * so a compromised page cannot aim a backup at a file of its choosing.
 */
export interface FilePicker {
  /** where to write a new backup; null when the user cancelled */
  saveBackup(suggestedName: string): Promise<string | null>
  /** which backup to read; null when the user cancelled */
  openBackup(): Promise<string | null>
  /** where to write a signed Status List Token; null when the user cancelled */
  saveStatusList(suggestedName: string): Promise<string | null>
  /** a publish target's folder: a static-site root ('dir') or a git repository ('git'); null when the user cancelled */
  chooseFolder?(kind: 'dir' | 'git'): Promise<string | null>
  /** where to write a signed Signet revocation list; null when the user cancelled (absent: no dialog for it here) */
  saveRevocationList?(suggestedName: string): Promise<string | null>
  /** where to write a public key (`.pem` or `.jwk.json`); null when the user cancelled */
  savePublicKey?(suggestedName: string, format: 'pem' | 'jwk'): Promise<string | null>
  /** where to write an audit export (`.jsonl` or `.csv`); null when the user cancelled */
  saveAuditExport?(suggestedName: string, format: 'jsonl' | 'csv'): Promise<string | null>
  /** where to write a Scan screen report (`.json`, `.ndjson` or `.sarif`); null when the user cancelled */
  saveScanReport?(suggestedName: string, format: 'json' | 'ndjson' | 'sarif'): Promise<string | null>
}

export const backupExtension = '.signet-backup'

export function requireFilePicker(picker: FilePicker | undefined): FilePicker {
  if (!picker) {
    throw new SignetError(
      'ERR_USAGE',
      'File dialogs are only available in the Signet app; on the command line, pass the file path as an argument.',
    )
  }
  return picker
}

/**
 * The dialog channels: asks the picker, checks what it returned (UNC and device paths are refused
 * even from the dialog: ERR_FILE_PATH_REFUSED) and answers with a fresh handle for it.
 */
export async function chooseBackupFile(
  context: { files?: FilePicker; fileHandles: FileHandles },
  purpose: FilePurpose,
  suggestedName = 'signet',
): Promise<FileChoice> {
  const picker = requireFilePicker(context.files)
  const path = await ask(picker, purpose, suggestedName)
  if (path === null) return { handle: null, path: null }
  return { handle: await context.fileHandles.issue(purpose, path), path }
}

function ask(picker: FilePicker, purpose: FilePurpose, suggestedName: string): Promise<string | null> {
  switch (purpose) {
    case 'open-backup':
      return picker.openBackup()
    case 'save-status-list':
      return picker.saveStatusList(suggestedName)
    case 'save-revocation-list':
      if (!picker.saveRevocationList)
        throw new SignetError(
          'ERR_USAGE',
          'There is no save dialog for revocation lists here; on the command line, use "signet revocations export --out FILE".',
        )
      return picker.saveRevocationList(suggestedName)
    default:
      return picker.saveBackup(suggestedName)
  }
}

/**
 * The CLI's picker: the command line is trusted, so a path from its own argv stands for the dialog.
 * It still goes through the same handles and the same path checks as the app.
 */
export function argvPicker(path: string): FilePicker {
  return {
    saveBackup: async () => path,
    openBackup: async () => path,
    saveStatusList: async () => path,
    chooseFolder: async () => path,
    saveRevocationList: async () => path,
    savePublicKey: async () => path,
    saveAuditExport: async () => path,
    saveScanReport: async () => path,
  }
}

/** Status List Token files end in this (the draft's media type is application/statuslist+jwt). */
export const statusListTokenExtension = '.statuslist.jwt'

/**
 * dialog:save-status-list: asks the picker where to save a signed Status List Token and answers
 * with a one-time handle bound to that purpose (so it cannot overwrite a backup, or be read from).
 */
export function chooseStatusListFile(
  context: { files?: FilePicker; fileHandles: FileHandles },
  suggestedName: string,
): Promise<FileChoice> {
  return chooseBackupFile(context, 'save-status-list', suggestedName)
}

/**
 * dialog:choose-publish-folder: asks the picker for a publish target's folder and answers with a
 * one-time handle bound to that purpose (jwks:add-target takes only such a handle, never a path).
 */
export async function choosePublishFolder(
  context: { files?: FilePicker; fileHandles: FileHandles },
  kind: 'dir' | 'git',
): Promise<FileChoice> {
  const picker = requireFilePicker(context.files)
  if (!picker.chooseFolder)
    throw new SignetError(
      'ERR_USAGE',
      'A folder dialog is not available here; on the command line, pass the folder as an argument.',
    )
  const path = await picker.chooseFolder(kind)
  if (path === null) return { handle: null, path: null }
  return { handle: await context.fileHandles.issue('publish-folder', path), path }
}

/** Signet revocation list files end in this (the token's typ is signet-revocations+jwt). */
export const revocationListTokenExtension = '.revocations.jwt'

/**
 * dialog:save-revocation-list: asks the picker where to save a signed Signet revocation list and
 * answers with a one-time handle bound to that purpose (it cannot overwrite a backup, or be read from).
 */
export function chooseRevocationListFile(
  context: { files?: FilePicker; fileHandles: FileHandles },
  suggestedName: string,
): Promise<FileChoice> {
  return chooseBackupFile(context, 'save-revocation-list', suggestedName)
}

/** Public key files end in these: SubjectPublicKeyInfo PEM, or a JWK as JSON. */
export const publicKeyExtensions = { pem: '.pem', jwk: '.jwk.json' } as const

/**
 * dialog:save-public-key: asks the picker where to save a key's public half and answers with a
 * one-time handle bound to that purpose. The suggested name is the kid with anything a file name
 * cannot carry replaced, so a kid never steers the dialog to another folder.
 */
export async function choosePublicKeyFile(
  context: { files?: FilePicker; fileHandles: FileHandles },
  kid: string,
  format: 'pem' | 'jwk',
): Promise<FileChoice> {
  const picker = requireFilePicker(context.files)
  const suggested = `${kid
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\.+/, '_')
    .slice(0, 100)}${publicKeyExtensions[format]}`
  if (!picker.savePublicKey)
    throw new SignetError(
      'ERR_USAGE',
      'A save dialog for public keys is not available here; on the command line, use signet keys export-public.',
    )
  const path = await picker.savePublicKey(suggested, format)
  if (path === null) return { handle: null, path: null }
  return { handle: await context.fileHandles.issue('save-public-key', path), path }
}

/**
 * dialog:save-audit-export: asks the picker where to write an audit export and answers with a
 * one-time handle bound to that purpose (it cannot overwrite a backup, or be read from). The
 * suggested name carries today's date, so successive exports do not overwrite each other unasked.
 */
export async function chooseAuditExportFile(
  context: { files?: FilePicker; fileHandles: FileHandles; now: () => Date },
  format: 'jsonl' | 'csv',
): Promise<FileChoice> {
  const picker = requireFilePicker(context.files)
  if (!picker.saveAuditExport)
    throw new SignetError(
      'ERR_USAGE',
      'A save dialog for audit exports is not available here; on the command line, use "signet audit export --format jsonl|csv --out FILE".',
    )
  const path = await picker.saveAuditExport(
    `signet-audit-${context.now().toISOString().slice(0, 10)}.${format}`,
    format,
  )
  if (path === null) return { handle: null, path: null }
  return { handle: await context.fileHandles.issue('save-audit-export', path), path }
}

/** Scan report files end in these. */
export const scanReportExtensions = { json: '.json', ndjson: '.ndjson', sarif: '.sarif' } as const

/**
 * dialog:save-scan-report: asks the picker where to save a Scan screen report and answers with a
 * one-time handle bound to that purpose (it cannot overwrite a backup or a key file, or be read from).
 */
export async function chooseScanReportFile(
  context: { files?: FilePicker; fileHandles: FileHandles },
  format: 'json' | 'ndjson' | 'sarif',
): Promise<FileChoice> {
  const picker = requireFilePicker(context.files)
  if (!picker.saveScanReport)
    throw new SignetError(
      'ERR_USAGE',
      'A save dialog for scan reports is not available here; on the command line, use "signet scan --json", "--ndjson" or "--sarif".',
    )
  const path = await picker.saveScanReport(`signet-scan-report${scanReportExtensions[format]}`, format)
  if (path === null) return { handle: null, path: null }
  return { handle: await context.fileHandles.issue('save-scan-report', path), path }
}
