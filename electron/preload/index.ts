import { contextBridge, ipcRenderer } from 'electron'
import { eventListenerKey, eventNameList, splitChannel, verbKey } from '#shared/contract/names'

/**
 * The contract's channel names, `Object.keys(contract)`, put here as a constant by the build
 * (electron.vite.config.ts): the preload is privileged, so it bundles names, never zod or a schema.
 * Main checks every input against the schemas anyway (electron/main/ipc.ts).
 */
declare const __SIGNET_CHANNELS__: readonly string[]

/**
 * The only file that touches contextBridge and ipcRenderer. window.signet is built by looping over
 * the contract: one function per channel, each closed over its fixed channel name, so the page can
 * call exactly the operations the contract lists and nothing else. No generic invoke is exposed.
 */
const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {}
for (const channel of __SIGNET_CHANNELS__) {
  const [domain, verb] = splitChannel(channel)
  const key = verbKey(domain)
  api[key] ??= {}
  api[key][verbKey(verb)] = (input?: unknown) => ipcRenderer.invoke(channel, input)
}

// Events (main → renderer) the same way: one subscribe function per event of the contract, each
// bound to its fixed event name; the page never sees the IpcRendererEvent (it carries the sender).
const events: Record<string, (listener: (payload: unknown) => void) => () => void> = {}
for (const name of eventNameList) {
  events[eventListenerKey(name)] = (listener) => {
    const forward = (_event: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(name, forward)
    return () => ipcRenderer.removeListener(name, forward)
  }
}

contextBridge.exposeInMainWorld('signet', { ...api, events })
