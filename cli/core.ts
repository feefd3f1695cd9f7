import type { Command } from 'commander'
import { contract, type Channel, type ChannelInput, type ChannelOutput } from '#shared/contract'
import { SignetError } from '#shared/errors'
import { pendingRecovery } from '#electron/adapters/store-recovery-marker'
import {
  cliOnlyChannels,
  createCliOnlyHandlers,
  type CliOnlyChannel,
  type CliOnlyOutput,
} from '#electron/services/cli-channels'
import type { ServiceContext } from '#electron/services/context'
import { dispatchTo } from '#electron/services/dispatch'
import { createHandlers } from '#electron/services/handlers'
import { openCliContext } from './context'
import { printWarnings } from './output/keys-cli'

/**
 * The CLI's one way into stateful services: `call(channel, input)` runs the same dispatch as the
 * app's IPC (schema check, handler, error mapping; electron/services/dispatch.ts) over the app's
 * contract plus the CLI-only channels (electron/services/cli-channels.ts). So the CLI cannot do
 * anything the contract does not allow, and an argument the schema refuses is ERR_USAGE naming the
 * argument. Pure work (decode, verify with a given key, lint) calls shared/ directly.
 */

export interface CliCore {
  context: ServiceContext
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>
  call<C extends CliOnlyChannel>(channel: C, input: undefined): Promise<CliOnlyOutput<C>>
}

const table = { ...contract, ...cliOnlyChannels }

/**
 * Opens the store and keychain (--data-dir, env). The key commands repeat an unacknowledged store
 * recovery on stderr; the store, backup, audit and info commands say what they find themselves.
 */
export function openCore(command: Command, options: { recoveryWarning?: boolean } = {}): CliCore {
  const context = openCliContext(command)
  if (options.recoveryWarning ?? true) warnPendingRecovery(context)
  const handlers = { ...createHandlers(context), ...createCliOnlyHandlers(context) }
  async function call(channel: string, input: unknown): Promise<unknown> {
    const result = await dispatchTo(table, handlers, channel, input, { invalidInput: usageError })
    if (!result.ok) throw new SignetError(result.error.code, result.error.message, result.error.location)
    return result.value
  }
  return { context, call: call as CliCore['call'] }
}

function usageError(_channel: string, path: readonly PropertyKey[], message: string): SignetError {
  const where = path.length ? `${path.map(String).join('.')}: ` : ''
  return new SignetError('ERR_USAGE', `${where}${message}.`)
}

/** Every stateful command repeats an unacknowledged store recovery on stderr, run after run, until `signet store acknowledge`. */
function warnPendingRecovery(context: ServiceContext): void {
  const pending = pendingRecovery(context.dataDir)
  if (!pending) return
  printWarnings([
    {
      code: 'WARN_STORE_RECOVERED',
      message: `${pending.reason} Run "signet store acknowledge" once you have checked it.`,
    },
  ])
}

/**
 * The start-up reconciliation of the key commands: orphaned and missing secrets are reported on
 * stderr (never acted on). Skipped quietly when the keychain or the lock is busy or unavailable:
 * the command itself then reports what stops it.
 */
export async function reportReconciliation(core: CliCore): Promise<void> {
  let report
  try {
    report = await core.call('keys:reconcile-at-start', undefined)
  } catch {
    return
  }
  printWarnings([
    ...report.orphans.map((o) => ({
      code: 'WARN_ORPHANED_SECRET',
      message: `orphaned keychain entry ${o.account}${o.kid ? ` (kid "${o.kid}")` : ''}: ${o.action}`,
    })),
    ...report.missing.map((m) => ({
      code: 'WARN_MISSING_SECRET',
      message: `key "${m.kid}" (set ${m.set}, ${m.state}): ${m.action}`,
    })),
  ])
}
