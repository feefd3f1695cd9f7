import { homedir, hostname, userInfo } from 'node:os'
import type { AuditSource } from '#shared/contract'
import { createKeychain, keychainServiceFromEnv, type Keychain } from '../adapters/keychain'
import { openStore, type Store, type StoreBackendFactory } from '../adapters/store'
import { createAuditLog, type AuditLog } from './audit/audit-log'
import { createServiceEvents, type ServiceEvents } from './events'
import type { ConfirmPort } from './confirm'
import type { FilePicker } from './file-picker'
import { createFileHandles, type FileHandles } from './files/file-handles'

/**
 * Everything the services need, built once per process by a front door (the app's main, the CLI,
 * a test). The front door chooses the store backend: electron-store in the app, conf elsewhere.
 */
export interface ServiceContext {
  readonly dataDir: string
  /** the user's home directory: paths under it are shown as ~/… (shorter, and no user name in a screenshot) */
  readonly homeDir: string
  readonly version: string
  readonly store: Store
  readonly keychain: Keychain
  /** the hash-chained audit log of this data directory; services record their actions through it */
  readonly audit: AuditLog
  /** the clock every lifecycle decision reads; tests pass a fixed or stepping one */
  readonly now: () => Date
  /** committed changes announced to listeners (the window, via main/ipc.ts) */
  readonly events: ServiceEvents
  /** native file dialogs; only the app (and the e2e bridge) has them */
  readonly files?: FilePicker
  /** the one-time handles that stand for files main chose; backup services take only these */
  readonly fileHandles: FileHandles
  /** asks the user before an irreversible action (a native box in the app); absent: such actions are refused */
  readonly confirm?: ConfirmPort
}

export function createContext(options: {
  dataDir: string
  homeDir?: string
  version: string
  storeBackend: StoreBackendFactory
  keychain?: Keychain
  env?: NodeJS.ProcessEnv
  now?: () => Date
  files?: FilePicker
  confirm?: ConfirmPort
  /** which front door this is: stamped with the OS user and host on every audit entry this process writes */
  via?: AuditSource['via']
}): ServiceContext {
  const now = options.now ?? (() => new Date())
  const store = openStore({ dataDir: options.dataDir, createBackend: options.storeBackend })
  return {
    dataDir: options.dataDir,
    homeDir: options.homeDir ?? homedir(),
    version: options.version,
    store,
    keychain: options.keychain ?? createKeychain(keychainServiceFromEnv(options.env)),
    audit: createAuditLog({ dataDir: options.dataDir, ...(options.via ? { source: auditSource(options.via) } : {}) }),
    now,
    events: createServiceEvents(),
    ...(options.files ? { files: options.files } : {}),
    fileHandles: createFileHandles({ now }),
    ...(options.confirm ? { confirm: options.confirm } : {}),
  }
}

/**
 * Who writes: the front door, the OS user and the host name, each cut to the audit schema's 256
 * characters. Neither is a secret (both show in any shell prompt); an OS that will not say (no
 * passwd entry in a container) leaves "" rather than failing the action being audited.
 */
export function auditSource(via: AuditSource['via']): AuditSource {
  return { via, user: ask(() => userInfo().username), host: ask(() => hostname()) }
}

function ask(read: () => string): string {
  try {
    return read().slice(0, 256)
  } catch {
    return ''
  }
}
