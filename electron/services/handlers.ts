import type { Handlers } from '../../shared/contract'
import type { ServiceContext } from './context'

/**
 * The handler table: one entry per contract channel, each a thin call into a service. Shared by
 * main/ipc.ts, the e2e bridge and the integration tests, so all of them exercise the same code.
 * Typed as Handlers: a channel without a handler, or a handler without a channel, does not compile.
 */
export function createHandlers(context: ServiceContext): Handlers {
  return {
    'app:info': async () => ({
      name: 'Signet',
      version: context.version,
      dataDir: context.dataDir,
      storePath: context.store.path,
      keychain: await context.keychain.status(),
      storeRecovery: context.store.recovery,
      platform: process.platform,
    }),
    'keychain:status': (input) => context.keychain.status({ refresh: input?.refresh ?? false }),
    'audit:list': (input) => context.audit.list(input),
    'audit:verify': () => context.audit.verify(),
  }
}
