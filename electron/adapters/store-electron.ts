import ElectronStore from 'electron-store'
import type { StoreBackendFactory } from './store'

/** The store backend in the app: electron-store (conf with Electron's paths and lifecycle). */
export const electronStoreBackend: StoreBackendFactory = ({ cwd, name }) =>
  new ElectronStore<Record<string, unknown>>({ cwd, name, watch: false, accessPropertiesByDotNotation: false })
