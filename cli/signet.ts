import type { Command } from 'commander'
import { SignetError } from '#shared/errors'
import { exitCodeHelp, exitCodes } from './exit'
import { reportFailure } from './failure'
import { commanderOutput, endQuietlyOnClosedPipe, out, printError, setJsonMode } from './output/write'
import { version } from './version'

type Register = (program: Command) => void

/** Every command, in help order, each loaded only when it runs (or when help lists them all). */
const commands: Record<string, () => Promise<Register>> = {
  decode: async () => (await import('./commands/decode')).registerDecode,
  info: async () => (await import('./commands/info')).registerInfo,
  verify: async () => (await import('./commands/verify')).registerVerify,
  decrypt: async () => (await import('./commands/decrypt')).registerDecrypt,
  thumbprint: async () => (await import('./commands/thumbprint')).registerThumbprint,
  lint: async () => (await import('./commands/lint')).registerLint,
  scan: async () => (await import('./commands/scan')).registerScan,
  audit: async () => (await import('./commands/audit')).registerAudit,
  backup: async () => (await import('./commands/backup')).registerBackup,
  sets: async () => (await import('./commands/sets')).registerSets,
  keys: async () => (await import('./commands/keys')).registerKeys,
  sign: async () => (await import('./commands/sign')).registerSign,
  jwks: async () => (await import('./commands/jwks')).registerJwks,
  store: async () => (await import('./commands/store')).registerStore,
  'status-list': async () => (await import('./commands/status-list')).registerStatusList,
  revocations: async () => (await import('./commands/revocations')).registerRevocations,
}

/** The first argument that is not a global option (or its value); undefined for --help, --version. */
function commandName(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--data-dir') i++
    else if (!arg.startsWith('-')) return arg
    else if (!arg.startsWith('--data-dir=')) return undefined
  }
  return undefined
}

/**
 * The command line: a thin front door over shared/ and electron/services, one file per command in
 * cli/commands/. Every failure, commander's usage errors included, becomes one line on stderr
 * (`signet: ERR_CODE: message`, or JSON under --json) and an exit code from exit.ts. bin/signet.mjs
 * comes here through cli/start.ts, which answers `--version` and a plain `decode` without commander.
 */
export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedPipe()
  const end = argv.indexOf('--')
  setJsonMode((end === -1 ? argv : argv.slice(0, end)).includes('--json'))
  // `signet --version` alone needs no command parser: commander is most of its start-up.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    out(version)
    return exitCodes.ok
  }
  const { Command, CommanderError } = await import('commander')
  const program = new Command()
    .name('signet')
    .description('Offline workbench for JSON Web Tokens and their signing keys')
    .version(version, '-V, --version')
    .option(
      '--data-dir <dir>',
      'where Signet keeps its store and audit log (default: SIGNET_DATA_DIR or the per-user app data directory)',
    )
    .exitOverride()

  // Only the command being run is loaded: its dependencies (zod, pkijs, conf…) cost start-up time.
  const name = commandName(argv)
  const versionOnly = name === undefined && argv.some((arg) => arg === '-V' || arg === '--version')
  const wanted = name !== undefined && name in commands ? [name] : versionOnly ? [] : Object.keys(commands)
  for (const register of await Promise.all(wanted.map((command) => commands[command]!()))) register(program)
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
    return reportFailure(error)
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
      const kidHint =
        /^unknown option '-/.test(message) && command.options.some((o) => o.long === '--kid')
          ? ' A kid that starts with "-" is given as --kid=<kid> or after --.'
          : ''
      printError(
        new SignetError('ERR_USAGE', `${message[0]?.toUpperCase() ?? ''}${message.slice(1)}.${kidHint}`),
        exitCodes.usage,
        `run "${help}" for usage`,
      )
    },
  })
  if (path.length && command.commands.length === 0) command.addHelpText('after', exitCodeHelp(path.join(' ')))
  for (const sub of command.commands) configureTree(sub, [...path, sub.name()])
}

process.exitCode = await main(process.argv.slice(2))
