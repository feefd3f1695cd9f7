import { Command, CommanderError } from 'commander'
import { SignetError } from '../shared/errors'
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
import { registerThumbprint } from './commands/thumbprint'
import { registerVerify } from './commands/verify'
import { exitCodeHelp, exitCodes } from './exit'
import { commanderOutput, endQuietlyOnClosedPipe, printError, setJsonMode } from './output/write'
import { version } from './version'

/**
 * The command line: a thin front door over shared/ and electron/services, one file per command in
 * cli/commands/. Every failure, commander's usage errors included, becomes one line on stderr
 * (`signet: ERR_CODE: message`, or JSON under --json) and an exit code from exit.ts.
 */
export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe()
  const end = argv.indexOf('--')
  setJsonMode((end === -1 ? argv : argv.slice(0, end)).includes('--json'))
  const program = new Command()
    .name('signet')
    .description('Offline workbench for JSON Web Tokens and their signing keys')
    .version(version, '-V, --version')
    .option('--data-dir <dir>', 'where Signet keeps its store and audit log (default: SIGNET_DATA_DIR or the per-user app data directory)')
    .exitOverride()

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
  configureTree(program, [])

  try {
    process.exitCode = exitCodes.ok
    await program.parseAsync(argv, { from: 'user' })
    return Number(process.exitCode ?? 0)
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version "fail" with exit code 0; usage errors were printed by outputError.
      return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage
    }
    if (process.env.SIGNET_DEBUG && !(error instanceof SignetError)) console.error(error)
    return printError(error, exitCodes.usage)
  }
}

/**
 * Every command, at every depth: output through the escaping writer, usage errors in Signet's one
 * error style pointing to that command's help, and its exit codes at the end of its help.
 */
function configureTree(command: Command, path: string[]): void {
  const help = ['signet', ...path, '--help'].join(' ')
  command.exitOverride().configureOutput({
    writeOut: commanderOutput('out'),
    writeErr: commanderOutput('err'),
    outputError: (text) => {
      const message = text.trim().replace(/^error: /, '')
      const kidHint = /^unknown option '-/.test(message) && command.options.some((o) => o.long === '--kid') ? ' A kid that starts with "-" is given as --kid=<kid> or after --.' : ''
      printError(new SignetError('ERR_USAGE', `${message[0]?.toUpperCase() ?? ''}${message.slice(1)}.${kidHint}`), exitCodes.usage, `run "${help}" for usage`)
    },
  })
  if (path.length && command.commands.length === 0) command.addHelpText('after', exitCodeHelp(path.join(' ')))
  for (const sub of command.commands) configureTree(sub, [...path, sub.name()])
}

process.exitCode = await main(process.argv.slice(2))
