import type { Command } from 'commander'
import { confBackend } from '#electron/adapters/store-conf'
import { argvConfirms } from '#electron/services/confirm'
import { createContext, type ServiceContext } from '#electron/services/context'
import { resolveDataDir } from '#electron/services/paths'
import { version } from './version'

/**
 * Opens the same store file and keychain service as the app, honouring --data-dir and the env. The
 * command line is trusted: the command the user typed is the confirmation of an irreversible action.
 */
export function openCliContext(command: Command): ServiceContext {
  const flag = (command.optsWithGlobals() as { dataDir?: string }).dataDir
  return createContext({
    dataDir: resolveDataDir({ flag }),
    version,
    storeBackend: confBackend,
    confirm: argvConfirms,
    via: 'cli',
  })
}
