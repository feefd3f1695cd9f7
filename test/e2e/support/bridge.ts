import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { createKeychain, keychainServiceFromEnv } from '#electron/adapters/keychain'
import { confBackend } from '#electron/adapters/store-conf'
import { storeFileName } from '#electron/adapters/store'
import { createContext, type ServiceContext } from '#electron/services/context'
import { dispatch } from '#electron/services/dispatch'
import { createHandlers } from '#electron/services/handlers'
import { channels, eventListenerKey, eventNames, splitChannel, verbKey, type Handlers } from '#shared/contract'
import { revocationListTokenExtension, statusListTokenExtension, type FilePicker } from '#electron/services/file-picker'
import type { ConfirmRequest } from '#electron/services/confirm'

/**
 * The e2e stand-in for the preload: the REAL handler table (real services, real store files in a
 * temp data dir, the real keychain — run under scripts/with-private-keyring.sh) reached from the
 * page through `page.exposeFunction`, and a `window.signet` built from the contract's channel list
 * exactly as electron/preload/index.ts builds it: domain → camelCase verb → function.
 */

export interface Bridge {
  dataDir: string
  context: ServiceContext
  handlers: Handlers
  /** every channel the page called, in order: lets a test assert what crossed the bridge */
  calls: { channel: string; input: unknown }[]
  /** every question main asked before an irreversible action (a native message box in the app) */
  confirmations: ConfirmRequest[]
  /** what the stand-in for main's message box answers; true (the user clicks the action) unless a test says otherwise */
  answer: boolean
  dispose(): void
}

export const packageVersion: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version

export interface BridgeOptions {
  /** start from a store file that cannot be parsed, as after a crash mid-write by another tool */
  corruptStore?: boolean
  /**
   * Make the keychain's backend fail with this error text, as libsecret does on a machine without
   * a session bus. The real adapter still maps it (code, reason, fix); only keytar is replaced.
   */
  keychainFailure?: string
}

export function createBridge(options: BridgeOptions = {}): Bridge {
  // A home of its own with the data directory where Linux puts it, so the status bar (and every
  // screenshot) reads ~/.config/Signet rather than a temporary path.
  const root = mkdtempSync(join(tmpdir(), 'signet-e2e-'))
  const homeDir = join(root, 'home')
  const dataDir = join(homeDir, '.config', 'Signet')
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  if (options.corruptStore) writeFileSync(join(dataDir, storeFileName), '{ "schemaVersion": 1, "settings": ')
  const failure = options.keychainFailure
  const keychain =
    failure === undefined ? undefined : createKeychain(keychainServiceFromEnv(), async () => failingKeytar(failure))
  // Native dialogs cannot run here: the stand-in "chooses" files inside the test's data directory.
  const files: FilePicker = {
    saveBackup: async (suggestedName) =>
      join(dataDir, suggestedName.endsWith('.signet-backup') ? suggestedName : `${suggestedName}.signet-backup`),
    openBackup: async () => join(dataDir, 'chosen.signet-backup'),
    saveStatusList: async (suggestedName) =>
      join(
        dataDir,
        suggestedName.endsWith(statusListTokenExtension)
          ? suggestedName
          : `${suggestedName}${statusListTokenExtension}`,
      ),
    // A publish target's folder: a fresh one inside the data directory, as if the user made it in the dialog.
    chooseFolder: async (kind) => mkdtempSync(join(dataDir, `${kind}-target-`)),
    saveRevocationList: async (suggestedName) =>
      join(
        dataDir,
        suggestedName.endsWith(revocationListTokenExtension)
          ? suggestedName
          : `${suggestedName}${revocationListTokenExtension}`,
      ),
    savePublicKey: async (suggestedName) => join(dataDir, suggestedName),
    saveAuditExport: async (suggestedName) => join(dataDir, suggestedName),
    saveScanReport: async (suggestedName) => join(dataDir, suggestedName),
  }
  const confirmations: ConfirmRequest[] = []
  const bridge: Bridge = {
    dataDir,
    context: undefined as unknown as ServiceContext,
    handlers: undefined as unknown as Handlers,
    calls: [],
    confirmations,
    answer: true,
    dispose: () => rmSync(root, { recursive: true, force: true }),
  }
  // Main's confirmation box cannot be shown here either: the stand-in records the question and answers.
  const confirm = { confirm: async (request: ConfirmRequest) => (confirmations.push(request), bridge.answer) }
  const context = createContext({
    dataDir,
    homeDir,
    version: packageVersion,
    storeBackend: confBackend,
    keychain,
    files,
    confirm,
    via: 'app',
  })
  return Object.assign(bridge, { context, handlers: createHandlers(context) })
}

function failingKeytar(message: string) {
  const fail = () => Promise.reject(new Error(message))
  return {
    getPassword: fail,
    setPassword: fail,
    deletePassword: fail,
    findCredentials: fail,
    findPassword: fail,
  } as unknown as typeof import('keytar')
}

export async function installBridge(page: Page, bridge: Bridge): Promise<void> {
  await page.exposeFunction('__signetInvoke', (channel: string, input: unknown) => {
    bridge.calls.push({ channel, input })
    return dispatch(bridge.handlers, channel, input)
  })
  // Events travel main → page as in the app: the services raise them, the page's listeners get a copy.
  for (const name of eventNames) {
    bridge.context.events.on(name, (payload) => {
      page
        .evaluate(
          ([event, data]) =>
            (window as unknown as { __signetEmit?: (e: string, d: unknown) => void }).__signetEmit?.(event, data),
          [name, payload] as const,
        )
        .catch(() => undefined)
    })
  }
  const listenerKeys = eventNames.map((name) => ({ name, key: eventListenerKey(name) }))
  const routes = channels.map((channel) => {
    const [domain, verb] = splitChannel(channel)
    return { channel, domain: verbKey(domain), key: verbKey(verb) }
  })
  await page.addInitScript(
    ({
      list,
      events,
    }: {
      list: { channel: string; domain: string; key: string }[]
      events: { name: string; key: string }[]
    }) => {
      const invoke = (window as unknown as { __signetInvoke: (channel: string, input: unknown) => Promise<unknown> })
        .__signetInvoke
      const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {}
      for (const { channel, domain, key } of list) {
        api[domain] ??= {}
        api[domain][key] = (input?: unknown) => invoke(channel, input)
      }
      const listeners = new Map<string, Set<(payload: unknown) => void>>()
      const subscribe: Record<string, (listener: (payload: unknown) => void) => () => void> = {}
      for (const { name, key } of events) {
        subscribe[key] = (listener) => {
          const set = listeners.get(name) ?? new Set()
          listeners.set(name, set)
          set.add(listener)
          return () => set.delete(listener)
        }
      }
      Object.defineProperty(window, '__signetEmit', {
        value: (name: string, payload: unknown) => listeners.get(name)?.forEach((listener) => listener(payload)),
      })
      // contextBridge hands the page frozen copies; so does this stand-in.
      for (const domain of Object.values(api)) Object.freeze(domain)
      Object.defineProperty(window, 'signet', {
        value: Object.freeze({ ...api, events: Object.freeze(subscribe) }),
        writable: false,
        configurable: false,
      })
    },
    { list: routes, events: listenerKeys },
  )
}
