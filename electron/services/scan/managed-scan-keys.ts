import { isSignetError, SignetError, type ErrorCode } from '#shared/errors'
import type { StoreData } from '../../adapters/store-schema'
import type { KeyInfo } from '#shared/managed-keys/types'
import { managedKeySource, type ManagedKeySource } from '#shared/managed-keys/managed-key-source'
import { listKeys } from '../managed-keys/list-keys'
import type { KeyContext } from '../managed-keys/repository'
import { verifyManagedToken } from '../managed-keys/verify-token'

/**
 * `signet scan --managed`: Signet's managed keys as the scan's key source, built exactly as the
 * app's Scan screen builds it (shared/managed-keys/managed-key-source.ts) — public keys verify
 * locally, an HMAC token is checked by verifyManagedToken, the function main runs for the app's
 * keys:verify-token. The difference is where: the CLI reads each HMAC secret from the keychain
 * once, into this process's memory (worker threads included), so a scan of a million tokens asks
 * the keychain once per key. The secrets are never printed, logged or written anywhere.
 */

export interface ManagedScanKeys {
  /** the keys as keys:list gives them to the app (tombstones included: a destroyed kid says so) */
  keys: KeyInfo[]
  /** the store document as the scan started */
  data: StoreData
  /** keychain entries of the HMAC keys, by account (the key's id), or the error reading one gave */
  secrets: Record<string, { text: string | null } | { error: { message: string; code: ErrorCode | null } }>
  keychainService: string
}

/** Reads the managed keys and the HMAC keys' secrets once (the CLI's process only). */
export async function readManagedScanKeys(context: KeyContext): Promise<ManagedScanKeys> {
  const { keys } = await listKeys(context, {})
  const data = context.store.read()
  const secrets: ManagedScanKeys['secrets'] = {}
  for (const key of data.keys) {
    if (key.publicJwk || key.state === 'destroyed') continue
    try {
      secrets[key.id] = { text: await context.keychain.get(key.id) }
    } catch (error) {
      // Kept as the app would meet it when verifying: the token's trace names the key that could not be read.
      secrets[key.id] = {
        error: { message: (error as Error).message, code: isSignetError(error) ? error.code : null },
      }
    }
  }
  return { keys, data, secrets, keychainService: context.keychain.service }
}

/**
 * The key source of a scan with --managed, from what readManagedScanKeys read: in the thread that
 * read it, or in a verification worker that received it.
 *
 * @param at evaluation time, NumericDate seconds (the instant verifyManagedToken is run at)
 */
export function managedScanSource(managed: ManagedScanKeys, at: number): ManagedKeySource {
  const context = {
    store: { read: () => managed.data },
    keychain: {
      service: managed.keychainService,
      get(account: string): Promise<string | null> {
        const entry = managed.secrets[account]
        if (!entry) return Promise.resolve(null)
        if ('error' in entry)
          return Promise.reject(
            entry.error.code ? new SignetError(entry.error.code, entry.error.message) : new Error(entry.error.message),
          )
        return Promise.resolve(entry.text)
      },
    },
    now: () => new Date(at * 1000),
  }
  return managedKeySource(managed.keys, (token) => verifyManagedToken(context, { token }), 'this signet process')
}
