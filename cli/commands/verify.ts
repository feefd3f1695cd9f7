import type { Command } from 'commander'
import { SignetError } from '#shared/errors'
import { parseEvaluationTime } from '#shared/validation-policy/evaluation-time'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import type { Policy, PolicyInput } from '#shared/validation-policy/policy'
import { decodeToken } from '#shared/token/decode'
import { inspectToken } from '#shared/token/inspect'
import type { JsonObject } from '#shared/encoding/json'
import type { ListEvidence } from '#shared/token/verify/list-checks'
import type { Trace } from '#shared/token/verify/check'
import type { KeySource } from '#shared/key-material/types'
import { exitCodes } from '../exit'
import { readArgumentOrStdin, readUserFile } from '../io'
import { readListTexts } from '../list-files'
import { verificationSource, type KeyOptions } from '../key-input'
import { colorEnabled } from '../output/style'
import { formatTrace, traceJson } from '../output/trace'
import { out, printJson } from '../output/write'

interface VerifyOptions extends KeyOptions {
  alg?: string
  iss?: string[]
  aud?: string[]
  sub?: string
  typ?: string
  require?: string
  skew?: string
  at?: string
  policy?: string
  futureIat?: string
  minHmacBytes?: string
  json?: boolean
  tokens?: string
  ndjson?: boolean
  statusList?: string[]
  revocations?: string[]
}

const collect = (value: string, previous: string[] = []) => [...previous, value]

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description(
      "verify a token's signature and validate its claims, explaining every check (exit 0 valid, 1 rejected, 2 usage or unreadable input)",
    )
    .argument('[token]', 'the token, or "-" to read it from standard input (or use --tokens)')
    .option('--key <file>', 'verification key: a JWK, a JWKS, or PEM (public key, private key, or certificate)')
    .option('--jwks <file>', "a JWK Set; the key is chosen by the token's kid, or every fitting key is tried")
    .option(
      '--secret <secret>',
      'HMAC secret (encoding auto-detected; see --secret-encoding). A command line is visible to other local users (ps, /proc): prefer --secret-file',
    )
    .option('--secret-file <file>', 'file holding the HMAC secret (one trailing newline is ignored)')
    .option(
      '--secret-encoding <encoding>',
      'how to read the secret: auto, utf8, base64, base64url or hex (default auto)',
    )
    .option('--alg <algs>', 'allowed algorithms, comma-separated (default: exactly those that fit the key; never none)')
    .option('--iss <issuer>', 'accepted issuer (repeat for several)', collect)
    .option('--aud <audience>', 'accepted audience (repeat for several)', collect)
    .option('--sub <subject>', 'expected subject')
    .option('--typ <type>', 'expected "typ" header, e.g. at+jwt')
    .option('--require <claims>', 'claims that must be present, comma-separated')
    .option('--skew <seconds>', 'clock skew tolerated for exp, nbf and iat (default 60)')
    .option('--at <time>', 'evaluate at this time: UNIX seconds or ISO 8601 with a zone (default now)')
    .option(
      '--future-iat <handling>',
      'an "iat" in the future beyond the skew: reject (default), warn or ignore; exp and nbf keep the skew',
    )
    .option(
      '--min-hmac-bytes <bytes>',
      'smallest HMAC secret accepted, in bytes (default RFC 7518: 32 for HS256, 48 for HS384, 64 for HS512)',
    )
    .option('--policy <file>', 'a policy JSON file (as exported by the app); the flags above override its fields')
    .option('--json', 'print {verdict, reason, checks, header, claims, key} as JSON')
    .option(
      '--tokens <file>',
      'verify many tokens: one per line ("-" for standard input; blank and # lines skipped); exit 1 if any is rejected',
    )
    .option('--ndjson', 'with --tokens: one JSON object per token, with its trace, then a summary')
    .option(
      '--status-list <file>',
      "a Status List Token (statuslist+jwt) to check the token's status in; verified with the same key as the token (exit 1 when revoked or suspended; repeat for several; with --tokens, read and verified once for every token)",
      collect,
    )
    .option(
      '--revocations <file>',
      "a Signet revocation list token to check the token's jti, sub and iat against; verified with the same key as the token (repeat for several; with --tokens, read and verified once)",
      collect,
    )
    .action(async (tokenArgument: string | undefined, options: VerifyOptions) => {
      const policy = await policyFrom(options)
      const at = policy.at === undefined ? Date.now() / 1000 : parseEvaluationTime(policy.at)
      if ((tokenArgument === undefined) === (options.tokens === undefined)) {
        throw new SignetError(
          'ERR_USAGE',
          'Give one token (or "-"), or --tokens FILE for many — not both, not neither.',
        )
      }
      // Each output flag belongs to one form: silently printing text where JSON was asked breaks a pipeline.
      if (options.tokens !== undefined && options.json)
        throw new SignetError(
          'ERR_USAGE',
          "--json prints one token's document; with --tokens use --ndjson: one JSON object per token, then a summary line.",
        )
      if (options.tokens === undefined && options.ndjson)
        throw new SignetError('ERR_USAGE', '--ndjson is for --tokens FILE; for one token use --json.')
      if (options.tokens !== undefined) {
        const { verifyBulk } = await import('./verify-bulk')
        const source = await verificationSource(options, at)
        process.exitCode = await verifyBulk(
          options.tokens,
          source,
          policy,
          at,
          options.ndjson ?? false,
          await listEvidence(options, source, policy),
        )
        return
      }
      const decoded = decodeToken(await readArgumentOrStdin(tokenArgument!, 'token'), { allowDuplicateMembers: true })
      if (decoded.type === 'jwe') {
        throw new SignetError(
          'ERR_INVALID_ARGUMENT',
          'This token is encrypted (JWE). Decrypt it with "signet decrypt", which also inspects a token nested inside.',
        )
      }
      const source = await verificationSource(options, at)
      const inspection = await inspectToken(decoded, { verificationKeys: source, policy, at })
      const trace = await withRevocationChecks(inspection.trace, inspection.claims, options, source, policy, at)
      if (options.json) {
        printJson(traceJson(trace, inspection.header, inspection.claims, inspection.key, at))
      } else {
        out(
          formatTrace(trace, { label: decoded.label, header: inspection.header, key: inspection.key }, colorEnabled()),
        )
      }
      process.exitCode = trace.verdict === 'valid' ? exitCodes.ok : exitCodes.negative
    })
}

