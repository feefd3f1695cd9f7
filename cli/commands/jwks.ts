import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { SignetError } from '../../shared/errors'
import { exitCodes } from '../exit'
import { exitCodeHelp, keyCli, printWarnings, runRefusable } from '../output/keys-cli'

export function registerJwks(program: Command): void {
  const jwks = program.command('jwks').description('the published JWKS of a key set').addHelpText('after', exitCodeHelp)
  jwks
    .command('export')
    .description('print (or write) the set\'s published public keys as a canonical JWKS: same keys, same bytes')
    .requiredOption('--set <name>', 'the key set')
    .option('--out <file>', 'write to this file instead of standard output')
    .action((options: { set: string; out?: string }, command: Command) =>
      runRefusable(async () => {
        const result = await keyCli(command).call('jwks:export', { set: options.set })
        if (result.omittedSymmetric.length) {
          printWarnings([{ code: 'INFO_SYMMETRIC_OMITTED', message: `HS keys are never published: ${result.omittedSymmetric.join(', ')}.` }])
        }
        if (options.out) {
          try {
            writeFileSync(options.out, result.jwks, { mode: 0o644 })
          } catch (error) {
            throw new SignetError('ERR_FILE_UNREADABLE', `Cannot write the JWKS to "${options.out}": ${(error as Error).message}.`, { segment: options.out })
          }
          process.stderr.write(`signet: wrote ${result.keys.length} key(s) to ${options.out} (sha256 ${result.sha256})\n`)
        } else {
          process.stdout.write(result.jwks)
        }
        process.exitCode = exitCodes.ok
      }),
    )
}
