import type { Command } from 'commander'
import { exitCodes } from '../exit'
import { openCore } from '../core'
import { colorEnabled, paint } from '../output/style'
import { err, out, printJson } from '../output/write'

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('show the version, where data lives, and whether the OS keychain is usable')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const info = await openCore(command, { recoveryWarning: false }).call('app:info', undefined)
      if (options.json) {
        printJson(info)
      } else {
        const c = colorEnabled()
        const keychain = info.keychain.available
          ? paint('green', `available (${info.keychain.backend}, service "${info.keychain.service}")`, c)
          : paint('red', `unavailable — ${info.keychain.reason}`, c)
        const lines = [
          `${paint('bold', 'Signet', c)} ${info.version}`,
          `data directory  ${info.dataDir}`,
          `store file      ${info.storePath}`,
          `keychain        ${keychain}`,
        ]
        if (info.storeProblem) lines.push(paint('red', `store           unusable — see the error below`, c))
        if (info.storeRecovery) {
          lines.push(paint('yellow', `store recovery  ${info.storeRecovery.reason}`, c))
          lines.push(
            paint(
              'yellow',
              `                Not acknowledged yet: run "signet store acknowledge" once you have checked it.`,
              c,
            ),
          )
        }
        for (const warning of info.permissionWarnings) lines.push(paint('yellow', `permissions     ${warning}`, c))
        out(lines.join('\n'))
      }
      // The store is what every key command needs: an unusable one fails info too, with the same message.
      if (info.storeProblem) err(`signet: ERR_STORE_CORRUPT: ${info.storeProblem}`)
      process.exitCode = info.keychain.available && !info.storeProblem ? exitCodes.ok : exitCodes.usage
    })
}
