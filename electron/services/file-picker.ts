import type { FileChoice } from '../../shared/contract'
import { SignetError } from '../../shared/errors'
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
}

export const backupExtension = '.signet-backup'

export function requireFilePicker(picker: FilePicker | undefined): FilePicker {
  if (!picker) {
    throw new SignetError('ERR_USAGE', 'File dialogs are only available in the Signet app; on the command line, pass the file path as an argument.')
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
      if (!picker.saveRevocationList) throw new SignetError('ERR_USAGE', 'There is no save dialog for revocation lists here; on the command line, use "signet revocations export --out FILE".')
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
  return { saveBackup: async () => path, openBackup: async () => path, saveStatusList: async () => path, chooseFolder: async () => path, saveRevocationList: async () => path }
}

/** Status List Token files end in this (the draft's media type is application/statuslist+jwt). */
export const statusListTokenExtension = '.statuslist.jwt'

/**
 * dialog:save-status-list: asks the picker where to save a signed Status List Token and answers
 * with a one-time handle bound to that purpose (so it cannot overwrite a backup, or be read from).
 */
export function chooseStatusListFile(context: { files?: FilePicker; fileHandles: FileHandles }, suggestedName: string): Promise<FileChoice> {
  return chooseBackupFile(context, 'save-status-list', suggestedName)
}

/**
 * dialog:choose-publish-folder: asks the picker for a publish target's folder and answers with a
 * one-time handle bound to that purpose (jwks:add-target takes only such a handle, never a path).
 */
export async function choosePublishFolder(context: { files?: FilePicker; fileHandles: FileHandles }, kind: 'dir' | 'git'): Promise<FileChoice> {
  const picker = requireFilePicker(context.files)
  if (!picker.chooseFolder) throw new SignetError('ERR_USAGE', 'A folder dialog is not available here; on the command line, pass the folder as an argument.')
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
export function chooseRevocationListFile(context: { files?: FilePicker; fileHandles: FileHandles }, suggestedName: string): Promise<FileChoice> {
  return chooseBackupFile(context, 'save-revocation-list', suggestedName)
}
