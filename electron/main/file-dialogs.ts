import { app, BrowserWindow, dialog } from 'electron'
import { basename, join } from 'node:path'
import {
  backupExtension,
  publicKeyExtensions,
  revocationListTokenExtension,
  scanReportExtensions,
  statusListTokenExtension,
  type FilePicker,
} from '../services/file-picker'

const backupFilter = { name: 'Signet backup', extensions: [backupExtension.slice(1)] }

/**
 * The app's file picker: Electron's native dialogs, attached to the focused window. Save dialogs open
 * in the user's documents folder: a backup or an export belongs with the user's files, not in
 * Signet's data folder (which a restore of that folder would overwrite).
 */
export function createFileDialogs(): FilePicker {
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
  const documents = () => app.getPath('documents')
  return {
    async saveBackup(suggested) {
      // The page suggests a name, never a folder: the dialog opens in the documents folder.
      const suggestedName = basename(suggested.replace(/\\/g, '/')) || 'signet'
      const window = parent()
      const options = {
        title: 'Save encrypted backup',
        defaultPath: join(
          documents(),
          suggestedName.endsWith(backupExtension) ? suggestedName : `${suggestedName}${backupExtension}`,
        ),
        filters: [backupFilter],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      }
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      if (result.canceled || !result.filePath) return null
      return result.filePath.endsWith(backupExtension) ? result.filePath : `${result.filePath}${backupExtension}`
    },
    async openBackup() {
      const window = parent()
      const options = { title: 'Open encrypted backup', filters: [backupFilter], properties: ['openFile' as const] }
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async saveStatusList(suggested) {
      const suggestedName = basename(suggested.replace(/\\/g, '/')) || 'status-list'
      const window = parent()
      const options = {
        title: 'Save signed Status List Token',
        defaultPath: join(
          documents(),
          suggestedName.endsWith(statusListTokenExtension)
            ? suggestedName
            : `${suggestedName}${statusListTokenExtension}`,
        ),
        filters: [{ name: 'Status List Token (JWT)', extensions: ['jwt'] }],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      }
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      if (result.canceled || !result.filePath) return null
      return result.filePath.endsWith('.jwt') ? result.filePath : `${result.filePath}${statusListTokenExtension}`
    },
    async chooseFolder(kind) {
      const window = parent()
      const options = {
        title:
          kind === 'git'
            ? 'Choose the git repository to publish the JWKS to'
            : 'Choose the static-site folder to publish the JWKS to',
        properties: ['openDirectory' as const, 'createDirectory' as const],
      }
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
      return result.canceled ? null : (result.filePaths[0] ?? null)
    },
    async saveRevocationList(suggested) {
      const suggestedName = basename(suggested.replace(/\\/g, '/')) || 'revocations'
      const window = parent()
      const options = {
        title: 'Save signed revocation list',
        defaultPath: join(
          documents(),
          suggestedName.endsWith(revocationListTokenExtension)
            ? suggestedName
            : `${suggestedName}${revocationListTokenExtension}`,
        ),
        filters: [{ name: 'Signet revocation list (JWT)', extensions: ['jwt'] }],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      }
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      if (result.canceled || !result.filePath) return null
      return result.filePath.endsWith('.jwt') ? result.filePath : `${result.filePath}${revocationListTokenExtension}`
    },
    async savePublicKey(suggested, format) {
      const extension = publicKeyExtensions[format]
      const suggestedName = basename(suggested.replace(/\\/g, '/')) || `public-key${extension}`
      const window = parent()
      const options = {
        title: format === 'pem' ? 'Save public key (PEM)' : 'Save public key (JWK)',
        defaultPath: join(documents(), suggestedName),
        filters: [
          format === 'pem'
            ? { name: 'PEM public key', extensions: ['pem'] }
            : { name: 'JSON Web Key', extensions: ['json'] },
        ],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      }
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      if (result.canceled || !result.filePath) return null
      return result.filePath.endsWith(extension) ? result.filePath : `${result.filePath}${extension}`
    },
    async saveAuditExport(suggested, format) {
      const extension = `.${format}`
      const suggestedName = basename(suggested.replace(/\\/g, '/')) || `signet-audit${extension}`
      const window = parent()
      const options = {
        title: format === 'csv' ? 'Export the audit log as CSV' : 'Export the audit log as JSON Lines',
        defaultPath: join(documents(), suggestedName),
        filters: [
          format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'JSON Lines', extensions: ['jsonl'] },
        ],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      }
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      if (result.canceled || !result.filePath) return null
      return result.filePath.endsWith(extension) ? result.filePath : `${result.filePath}${extension}`
    },
    async saveScanReport(suggested, format) {
      const extension = scanReportExtensions[format]
      const suggestedName = basename(suggested.replace(/\\/g, '/')) || `signet-scan-report${extension}`
      const window = parent()
      const options = {
        title: 'Save scan report',
        defaultPath: join(documents(), suggestedName),
        filters: [
          {
            name:
              format === 'sarif'
                ? 'SARIF 2.1.0 log'
                : format === 'ndjson'
                  ? 'NDJSON (one token per line)'
                  : 'JSON report',
            extensions: [extension.slice(1)],
          },
        ],
        properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const],
      }
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      if (result.canceled || !result.filePath) return null
      return result.filePath.endsWith(extension) ? result.filePath : `${result.filePath}${extension}`
    },
  }
}
