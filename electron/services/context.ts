import { createKeychain, keychainServiceFromEnv, type Keychain } from '../adapters/keychain'
import { openStore, type Store, type StoreBackendFactory } from '../adapters/store'

/**
 * Everything the services need, built once per process by a front door (the app's main, the CLI,
 * a test). The front door chooses the store backend: electron-store in the app, conf elsewhere.
 */
export interface ServiceContext {
  readonly dataDir: string
  readonly version: string
  readonly store: Store
  readonly keychain: Keychain
}

export function createContext(options: {
  dataDir: string
  version: string
  storeBackend: StoreBackendFactory
  keychain?: Keychain
  env?: NodeJS.ProcessEnv
}): ServiceContext {
  return {
    dataDir: options.dataDir,
    version: options.version,
    store: openStore({ dataDir: options.dataDir, createBackend: options.storeBackend }),
    keychain: options.keychain ?? createKeychain(keychainServiceFromEnv(options.env)),
  }
}
