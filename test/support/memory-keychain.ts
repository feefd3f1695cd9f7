import type { Keychain } from '#electron/adapters/keychain'
import { SignetError } from '#shared/errors'

/**
 * Keychains for unit tests: an in-memory one with the adapter's contract, and a wrapper that injects
 * the failures a real keychain can produce. Integration tests wrap the real keychain with the same
 * wrapper, so the faults are exercised against gnome-keyring too.
 */

export interface MemoryKeychain extends Keychain {
  readonly entries: Map<string, string>
}

export function memoryKeychain(service = 'Signet-unit'): MemoryKeychain {
  const entries = new Map<string, string>()
  return {
    service,
    entries,
    get: async (account) => entries.get(account) ?? null,
    set: async (account, secret) => void entries.set(account, secret),
    delete: async (account) => entries.delete(account),
    list: async () => [...entries.keys()],
    status: async () => ({ available: true, backend: 'memory', service }),
  }
}

export interface KeychainFaults {
  /** set() rejects as a locked keychain does */
  failWrite?: boolean
  /** set() stores the secret, then rejects (a backend failing after the write) */
  failAfterWrite?: boolean
  /** get() returns something other than what was stored */
  tamperReads?: boolean
  /** delete() rejects */
  failDelete?: boolean
}

export function faultyKeychain(
  inner: Keychain,
  faults: KeychainFaults,
): Keychain & { faults: KeychainFaults; writes: string[] } {
  const writes: string[] = []
  return {
    service: inner.service,
    faults,
    writes,
    async get(account) {
      const value = await inner.get(account)
      return faults.tamperReads && value !== null ? `${value.slice(0, -2)}x}` : value
    },
    async set(account, secret) {
      if (faults.failWrite)
        throw new SignetError('ERR_KEYCHAIN_DENIED', 'The OS keychain (test) refused the request: it is locked.')
      await inner.set(account, secret)
      writes.push(account)
      if (faults.failAfterWrite)
        throw new SignetError(
          'ERR_KEYCHAIN_UNAVAILABLE',
          'The OS keychain (test) is not available: the write failed after storing.',
        )
    },
    async delete(account) {
      if (faults.failDelete)
        throw new SignetError('ERR_KEYCHAIN_UNAVAILABLE', 'The OS keychain (test) is not available: delete failed.')
      return inner.delete(account)
    },
    list: () => inner.list(),
    status: (options) => inner.status(options),
  }
}
