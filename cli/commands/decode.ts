import type { Command } from 'commander'
import { decodeToken } from '#shared/token/decode'
import { exitCodes } from '../exit'
import { readArgumentOrStdin } from '../io'
import { decodeJson, formatDecoded } from '../output/decoded'
import { colorEnabled } from '../output/style'
import { out, printJson } from '../output/write'

export function registerDecode(program: Command): void {
  program
    .command('decode')
    .description('decode a JWS, JWE or unsecured token without verifying it')
    .argument('<token>', 'the token, or "-" to read it from standard input')
    .option('--json', 'print the decoded structure as JSON (header, claims, and every part)')
    .action(runDecode)
}

/**
 * `signet decode <token> [--json]` once its arguments are read — by commander above, or by
 * cli/fast-main.ts for the plain forms (cli/fast-path.ts). `tokenArgument` is the token or "-" for
 * standard input. Prints the decoded token (RFC 7515/7516 parts, RFC 7519 claims); errors are thrown.
 */
export async function runDecode(tokenArgument: string, options: { json?: boolean }): Promise<void> {
  const token = decodeToken(await readArgumentOrStdin(tokenArgument, 'token'), { allowDuplicateMembers: true })
  const now = Date.now() / 1000
  if (options.json) printJson(decodeJson(token))
  else out(formatDecoded(token, { color: colorEnabled(), now }))
  process.exitCode = exitCodes.ok
}
