import { SignetError } from '../../shared/errors'

/**
 * Native file dialogs as a port: the app's main process provides them (Electron's dialog module),
 * the e2e bridge provides a stand-in that answers with a path in its temp directory, and the CLI has
 * none (it takes paths as arguments). The renderer never names a path itself: it asks main, and main
 * asks the user — so a compromised page cannot aim a backup at an arbitrary file.
 */
export interface FilePicker {
  /** where to write a new backup; null when the user cancelled */
  saveBackup(suggestedName: string): Promise<string | null>
  /** which backup to read; null when the user cancelled */
  openBackup(): Promise<string | null>
}

export const backupExtension = '.signet-backup'

export function requireFilePicker(picker: FilePicker | undefined): FilePicker {
  if (!picker) {
    throw new SignetError('ERR_USAGE', 'File dialogs are only available in the Signet app; on the command line, pass the file path as an argument.')
  }
  return picker
}
