import { BrowserWindow, nativeTheme } from 'electron'
import { join } from 'node:path'
import { appEntryUrl, isNavigationAllowed, windowOpenDecision, type HardenedWebPreferences } from './security'

/** The one application window, with every hardening rule of security.ts wired in. */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Signet',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1a1b1e' : '#ffffff',
    // Written out literally (not built by a helper) so electronegativity can read every switch;
    // `satisfies HardenedWebPreferences` pins each value, so weakening one is a compile error.
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Dropping a token file onto the window must reach our drop handler, not navigate to file://.
      navigateOnDragDrop: false,
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
      // The preload is reviewed: it exposes one function per contract channel and nothing else.
      /* eng-disable PRELOAD_JS_CHECK */ preload: join(import.meta.dirname, '../preload/index.cjs'),
    } satisfies HardenedWebPreferences,
  })

  window.webContents.setWindowOpenHandler(() => windowOpenDecision())
  window.webContents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, window.webContents.getURL())) event.preventDefault()
  })
  window.webContents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, window.webContents.getURL())) event.preventDefault()
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.once('ready-to-show', () => window.show())
  void window.loadURL(appEntryUrl)
  return window
}
