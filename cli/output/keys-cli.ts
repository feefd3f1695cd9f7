import type { Command } from 'commander'
import { contract, type Channel, type ChannelInput, type ChannelOutput } from '../../shared/contract'
import { SignetError, type ErrorCode } from '../../shared/errors'
import type { Warning } from '../../shared/keys-lifecycle/types'
import type { ServiceContext } from '../../electron/services/context'
import { createHandlers } from '../../electron/services/handlers'
import { reconcileKeys } from '../../electron/services/keys/reconcile'
import { openCliContext } from '../context'
import { exitCodes } from '../exit'
import { oneLine } from './safe-text'
import { colorEnabled, paint } from './style'
import { err, printError } from './write'

/**
 * How the key commands (sets, keys, sign, jwks) reach the services: through the same handler table
 * and input schemas as the app, so the CLI cannot do anything the contract does not allow.
 */

/**
 * Refusals rather than failures: the request was understood and the environment works, but the
 * current state does not allow it (a lifecycle guard, another process, a name already taken).
 * These exit 1; everything else exits 2 (exit.ts).
 */
export const refusalCodes: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'ERR_LIFECYCLE_TRANSITION',
  'ERR_LIFECYCLE_TOO_EARLY',
  'ERR_LIFECYCLE_REASON_REQUIRED',
  'ERR_LIFECYCLE_ROTATION_PENDING',
  'ERR_CONFLICT',
  'ERR_SET_EXISTS',
  'ERR_SET_NOT_EMPTY',
  'ERR_SET_NO_ACTIVE_KEY',
  'ERR_KEY_KID_TAKEN',
  'ERR_KEY_DUPLICATE',
  'ERR_KEY_COMPROMISED',
  'ERR_KEY_DESTROYED',
  'ERR_CONFIRMATION_REQUIRED',
])

export interface KeyCli {
  context: ServiceContext
  call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>
}

export function keyCli(command: Command): KeyCli {
  const context = openCliContext(command)
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

/** Runs a command body; a refusal prints like any error but exits 1, anything else goes to signet.ts (exit 2). */
export async function runRefusable(body: () => Promise<void>): Promise<void> {
  try {
    await body()
  } catch (error) {
    if (error instanceof SignetError && refusalCodes.has(error.code)) {
      process.exitCode = printError(error, exitCodes.negative)
      return
    }
    throw error
  }
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
