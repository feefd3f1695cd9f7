import type { Command } from 'commander'
import { createHmac } from 'node:crypto'
import { decodeToken } from '#shared/token/decode'
import { SignetError } from '#shared/errors'
import { lintToken, sortFindings, weakSecretFinding, type Finding } from '#shared/token/lint'
import { severities, type Severity } from '#shared/token/lint/types'
import { findWeakSecret, weakSecretPlan } from '#shared/token/weak-secrets/check'
import type { HmacFunction } from '#shared/token/weak-secrets/hmac'
import { exitCodes } from '../exit'
import { readArgumentOrStdin } from '../io'
import { formatFindings, summarize } from '../output/findings'
import { colorEnabled } from '../output/style'
import { out, printJson } from '../output/write'

/** In Node the native HMAC is several times faster than the portable one the renderer uses. */
const nodeHmac: HmacFunction = (alg, key, data) =>
  new Uint8Array(
    createHmac(`sha${alg.slice(2)}`, key)
      .update(data)
      .digest(),
  )

export function registerLint(program: Command): void {
  program
    .command('lint')
    .description(
      'report security problems in a token: alg none, weak HMAC secrets, risky headers, claims, encoding (exit 1 if any finding is at or above --fail-on, default high; 2 usage or unreadable input)',
    )
    .argument('<token>', 'the token, or "-" to read it from standard input')
    .option('--json', 'print the findings as JSON')
    .option(
      '--fail-on <severity>',
      `exit 1 when a finding is at least this severe: ${severities.join(', ')}, or "never" (default high)`,
    )
    .action(async (tokenArgument: string, options: { json?: boolean; failOn?: string }) => {
      const failOn = failOnSeverity(options.failOn)
      const token = decodeToken(await readArgumentOrStdin(tokenArgument, 'token'), { allowDuplicateMembers: true })
      let findings = lintToken(token, { now: Date.now() / 1000 })
      findings = await withFullWeakSecretCheck(token, findings)
      const summary = summarize(findings)
      if (options.json) {
        printJson({ form: token.form, summary, findings })
      } else {
        out(formatFindings(findings, { color: colorEnabled(), label: token.label }))
      }
      const failing =
        failOn === 'never' ? [] : findings.filter((f) => severities.indexOf(f.severity) <= severities.indexOf(failOn))
      process.exitCode = failing.length > 0 ? exitCodes.negative : exitCodes.ok
    })
}

/** lintToken tries only the commonest secrets; a command line can afford the whole dictionary. */
async function withFullWeakSecretCheck(token: ReturnType<typeof decodeToken>, findings: Finding[]): Promise<Finding[]> {
  const hmac = token.type === 'jws' && token.signatures.some((s) => /^HS(256|384|512)$/.test(String(s.joseHeader.alg)))
  if (!hmac || findings.some((f) => f.id === 'weak-hmac-secret')) return findings
  // Over budget, lintToken has already reported the check as skipped (weak-secret-check-skipped).
  if (findings.some((f) => f.id === 'weak-secret-check-skipped') && !weakSecretPlan(token).targets.length)
    return findings
  const match = await findWeakSecret(token, { hmac: nodeHmac })
  if (!match) return findings
  const segment = token.form === 'jws-json-general' ? `signatures[${match.signatureIndex}].signature` : 'signature'
  return sortFindings([...findings, weakSecretFinding(match, segment)])
}

function failOnSeverity(text: string | undefined): Severity | 'never' {
  if (text === undefined) return 'high'
  const value = text.trim().toLowerCase()
  if (value === 'never' || (severities as readonly string[]).includes(value)) return value as Severity | 'never'
  throw new SignetError(
    'ERR_USAGE',
    `--fail-on takes one of ${severities.join(', ')} or never, not "${text}". See "signet lint --help".`,
  )
}
