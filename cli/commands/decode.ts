import type { Command } from 'commander'
import { decodeToken } from '../../shared/token/decode'
import { exitCodes } from '../exit'
import { readArgumentOrStdin } from '../io'
import { formatDecoded } from '../output/decoded'
import { colorEnabled } from '../output/style'

export function registerDecode(program: Command): void {
  program
    .command('decode')
    .description('decode a JWS, JWE or unsecured token without verifying it')
    .argument('<token>', 'the token, or "-" to read it from standard input')
    .option('--json', 'print the decoded structure as JSON')
    .action(async (tokenArgument: string, options: { json?: boolean }) => {
      const token = decodeToken(await readArgumentOrStdin(tokenArgument, 'token'), { allowDuplicateMembers: true })
      const now = Date.now() / 1000
      process.stdout.write(options.json ? `${JSON.stringify(token, null, 2)}\n` : `${formatDecoded(token, { color: colorEnabled(), now })}\n`)
      process.exitCode = exitCodes.ok
    })
}
