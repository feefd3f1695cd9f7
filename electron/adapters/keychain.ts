import { SignetError } from '#shared/errors'
import type { KeychainStatus } from '#shared/contract'

/**
 * The OS keychain behind one small interface (Secret Service on Linux, Keychain on macOS,
 * Credential Vault on Windows, all through keytar). The only file that imports keytar, so the
 * backend can be swapped in one place.
 *
 * Every keytar failure is mapped to ERR_KEYCHAIN_UNAVAILABLE or ERR_KEYCHAIN_DENIED with a message
 * that says how to fix it. keytar's own messages never reach the user verbatim: they are terse and,
 * for some backends, echo the arguments.
 */
export interface Keychain {
  readonly service: string
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
  /** account names only: listing never reads secrets out */
  list(): Promise<string[]>
  status(options?: { refresh?: boolean }): Promise<KeychainStatus>
}

type Keytar = typeof import('keytar')

export const defaultKeychainService = 'Signet'
/** Probe entries get a unique name each time: two processes probing at once must not read each other's value. */
const probePrefix = '.signet-probe-'

export function keychainServiceFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.SIGNET_KEYCHAIN_SERVICE?.trim()
  return override ? override : defaultKeychainService
}

export function backendName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain'
  if (platform === 'win32') return 'Windows Credential Vault'
  return 'Secret Service (libsecret)'
}

export function createKeychain(
  service: string = keychainServiceFromEnv(),
  load: () => Promise<Keytar> = loadKeytar,
): Keychain {
  let keytarPromise: Promise<Keytar> | undefined
  let cachedStatus: KeychainStatus | undefined
  const backend = backendName()

  async function keytar(): Promise<Keytar> {
    keytarPromise ??= load().catch((error: unknown) => {
      keytarPromise = undefined
      throw toError({
        code: 'ERR_KEYCHAIN_UNAVAILABLE',
        reason: `the keytar native module could not be loaded (${briefReason(error)})`,
        fix: fixFor('module'),
      })
    })
    return keytarPromise
  }

  async function call<T>(operation: string, run: (k: Keytar) => Promise<T>): Promise<T> {
    const k = await keytar()
    try {
      return await run(k)
    } catch (error) {
      throw toError(classify(operation, error))
    }
  }

  function toError(problem: Problem): SignetError {
    const what = problem.code === 'ERR_KEYCHAIN_DENIED' ? 'refused the request' : 'is not available'
    return new SignetError(problem.code, `The OS keychain (${backend}) ${what}: ${problem.reason}. ${problem.fix}`)
  }

  return {
    service,
    // Arguments are checked before keytar runs, so a bad name is ERR_INVALID_ARGUMENT, not a keychain fault.
    async get(account) {
      const name = checkAccount(account)
      return call('read', (k) => k.getPassword(service, name))
    },
    async set(account, secret) {
      const name = checkAccount(account)
      return call('write', (k) => k.setPassword(service, name, secret))
    },
    async delete(account) {
      const name = checkAccount(account)
      return call('delete', (k) => k.deletePassword(service, name))
    },
    async list() {
      const credentials = await call('list', (k) => k.findCredentials(service))
      return credentials.map((c) => c.account).filter((account) => !account.startsWith(probePrefix))
    },
    async status(options) {
      if (cachedStatus && !options?.refresh) return cachedStatus
      cachedStatus = await probe()
      return cachedStatus
    },
  }

  /**
   * Reading alone proves little (with no daemon, libsecret answers "not found" instead of failing),
   * so the probe writes, reads back and deletes a throwaway entry.
   */
  async function probe(): Promise<KeychainStatus> {
    let problem: Problem | undefined
    let k: Keytar | undefined
    try {
      k = await load()
    } catch (error) {
      problem = {
        code: 'ERR_KEYCHAIN_UNAVAILABLE',
        reason: `the keytar native module could not be loaded (${briefReason(error)})`,
        fix: fixFor('module'),
      }
    }
    if (k) {
      const nonce = `${Date.now()}-${Math.random().toString(36).slice(2)}`
      const probeAccount = `${probePrefix}${nonce}`
      let step = 'write'
      try {
        await k.setPassword(service, probeAccount, nonce)
        step = 'read'
        const back = await k.getPassword(service, probeAccount)
        step = 'delete'
        await k.deletePassword(service, probeAccount)
        if (back !== nonce)
          problem = {
            code: 'ERR_KEYCHAIN_UNAVAILABLE',
            reason: 'an entry written to it could not be read back',
            fix: fixFor('daemon'),
          }
      } catch (error) {
        problem = classify(step, error)
      }
    }
    if (!problem) return { available: true, backend, service }
    return {
      available: false,
      backend,
      service,
      code: problem.code,
      reason: toError(problem).message,
      fix: problem.fix,
    }
  }
}

interface Problem {
  code: 'ERR_KEYCHAIN_UNAVAILABLE' | 'ERR_KEYCHAIN_DENIED'
  reason: string
  fix: string
}

function classify(operation: string, error: unknown): Problem {
  const text = briefReason(error)
  if (/locked collection|cancel|denied|not allowed|user interaction|authori[sz]ation|-25293|-128/i.test(text)) {
    return {
      code: 'ERR_KEYCHAIN_DENIED',
      reason: `it would not ${operation} a Signet entry (${text})`,
      fix: fixFor('locked'),
    }
  }
  if (/autolaunch|DISPLAY|dbus|D-Bus|given address is empty|connect to socket|Could not connect/i.test(text)) {
    return { code: 'ERR_KEYCHAIN_UNAVAILABLE', reason: `there is no D-Bus session bus (${text})`, fix: fixFor('dbus') }
  }
  if (/does not exist at path|no such object|ServiceUnknown|secrets? service|org\.freedesktop\.secrets/i.test(text)) {
    return {
      code: 'ERR_KEYCHAIN_UNAVAILABLE',
      reason: `no Secret Service daemon answered (${text})`,
      fix: fixFor('daemon'),
    }
  }
  return { code: 'ERR_KEYCHAIN_UNAVAILABLE', reason: `the ${operation} failed (${text})`, fix: fixFor('daemon') }
}

function fixFor(kind: 'module' | 'dbus' | 'daemon' | 'locked'): string {
  switch (kind) {
    case 'module':
      return 'Reinstall Signet (npm ci builds keytar; on Linux it needs libsecret-1-dev, python3, make and g++).'
    case 'dbus':
      return "Run Signet inside a desktop session, or start one for headless use: dbus-run-session -- sh -c 'echo -n PASSWORD | gnome-keyring-daemon --unlock --components=secrets; signet …'."
    case 'daemon':
      return process.platform === 'linux'
        ? 'Install and start a Secret Service provider (gnome-keyring or KeePassXC with Secret Service enabled) and unlock it.'
        : 'Make sure the system keychain service is running and unlocked.'
    case 'locked':
      return 'Unlock the keychain (log in to the desktop session or unlock the "login" collection) and allow Signet access, then retry.'
  }
}

function briefReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.split('\n')[0]!.slice(0, 200)
}

function checkAccount(account: string): string {
  if (typeof account !== 'string' || account.length === 0 || account.length > 256) {
    throw new SignetError('ERR_INVALID_ARGUMENT', 'A keychain account name must be 1–256 characters.')
  }
  return account
}

async function loadKeytar(): Promise<Keytar> {
  const module = (await import('keytar')) as Keytar & { default?: Keytar }
  return module.default ?? module
}
