import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { SignetError } from '../../shared/errors'
import { exitCodes } from '../exit'
import { keyCli, printWarnings, runRefusable } from '../output/keys-cli'
import { oneLine } from '../output/safe-text'
import { err, out, printJson } from '../output/write'

export function registerJwks(program: Command): void {
  const jwks = program.command('jwks').description('the published JWKS of a key set')
  jwks
    .command('export')
    .description('print (or write) the set\'s published public keys as a canonical JWKS: same keys, same bytes')
    .requiredOption('--set <name>', 'the key set')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--json', 'print {set, jwks, keys, sha256, omittedSymmetric} as JSON (jwks as an object)')
    .action((options: { set: string; out?: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const result = await keyCli(command).call('jwks:export', { set: options.set })
        if (result.omittedSymmetric.length) {
          printWarnings([{ code: 'INFO_SYMMETRIC_OMITTED', message: `HS keys are never published: ${result.omittedSymmetric.map(oneLine).join(', ')}.` }])
        }
        if (options.out) {
          try {
            writeFileSync(options.out, result.jwks, { mode: 0o644 })
          } catch (error) {
            throw new SignetError('ERR_FILE_UNREADABLE', `Cannot write the JWKS to "${options.out}": ${(error as Error).message}.`, { segment: options.out })
          }
          if (!options.json) err(`signet: wrote ${result.keys.length} ${result.keys.length === 1 ? 'key' : 'keys'} to ${options.out} (sha256 ${result.sha256})`)
        }
        if (options.json) printJson({ ...result, jwks: JSON.parse(result.jwks) as object, ...(options.out ? { out: options.out } : {}) })
        else if (!options.out) out(result.jwks)
        process.exitCode = exitCodes.ok
      }),
    )
}
