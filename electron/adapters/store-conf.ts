import Conf from 'conf'
import type { StoreBackendFactory } from './store'

/** The store backend outside Electron (CLI, tests): conf, the engine electron-store is built on. */
export const confBackend: StoreBackendFactory = ({ cwd, name }) =>
  new Conf<Record<string, unknown>>({ cwd, configName: name, projectName: 'signet', watch: false, accessPropertiesByDotNotation: false })
