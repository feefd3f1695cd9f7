import ElectronStore from 'electron-store'
import type { StoreBackendFactory } from './store'

/** The store backend in the app: electron-store (conf with Electron's paths and lifecycle). Owner-only file (0600), whatever the umask. */
export const electronStoreBackend: StoreBackendFactory = ({ cwd, name }) =>
  new ElectronStore<Record<string, unknown>>({
    cwd,
    name,
    watch: false,
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
  })
