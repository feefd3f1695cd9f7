import { app, session } from 'electron'
import { join } from 'node:path'
import { electronStoreBackend } from '../adapters/store-electron'
import { createContext } from '../services/context'
import { createHandlers } from '../services/handlers'
import { resolveDataDir } from '../services/paths'
import { recoverStore } from '../services/store-recovery'
import { createConfirmDialog } from './confirm-dialog'
import { createFileDialogs } from './file-dialogs'
import { forwardEvents, registerIpc } from './ipc'
import { registerAppSchemePrivileges, serveRenderer } from './protocol'
import { isPermissionGranted } from './security'
import { createMainWindow } from './window'

/**
 * Composition root: app lifecycle, the services, IPC, the window. Nothing else lives here.
 */
registerAppSchemePrivileges()
app.setName('Signet')
app.enableSandbox()

const dataDirFlag = process.argv.find((arg) => arg.startsWith('--data-dir='))?.slice('--data-dir='.length)

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  })

  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
      callback(isPermissionGranted(permission)),
    )
    session.defaultSession.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission))

    const dataDir = resolveDataDir({ flag: dataDirFlag })
    app.setPath('userData', dataDir)
    const context = createContext({
      dataDir,
      version: app.getVersion(),
      storeBackend: electronStoreBackend,
      files: createFileDialogs(),
      confirm: createConfirmDialog(),
      via: 'app',
    })
    // The app's start-up recovery: an unreadable store is moved aside (kept) and an empty one
    // started, leaving a marker the window shows until the user acknowledges it. When even that
    // fails, the store stays unusable and app:info says why (storeProblem).
    await recoverStore(context).catch(() => undefined)
    registerIpc(createHandlers(context))
    serveRenderer(join(import.meta.dirname, '../renderer'))
    const window = createMainWindow()
    forwardEvents(context.events, () => (window.isDestroyed() ? null : window.webContents))
  })

  app.on('second-instance', () => app.focus({ steal: true }))
  app.on('window-all-closed', () => app.quit())
}
