import { z } from 'zod'
import { channel, noInput } from './channel'

/** The app itself: version, data directory, store health, and the OS keychain's status. */

export const keychainStatusSchema = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true), backend: z.string(), service: z.string() }),
  z.object({
    available: z.literal(false),
    backend: z.string(),
    service: z.string(),
    code: z.enum(['ERR_KEYCHAIN_UNAVAILABLE', 'ERR_KEYCHAIN_DENIED']),
    reason: z.string(),
    fix: z.string(),
  }),
])
export type KeychainStatus = z.infer<typeof keychainStatusSchema>

export interface StoreRecovery {
  /** where the unreadable file was moved; nothing was deleted */
  movedTo: string
  reason: string
  at: string
}

export interface AppInfo {
  name: string
  version: string
  dataDir: string
  /** the data directory as a person reads it: `~/…` when it is under the home directory */
  dataDirShown: string
  storePath: string
  keychain: KeychainStatus
  /**
   * The latest recovery of an unreadable store (its file moved aside, an empty store started) that
   * the user has not acknowledged yet; kept in a marker file, so it survives restarts.
   */
  storeRecovery: StoreRecovery | null
  /** why the store file cannot be used right now (what, where, what to do), or null */
  storeProblem: string | null
  /** the data directory or its files are readable by others than their owner */
  permissionWarnings: string[]
  platform: string
}

export const appChannels = {
  'app:info': channel<AppInfo>()(noInput),
  'keychain:status': channel<KeychainStatus>()(z.object({ refresh: z.boolean().optional() }).strict().optional()),
} as const
