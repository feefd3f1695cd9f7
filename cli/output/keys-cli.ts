import type { Command } from 'commander'
import { contract, type Channel, type ChannelInput, type ChannelOutput } from '../../shared/contract'
import { errorCategory } from '../../shared/error-category'
import { SignetError } from '../../shared/errors'
import type { Warning } from '../../shared/keys-lifecycle/types'
import type { ServiceContext } from '../../electron/services/context'
import { createHandlers } from '../../electron/services/handlers'
import { reconcileKeys } from '../../electron/services/keys/reconcile'
import { pendingRecovery } from '../../electron/adapters/store-recovery-marker'
import { openCliContext } from '../context'
import { exitCodes } from '../exit'
import { oneLine } from './safe-text'
import { colorEnabled, paint } from './style'
import { err, printError } from './write'

/**
 * How the key commands (sets, keys, sign, jwks) reach the services: through the same handler table
 * and input schemas as the app, so the CLI cannot do anything the contract does not allow.
 */


export interface KeyCli {
  context: ServiceContext
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>
}

export function keyCli(command: Command): KeyCli {
  const context = openCliContext(command)
  warnPendingRecovery(context)
  const handlers = createHandlers(context)
  return {
    context,
    async call(channel, input) {
      const parsed = contract[channel].input.safeParse(input)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue && issue.path.length ? `${issue.path.join('.')}: ` : ''
        throw new SignetError('ERR_USAGE', `${where}${issue?.message ?? 'invalid arguments'}.`)
      }
      const handler = handlers[channel] as (value: unknown) => Promise<ChannelOutput<typeof channel>>
      return handler(parsed.data)
    },
  }
}

/** Runs a command body; a refusal (shared/error-category.ts) prints like any error but exits 1, anything else goes to signet.ts. */
export async function runRefusable(body: () => Promise<void>): Promise<void> {
  try {
    await body()
  } catch (error) {
    if (error instanceof SignetError && errorCategory(error.code) === 'refused') {
      process.exitCode = printError(error, exitCodes.negative)
      return
    }
    throw error
  }
}

/** Every key command repeats an unacknowledged store recovery on stderr, run after run, until `signet store acknowledge`. */
export function warnPendingRecovery(context: ServiceContext): void {
  const pending = pendingRecovery(context.dataDir)
  if (!pending) return
  printWarnings([{ code: 'WARN_STORE_RECOVERED', message: `${pending.reason} Run "signet store acknowledge" once you have checked it.` }])
}

export function printWarnings(warnings: readonly Warning[]): void {
  const color = colorEnabled(process.stderr)
  for (const warning of warnings) {
    const label = warning.code.startsWith('INFO_') ? 'note' : 'warning'
    err(`${paint(label === 'note' ? 'cyan' : 'yellow', `signet: ${label}:`, color)} ${oneLine(warning.message)}`)
  }
}

/**
 * The start-up reconciliation of the key commands: orphaned and missing secrets are reported on
 * stderr (never acted on). Skipped quietly when the keychain or the lock is busy or unavailable:
 * the command itself then reports what stops it.
 */
export async function reportReconciliation(context: ServiceContext): Promise<void> {
  let report
  try {
    report = await reconcileKeys(context, undefined, { waitMs: 1000 })
  } catch {
    return
  }
  const warnings: Warning[] = [
    ...report.orphans.map((o) => ({ code: 'WARN_ORPHANED_SECRET', message: `orphaned keychain entry ${o.account}${o.kid ? ` (kid "${o.kid}")` : ''}: ${o.action}` })),
    ...report.missing.map((m) => ({ code: 'WARN_MISSING_SECRET', message: `key "${m.kid}" (set ${m.set}, ${m.state}): ${m.action}` })),
  ]
  printWarnings(warnings)
}
