import { BrowserWindow, dialog } from 'electron'
import type { ConfirmPort } from '../services/confirm'

/**
 * The app's confirmation port: a native message box, owned by main, attached to the focused window.
 * Cancel is the default and the answer to Escape, so only a deliberate click confirms.
 */
export function createConfirmDialog(): ConfirmPort {
  return {
    async confirm(request) {
      const options = {
        type: 'warning' as const,
        title: request.title,
        message: request.message,
        detail: request.detail,
        buttons: ['Cancel', request.confirmLabel],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      }
      const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0]
      const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options)
      return response === 1
    },
  }
}
