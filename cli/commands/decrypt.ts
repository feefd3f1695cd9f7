import type { Command } from 'commander'
import { SignetError } from '#shared/errors'
import { encodeBase64url } from '#shared/encoding/base64url'
import { decodeToken } from '#shared/token/decode'
import type { DecryptionInput } from '#shared/token/decrypt'
import { inspectToken } from '#shared/token/inspect'
import { exitCodes } from '../exit'
import { readArgumentOrStdin, readUserFile } from '../io'
import { readKeyFile, withoutFinalNewline } from '../key-input'
import { formatDecoded } from '../output/decoded'
import { oneLine } from '../output/safe-text'
import { colorEnabled } from '../output/style'
import { formatChecks, formatVerdict } from '../output/trace'
import { err, out, outData, printJson } from '../output/write'

interface DecryptOptions {
  key?: string
  passwordFile?: string
  /** commander's name for --allow-rsa1-5 (it drops the "_" a hand-written name would have). */
  allowRsa15?: boolean
  json?: boolean
}

export function registerDecrypt(program: Command): void {
  program
    .command('decrypt')
    .description(
      'decrypt a JWE and print its plaintext, or inspect the token nested inside (exit 0 decrypted, 1 not decrypted, 2 usage)',
    )
    .argument('<jwe>', 'the encrypted token, or "-" to read it from standard input')
    .option('--key <file>', "the recipient's private key or secret: a JWK, a JWKS, or PEM")
    .option('--password-file <file>', 'file holding the password of a PBES2 token (one trailing newline is ignored)')
    .option('--allow-rsa1-5', 'also decrypt RSA1_5 (PKCS#1 v1.5) tokens; refused by default and always flagged')
    .option('--json', 'print the checks, headers and plaintext as JSON')
    .action(async (tokenArgument: string, options: DecryptOptions) => {
      if ((options.key === undefined) === (options.passwordFile === undefined)) {
        throw new SignetError(
          'ERR_USAGE',
          'Give exactly one of --key FILE (private key or secret) or --password-file F.',
        )
      }
      const decoded = decodeToken(await readArgumentOrStdin(tokenArgument, 'token'))
      if (decoded.type !== 'jwe')
        throw new SignetError(
          'ERR_JWE_NOT_ENCRYPTED',
          'This token is not encrypted (it is a JWS); verify it with "signet verify".',
        )
      const decryption: DecryptionInput =
        options.key !== undefined
          ? { keys: await readKeyFile(options.key, 'key') }
          : { password: withoutFinalNewline(readUserFile(options.passwordFile!, 'password')) }
      const inspection = await inspectToken(decoded, { decryption, allowRsa1_5: options.allowRsa15 ?? false })
      const outer = inspection.layers[0]
      const result = outer?.kind === 'jwe' ? outer.decryption : null
      if (!result) throw new SignetError('ERR_INTERNAL', 'The token could not be inspected.')
      const inner = inspection.layers[1]
      const color = colorEnabled()
      if (options.json) {
        const plaintext = result.plaintext === null ? null : (result.text ?? encodeBase64url(result.plaintext))
        printJson({
          status: result.status,
          reason: result.reason,
          checks: result.checks,
          header: result.header,
          key: result.key,
          flags: result.flags,
          plaintext,
          plaintextEncoding: result.plaintext === null ? null : result.text !== null ? 'utf8' : 'base64url',
          nested: inner
            ? {
                verdict: inspection.trace.verdict,
                reason: inspection.trace.reason,
                header: inspection.header,
                claims: inspection.claims,
                checks: inspection.trace.checks,
              }
            : null,
        })
      } else if (result.status !== 'decrypted') {
        out(
          [
            ...formatChecks(result.checks, color),
            '',
            formatVerdict({ verdict: 'invalid', reason: result.reason }, color),
          ].join('\n'),
        )
      } else if (inner) {
        const lines = [
          `Decrypted with ${oneLine(result.key?.label ?? 'the password')} (${oneLine(String(result.alg))}, ${oneLine(String(result.enc))}); the content is a nested token:`,
          '',
          formatDecoded(inner.decoded, { color, now: inspection.at }),
          '',
          ...formatChecks(inspection.trace.checks, color),
          '',
          formatVerdict(inspection.trace, color),
        ]
        out(lines.join('\n'))
      } else {
        if (result.flags.includes('rsa1_5'))
          err('signet: warning: decrypted an RSA1_5 (PKCS#1 v1.5) token, allowed by --allow-rsa1-5.')
        outData(result.text ?? result.plaintext!)
      }
      process.exitCode = result.status === 'decrypted' ? exitCodes.ok : exitCodes.negative
    })
}
