import Conf from 'conf'
import type { StoreBackendFactory } from './store'

/** The store backend outside Electron (CLI, tests): conf, the engine electron-store is built on. Owner-only file (0600), whatever the umask. */
export const confBackend: StoreBackendFactory = ({ cwd, name }) =>
  new Conf<Record<string, unknown>>({
    cwd,
    configName: name,
    projectName: 'signet',
    watch: false,
    accessPropertiesByDotNotation: false,
    configFileMode: 0o600,
  })
