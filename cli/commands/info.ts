import type { Command } from 'commander'
import { exitCodes } from '../exit'
import { openCliContext } from '../context'
import { createHandlers } from '../../electron/services/handlers'
import { colorEnabled, paint } from '../output/style'
import { out, printJson } from '../output/write'

export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('show the version, where data lives, and whether the OS keychain is usable')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const context = openCliContext(command)
      const info = await createHandlers(context)['app:info'](undefined)
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
        if (info.storeRecovery) lines.push(paint('yellow', `store recovery  ${info.storeRecovery.reason}`, c))
        out(lines.join('\n'))
      }
      process.exitCode = info.keychain.available ? exitCodes.ok : exitCodes.usage
    })
}
