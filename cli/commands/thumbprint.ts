import type { Command } from 'commander'
import { jwkThumbprint } from '../../shared/keys/thumbprint'
import { exitCodes } from '../exit'
import { readArgumentOrStdin, readUserFile } from '../io'

export function registerThumbprint(program: Command): void {
  program
    .command('thumbprint')
    .description('print the RFC 7638 SHA-256 thumbprint of a JWK, base64url-encoded')
    .argument('<jwk-file>', 'a file holding one JWK, or "-" to read it from standard input')
    .action(async (file: string) => {
      const text = file === '-' ? await readArgumentOrStdin('-', 'JWK') : readUserFile(file, 'JWK')
      const { thumbprint } = await jwkThumbprint(text)
      process.stdout.write(`${thumbprint}\n`)
      process.exitCode = exitCodes.ok
    })
}
