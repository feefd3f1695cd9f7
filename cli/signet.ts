import { Command, CommanderError } from 'commander'
import { isSignetError, toSerializedError } from '../shared/errors'
import { registerAudit } from './commands/audit'
import { registerBackup } from './commands/backup'
import { registerDecode } from './commands/decode'
import { registerDecrypt } from './commands/decrypt'
import { registerInfo } from './commands/info'
import { registerJwks } from './commands/jwks'
import { registerKeys } from './commands/keys'
import { registerLint } from './commands/lint'
import { registerSets } from './commands/sets'
import { registerSign } from './commands/sign'
import { registerStatusList } from './commands/status-list'
import { registerThumbprint } from './commands/thumbprint'
import { registerVerify } from './commands/verify'
import { exitCodes } from './exit'
import { version } from './version'

/**
 * The command line: a thin front door over shared/ and electron/services, one file per command in
 * cli/commands/. Every failure becomes one line on stderr and an exit code from exit.ts.
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('signet')
    .description('Offline workbench for JSON Web Tokens and their signing keys')
    .version(version, '-V, --version')
    .option('--data-dir <dir>', 'where Signet keeps its store and audit log (default: SIGNET_DATA_DIR or the per-user app data directory)')
    .showHelpAfterError('(run "signet --help" for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) })

  registerDecode(program)
  registerInfo(program)
  registerVerify(program)
  registerDecrypt(program)
  registerThumbprint(program)
  registerLint(program)
  registerAudit(program)
  registerBackup(program)
  registerSets(program)
  registerKeys(program)
  registerSign(program)
  registerJwks(program)
  registerStatusList(program)

  program.commands.forEach((command) => command.exitOverride())
  try {
    process.exitCode = exitCodes.ok
    await program.parseAsync(argv, { from: 'user' })
    return Number(process.exitCode ?? 0)
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version "fail" with exit code 0; real usage errors were already printed.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage
    }
    const serialized = toSerializedError(error)
    process.stderr.write(`signet: ${serialized.code}: ${serialized.message}\n`)
    if (!isSignetError(error)) process.stderr.write('signet: run with SIGNET_DEBUG=1 for details\n')
    if (process.env.SIGNET_DEBUG && !isSignetError(error)) console.error(error)
    return exitCodes.usage
  }
}

process.exitCode = await main(process.argv.slice(2))
