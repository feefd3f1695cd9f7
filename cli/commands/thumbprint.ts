import type { Command } from 'commander'
import { jwkThumbprint } from '#shared/key-material/thumbprint'
import { exitCodes } from '../exit'
import { readArgumentOrStdin, readUserFile } from '../io'
import { out, printJson } from '../output/write'

export function registerThumbprint(program: Command): void {
  program
    .command('thumbprint')
    .description('print the RFC 7638 SHA-256 thumbprint of a JWK, base64url-encoded')
    .argument('<jwk-file>', 'a file holding one JWK, or "-" to read it from standard input')
    .option('--json', 'print {thumbprint, hashAlgorithm} as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = file === '-' ? await readArgumentOrStdin('-', 'JWK') : readUserFile(file, 'JWK')
      const { thumbprint } = await jwkThumbprint(text)
      if (options.json) printJson({ thumbprint, hashAlgorithm: 'SHA-256' })
      else out(thumbprint)
      process.exitCode = exitCodes.ok
    })
}
