import type { Command } from 'commander'
import { pendingRecovery } from '#electron/adapters/store-recovery-marker'
import { openCore } from '../core'
import { exitCodes } from '../exit'
import { printWarnings } from '../output/keys-cli'
import { safeJson } from '../output/safe-text'
import { out as printOut } from '../output/write'
import { formatUtc } from '#shared/time/format-time'

/**
 * `signet store recover` and `signet store acknowledge`: the only ways the CLI ever replaces an
 * unreadable store file, and the way to say the user has seen that it happened.
 */
export function registerStore(program: Command): void {
  const store = program
    .command('store')
    .description('the store file: recover from an unreadable one, acknowledge a recovery')

  store
    .command('recover')
    .description(
      'move an unreadable store file aside (kept, never deleted) and start with an empty store; does nothing to a readable one',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { context, call } = openCore(command, { recoveryWarning: false })
      const { recovery, warnings } = await call('store:recover', undefined)
      printWarnings(warnings)
      if (options.json) {
        printOut(`${safeJson({ recovery })}\n`)
      } else if (recovery) {
        printOut(
          `${recovery.reason}\n` +
            'Private keys in the OS keychain were not touched; "signet keys reconcile" lists them. Restore the old store or a backup, or adopt them;\n' +
            'deleting keychain entries stays refused until you run "signet store acknowledge".\n',
        )
      } else {
        printOut(`The store file ${context.store.path} is readable: nothing to recover, nothing was changed.\n`)
      }
      process.exitCode = exitCodes.ok
    })

  store
    .command('acknowledge')
    .description(
      'confirm you have seen a store recovery: stops the warnings and allows deleting orphaned keychain entries again',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { context, call } = openCore(command, { recoveryWarning: false })
      const pending = pendingRecovery(context.dataDir)
      const { acknowledged, warnings } = await call('store:acknowledge-all', undefined)
      printWarnings(warnings)
      if (options.json) printOut(`${safeJson({ acknowledged })}\n`)
      else if (pending)
        printOut(
          `Acknowledged the store recovery of ${formatUtc(pending.at)} (old store kept at ${pending.movedTo}).\n`,
        )
      else printOut('There is no unacknowledged store recovery.\n')
      process.exitCode = exitCodes.ok
    })
}
