import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { channels, eventNames, type Handlers } from '#shared/contract'
import type { ServiceEvents } from '../services/events'
import { SignetError } from '#shared/errors'
import { dispatch } from '../services/dispatch'
import { isTrustedSender } from './security'

/**
 * The only file that touches ipcMain. Every channel of the contract gets one handler that checks
 * the sender (our own top-level app page), then hands the untrusted argument to dispatch(), which
 * validates it against the channel's schema before any service sees it.
 */
export function registerIpc(handlers: Handlers): () => void {
  for (const channel of channels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, rawInput: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return {
          ok: false,
          error: new SignetError(
            'ERR_IPC_FORBIDDEN_SENDER',
            `IPC call to ${channel} refused: it did not come from the Signet window.`,
          ).toJSON(),
        }
      }
      return dispatch(handlers, channel, rawInput)
    })
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel))
}

/** Forwards every contract event the services raise to our window, and only to it. */
export function forwardEvents(events: ServiceEvents, target: () => WebContents | null): () => void {
  const unsubscribers = eventNames.map((name) =>
    events.on(name, (payload) => {
      const contents = target()
      if (contents && !contents.isDestroyed()) contents.send(name, payload)
    }),
  )
  return () => unsubscribers.forEach((unsubscribe) => unsubscribe())
}
