import type { Command } from 'commander'
import { SignetError } from '#shared/errors'
import { exitCodes, runRefusable } from '../exit'
import { readArgumentOrStdin, readUserFile } from '../io'
import { openCore } from '../core'
import { printWarnings } from '../output/keys-cli'
import { out, printJson } from '../output/write'
import { jsonSyntaxProblem } from '#shared/encoding/json-syntax'

interface SignOptions {
  set: string
  kid?: string
  claims: string
  exp?: string
  nbf?: string
  typ?: string
  cty?: string
  jti?: boolean
  encryptTo?: string
  statusList?: string
  json?: boolean
}

export function registerSign(program: Command): void {
  program
    .command('sign')
    .description("sign a JWT with a set's active key and print it (iss, iat, exp, jti and kid are filled in)")
    .requiredOption('--set <name>', 'the key set')
    .option('--kid <kid>', 'sign with this key of the set instead of the active one (warns)')
    .requiredOption('--claims <file|->', 'a JSON object of claims, from a file or "-" for standard input')
    .option('--exp <duration>', "lifetime from now, e.g. 15m (default: the set's default token lifetime)")
    .option('--nbf <duration>', 'valid only after this delay from now')
    .option('--typ <type>', 'the typ header (default JWT)')
    .option('--cty <type>', 'the cty header')
    .option('--no-jti', 'do not add a random jti')
    .option('--encrypt-to <jwk-file>', 'wrap the signed token in a JWE for this recipient public JWK')
    .option(
      '--status-list <name>',
      'allocate a random index in this managed status list and add status.status_list {idx, uri}',
    )
    .option('--json', 'print the token with its header, claims and warnings as JSON')
    .action((options: SignOptions, command: Command) =>
      runRefusable(async () => {
        const text =
          options.claims === '-' ? await readArgumentOrStdin('-', 'claims') : readUserFile(options.claims, 'claims')
        const claims = parseObject(text, 'claims')
        const encryptTo =
          options.encryptTo === undefined
            ? undefined
            : { jwk: parseObject(readUserFile(options.encryptTo, 'recipient key'), 'recipient key') }
        const result = await openCore(command).call('sign:token', {
          set: options.set,
          claims,
          ...(options.kid ? { kid: options.kid } : {}),
          ...(options.exp !== undefined ? { expiresIn: options.exp } : {}),
          ...(options.nbf !== undefined ? { notBefore: options.nbf } : {}),
          ...(options.typ !== undefined ? { typ: options.typ } : {}),
          ...(options.cty !== undefined ? { cty: options.cty } : {}),
          ...(options.jti === false ? { jti: false } : {}),
          ...(encryptTo ? { encryptTo } : {}),
          // The signer allocates the index, so its note records the jti, sub, exp and signing kid.
          ...(options.statusList !== undefined ? { statusList: options.statusList } : {}),
        })
        printWarnings(result.warnings)
        if (options.json) printJson(result)
        else out(result.token)
        process.exitCode = exitCodes.ok
      }),
    )
}

function parseObject(text: string, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // Never JSON.parse's message: it quotes the text, which may be a private JWK or a secret claim.
    throw new SignetError(
      'ERR_USAGE',
      `The ${what} ${what === 'claims' ? 'are' : 'is'} not valid JSON (${jsonSyntaxProblem(text)}); the text is not shown.`,
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SignetError('ERR_USAGE', `The ${what} must be a JSON object.`)
  return value as Record<string, unknown>
}
