import { contextBridge, ipcRenderer } from 'electron'
import { channels, splitChannel, verbKey } from '../../shared/contract'

/**
 * The only file that touches contextBridge and ipcRenderer. window.signet is built by looping over
 * the contract: one function per channel, each closed over its fixed channel name, so the page can
 * call exactly the operations the contract lists and nothing else. No generic invoke is exposed.
 */
const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {}
for (const channel of channels) {
  const [domain, verb] = splitChannel(channel)
  api[domain] ??= {}
  api[domain][verbKey(verb)] = (input?: unknown) => ipcRenderer.invoke(channel, input)
}

contextBridge.exposeInMainWorld('signet', api)