/** The status list and revocation list checks (shared/token/verify/list-evidence.ts), appended to the token's trace. */
async function withRevocationChecks(
  trace: Trace,
  claims: JsonObject | null,
  options: VerifyOptions,
  source: KeySource,
  policy: Policy,
  at: number,
): Promise<Trace> {
  const evidence = await listEvidence(options, source, policy)
  if (!evidence) return trace
  const { withListChecks } = await import('#shared/token/verify/list-checks')
  return withListChecks(trace, claims, evidence, at, policy.clockSkew)
}

/** --status-list and --revocations, read and verified once with the tokens' key source; null when neither is given. */
async function listEvidence(options: VerifyOptions, source: KeySource, policy: Policy): Promise<ListEvidence | null> {
  const texts = readListTexts(options)
  if (!texts) return null
  const { prepareListEvidence } = await import('#shared/token/verify/list-evidence')
  return prepareListEvidence(texts, source, policy)
}

/** The policy of this run; zod (policySchema) is loaded only when a file or a flag must be validated. */
async function policyFrom(options: VerifyOptions): Promise<Policy> {
  const overrides = overridesFrom(options)
  if (!options.policy && Object.keys(overrides).length === 0) return defaultPolicy()
  const { mergePolicy, parsePolicyJson } = await import('#shared/validation-policy/policy')
  return mergePolicy(
    options.policy
      ? parsePolicyJson(readUserFile(options.policy, 'policy'), `The policy file "${options.policy}"`)
      : defaultPolicy(),
    overrides,
  )
}

function overridesFrom(options: VerifyOptions): Partial<PolicyInput> {
  const list = (text: string | undefined) =>
    text
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean)
  const overrides: Partial<PolicyInput> = {}
  if (options.alg !== undefined) overrides.algorithms = list(options.alg) ?? []
  if (options.iss !== undefined) overrides.issuer = options.iss
  if (options.aud !== undefined) overrides.audience = options.aud
  if (options.sub !== undefined) overrides.subject = options.sub
  if (options.typ !== undefined) overrides.typ = options.typ
  if (options.require !== undefined) overrides.requiredClaims = list(options.require) ?? []
  if (options.skew !== undefined) {
    if (!/^\d+$/.test(options.skew))
      throw new SignetError('ERR_USAGE', `--skew takes a whole number of seconds, not "${options.skew}".`)
    overrides.clockSkew = Number(options.skew)
  }
  if (options.at !== undefined) overrides.at = parseEvaluationTime(options.at)
  if (options.futureIat !== undefined) overrides.futureIat = options.futureIat as PolicyInput['futureIat']
  if (options.minHmacBytes !== undefined) {
    if (!/^\d+$/.test(options.minHmacBytes))
      throw new SignetError(
        'ERR_USAGE',
        `--min-hmac-bytes takes a whole number of bytes, not "${options.minHmacBytes}".`,
      )
    overrides.minHmacKeyBytes = Number(options.minHmacBytes)
  }
  return overrides
}
