import { BrowserWindow, nativeTheme } from 'electron'
import { join } from 'node:path'
import { appEntryUrl, isNavigationAllowed, webPreferences, windowOpenDecision } from './security'

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
    webPreferences: webPreferences(join(import.meta.dirname, '../preload/index.cjs')),
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
