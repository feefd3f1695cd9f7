import { Option, type Command } from 'commander'
import type { RevokeSignedByResult } from '#shared/contract/revocations'
import { SignetError } from '#shared/errors'
import { canonicalJwk } from '#shared/jwks/serialize'
import { certificateLimits } from '#shared/managed-keys/certificate-limits'
import {
  keyActions,
  signingAlgorithms,
  type KeyAction,
  type SigningAlgorithm,
  type Warning,
} from '#shared/managed-keys/types'
import { exitCodes, runRefusable } from '../exit'
import { readUserFile } from '../io'
import { formatKeys, formatReconcile } from '../output/keys'
import { kidFrom } from '../kid-argument'
import { openCore, reportReconciliation } from '../core'
import { printWarnings } from '../output/keys-cli'
import { oneLine } from '../output/safe-text'
import { colorEnabled } from '../output/style'
import { out, printJson } from '../output/write'
import { plural } from '#shared/text/plural'

export function registerKeys(program: Command): void {
  const keys = program
    .command('keys')
    .description('signing keys: generate, import, list, export, rotate, and move through their lifecycle')

  keys
    .command('generate')
    .description('generate a key in a set (staged unless --activate) and print its kid')
    .requiredOption('--set <name>', 'the key set')
    .addOption(new Option('--alg <ALG>', 'the signing algorithm').choices([...signingAlgorithms]).makeOptionMandatory())
    .option('--bits <N>', 'RSA modulus length: 2048 (default), 3072 or 4096', parseBits)
    .option('--kid <kid>', 'a custom kid (default: the RFC 7638 thumbprint)')
    .option('--activate', "make it the set's signing key at once (the previous active key is retired)")
    .option('--json', 'print {key, warnings} as JSON')
    .action(
      (
        options: {
          set: string
          alg: SigningAlgorithm
          bits?: number
          kid?: string
          activate?: boolean
          json?: boolean
        },
        command: Command,
      ) =>
        runRefusable(async () => {
          const cli = openCore(command)
          await reportReconciliation(cli)
          const result = await cli.call('keys:generate', {
            set: options.set,
            alg: options.alg,
            ...(options.bits !== undefined ? { bits: options.bits } : {}),
            ...(options.kid ? { kid: options.kid } : {}),
            activate: options.activate === true,
          })
          printKeyResult(result, options.json)
        }),
    )

  keys
    .command('import')
    .description(
      'import a private key (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1 PEM, or a private JWK) and print its kid',
    )
    .argument('<file>', 'the key file')
    .requiredOption('--set <name>', 'the key set')
    .option('--passphrase-file <file>', 'the passphrase of an encrypted key (one trailing newline is ignored)')
    .addOption(
      new Option('--alg <ALG>', 'the algorithm, where the key does not say (an RSA key for PS256)').choices([
        ...signingAlgorithms,
      ]),
    )
    .option('--kid <kid>', "a custom kid (default: the JWK's kid, else the RFC 7638 thumbprint)")
    .option('--activate', "make it the set's signing key at once")
    .option('--json', 'print {key, warnings} as JSON')
    .action(
      (
        file: string,
        options: {
          set: string
          passphraseFile?: string
          alg?: SigningAlgorithm
          kid?: string
          activate?: boolean
          json?: boolean
        },
        command: Command,
      ) =>
        runRefusable(async () => {
          const cli = openCore(command)
          const source = readUserFile(file, 'key')
          const passphrase =
            options.passphraseFile === undefined
              ? undefined
              : readUserFile(options.passphraseFile, 'passphrase').replace(/\r?\n$/, '')
          await reportReconciliation(cli)
          const result = await cli.call('keys:import', {
            set: options.set,
            source,
            ...(passphrase !== undefined ? { passphrase } : {}),
            ...(options.alg ? { alg: options.alg } : {}),
            ...(options.kid ? { kid: options.kid } : {}),
            activate: options.activate === true,
          })
          printKeyResult(result, options.json)
        }),
    )

  keys
    .command('list')
    .description('list keys: kid, set, algorithm, state, when it entered that state, and the next step')
    .option('--set <name>', 'only the keys of this set')
    .option('--json', 'print every key with its full history as JSON')
    .action((options: { set?: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const cli = openCore(command)
        await reportReconciliation(cli)
        const { keys: listed } = await cli.call('keys:list', options.set ? { set: options.set } : undefined)
        if (options.json) printJson({ keys: listed })
        else out(formatKeys(listed, cli.context.store.read().keySets, colorEnabled()))
        process.exitCode = exitCodes.ok
      }),
    )

  keys
    .command('export-public')
    .description('print the public key as a JWK (default), SPKI PEM, or RFC 7638 thumbprint')
    .argument('[kid]', 'the key (a kid starting with "-": use --kid=<kid> or put it after --)')
    .option('--kid <kid>', 'the key, as an option')
    .option('--pem', 'print SubjectPublicKeyInfo PEM')
    .option('--thumbprint', 'print the RFC 7638 SHA-256 thumbprint')
    .option('--json', 'print {kid, alg, set, jwk, pem, thumbprint} as JSON')
    .action(
      (
        argument: string | undefined,
        options: { kid?: string; pem?: boolean; thumbprint?: boolean; json?: boolean },
        command: Command,
      ) =>
        runRefusable(async () => {
          if ([options.pem, options.thumbprint, options.json].filter(Boolean).length > 1)
            throw new SignetError('ERR_USAGE', 'Choose one of --pem, --thumbprint and --json.')
          const kid = kidFrom(argument, options.kid, 'keys export-public')
          const exported = await openCore(command).call('keys:export-public', { kid })
          if (options.json) printJson({ ...exported, jwk: canonicalJwk(exported.jwk) })
          else
            out(
              options.pem
                ? exported.pem.trimEnd()
                : options.thumbprint
                  ? exported.thumbprint
                  : JSON.stringify(canonicalJwk(exported.jwk), null, 2),
            )
          process.exitCode = exitCodes.ok
        }),
    )

  keys
    .command('certificate')
    .description(
      "issue a self-signed X.509 certificate for a key (signed in this process with its private key), store it as the key's x5c and x5t#S256 in the JWKS, and print it as PEM",
    )
    .argument('[kid]', 'the key (a kid starting with "-": use --kid=<kid> or put it after --)')
    .option('--kid <kid>', 'the key, as an option')
    .option(
      '--days <n>',
      `validity from now, in days (1 to ${certificateLimits.maxDays}; default ${certificateLimits.defaultDays})`,
    )
    .option(
      '--subject <cn>',
      `the subject and issuer CN (at most ${certificateLimits.maxSubjectLength} characters; default the set's name)`,
    )
    .option('--json', 'print {key, certificate, warnings} as JSON')
    .action(
      (
        argument: string | undefined,
        options: { kid?: string; days?: string; subject?: string; json?: boolean },
        command: Command,
      ) =>
        runRefusable(async () => {
          const kid = kidFrom(argument, options.kid, 'keys certificate')
          if (options.days !== undefined && !/^\d{1,5}$/.test(options.days))
            throw new SignetError(
              'ERR_USAGE',
              `--days takes a whole number of days (1 to ${certificateLimits.maxDays}), not "${oneLine(options.days)}".`,
            )
          const result = await openCore(command).call('keys:certificate', {
            kid,
            ...(options.days !== undefined ? { days: Number(options.days) } : {}),
            ...(options.subject !== undefined ? { subject: options.subject } : {}),
          })
          printWarnings(result.warnings)
          if (options.json) printJson(result)
          else out(result.certificate.pem.trimEnd())
          process.exitCode = exitCodes.ok
        }),
    )

  keys
    .command('rotate')
    .description(
      "stage a new key of the active key's spec; it activates after the JWKS cache time (or --now), and the old key is retired then",
    )
    .requiredOption('--set <name>', 'the key set')
    .option('--now', "activate at once (verifiers with a cached JWKS reject the new key's tokens until they refresh)")
    .option('--json', 'print {key, previous, activateAt, warnings} as JSON')
    .action((options: { set: string; now?: boolean; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const cli = openCore(command)
        await reportReconciliation(cli)
        const result = await cli.call('keys:rotate', { set: options.set, immediately: options.now === true })
        printKeyResult(result, options.json)
      }),
    )

  for (const action of keyActions) registerTransition(keys, action)

  keys
    .command('reconcile')
    .description('compare the OS keychain with the store: list orphaned and missing secrets, and resolve them')
    .option('--adopt <account>', 'take an orphaned keychain entry under management as a staged key')
    .option('--set <name>', 'the set to adopt into, when the entry does not say')
    .option('--remove <account>', 'delete an orphaned keychain entry for good')
    .option(
      '--mark-missing <kid>',
      'record that a key\'s secret is gone from the keychain (a kid starting with "-": --mark-missing=<kid>)',
    )
    .option('--relink <account>', 'put an orphaned entry back under the missing key it holds (the report pairs them)')
    .option('--json', 'print the report as JSON')
    .action(
      (
        options: {
          adopt?: string
          set?: string
          remove?: string
          markMissing?: string
          relink?: string
          json?: boolean
        },
        command: Command,
      ) =>
        runRefusable(async () => {
          if (options.set && !options.adopt) throw new SignetError('ERR_USAGE', '--set applies to --adopt only.')
          const core = openCore(command)
          // The pairing is main's finding (thumbprints of the entry's public half): ask for it, then act on it.
          const relinkKid = options.relink
            ? (await core.call('keys:reconcile', undefined)).orphans.find((o) => o.account === options.relink)
                ?.sameKeyAs
            : undefined
          if (options.relink && !relinkKid) {
            throw new SignetError(
              'ERR_KEY_NOT_ORPHAN',
              `The keychain entry ${options.relink} is not an orphan that holds a missing key; run signet keys reconcile to see the pairs.`,
            )
          }
          const request = {
            ...(options.relink && relinkKid ? { relink: [{ account: options.relink, kid: relinkKid }] } : {}),
            ...(options.adopt
              ? { adopt: [{ account: options.adopt, ...(options.set ? { set: options.set } : {}) }] }
              : {}),
            ...(options.remove ? { remove: [options.remove] } : {}),
            ...(options.markMissing ? { markMissing: [options.markMissing] } : {}),
          }
          const report = await core.call('keys:reconcile', Object.keys(request).length ? request : undefined)
          if (options.json) printJson(report)
          else out(formatReconcile(report, colorEnabled()))
          process.exitCode = report.orphans.length || report.missing.length ? exitCodes.negative : exitCodes.ok
        }),
    )
}

const transitionHelp: Record<KeyAction, string> = {
  activate: "make a staged key the set's signing key (the previous active key is retired)",
  retire: 'stop signing with the active key; it stays published so its tokens verify',
  unpublish: 'remove a retired (or staged) key from the JWKS; refused before its safe date unless --force --reason',
  compromise: 'remove a key from the JWKS at once and flag every token it signed (the active key only with --force)',
  destroy: "delete an unpublished or compromised key's private key; a tombstone stays",
}

function registerTransition(keys: Command, action: KeyAction): void {
  const sub = keys
    .command(action)
    .description(transitionHelp[action])
    .argument('[kid]', 'the key (a kid starting with "-": use --kid=<kid> or put it after --)')
    .option('--kid <kid>', 'the key, as an option')
    .option(
      '--force',
      action === 'compromise'
        ? 'confirm compromising the active key; override a safety guard (needs --reason)'
        : 'override a safety guard (needs --reason)',
    )
    .option('--reason <text>', "why: recorded in the key's history and the audit log")
  if (action === 'compromise') {
    sub.option(
      '--revoke-tokens',
      'also set INVALID every status-list index whose token this key signed and that has not expired (works on an already compromised key too)',
    )
  }
  sub
    .option(
      '--json',
      action === 'compromise'
        ? 'print {key, alsoChanged, warnings, revocation} as JSON'
        : 'print {key, alsoChanged, warnings} as JSON',
    )
    .action(
      (
        argument: string | undefined,
        options: { kid?: string; force?: boolean; reason?: string; json?: boolean; revokeTokens?: boolean },
        command: Command,
      ) =>
        runRefusable(async () => {
          const kid = kidFrom(argument, options.kid, `keys ${action}`)
          const cli = openCore(command)
          const record = cli.context.store.read().keys.find((k) => k.kid === kid)
          // Revoking the tokens of a key compromised earlier: the key stays as it is, only its tokens change.
          const alreadyCompromised =
            action === 'compromise' && options.revokeTokens === true && record?.state === 'compromised'
          if (action === 'compromise' && !options.force && !alreadyCompromised)
            confirmCompromise(cli.context.store.read().keys, kid)
          const result = alreadyCompromised
            ? { key: { kid, state: 'compromised' }, alsoChanged: [], warnings: [] as Warning[] }
            : await cli.call(`keys:${action}`, {
                kid,
                force: options.force === true,
                ...(options.reason !== undefined ? { reason: options.reason } : {}),
              })
          printWarnings(result.warnings)
          const revocation =
            action === 'compromise'
              ? await cli.call('status-list:revoke-signed-by', {
                  kid,
                  dryRun: options.revokeTokens !== true,
                  ...(options.reason !== undefined
                    ? { reason: `signing key ${kid} compromised: ${options.reason}` }
                    : {}),
                })
              : null
          if (options.json) {
            printJson({
              key: result.key,
              alsoChanged: result.alsoChanged,
              warnings: result.warnings,
              ...(revocation ? { revocation } : {}),
            })
          } else {
            const others = result.alsoChanged.map((k) => `${oneLine(k.kid)} ${k.state}`).join(', ')
            out(`${oneLine(result.key.kid)} ${result.key.state}${others ? ` (${others})` : ''}`)
            if (revocation) out(describeRevocation(kid, revocation))
          }
          process.exitCode = exitCodes.ok
        }),
    )
}

/** What --revoke-tokens did, or without it how many tokens it would revoke and the exact command. */
export function describeRevocation(kid: string, result: RevokeSignedByResult): string {
  const tokens = (n: number) => plural(n, 'token')
  const where = result.lists.map((l) => oneLine(l.name)).join(', ')
  // On its own line, so the command above it can be copied whole.
  const unknown =
    result.unknownSigner > 0
      ? `\n${result.unknownSigner} status-list note${result.unknownSigner === 1 ? ' in the set records' : 's in the set record'} no signer (unknown signer, issued before Signet recorded it): check ${result.unknownSigner === 1 ? 'it' : 'them'} by hand.`
      : ''
  if (result.applied) {
    if (result.revoked === 0 && result.alreadyInvalid === 0)
      return `No unexpired token signed by ${oneLine(kid)} carries a status index.${unknown}`
    const already = result.alreadyInvalid > 0 ? ` (${result.alreadyInvalid} already were)` : ''
    const publish = result.lists.map((l) => `signet status-list export ${oneLine(l.name)}`).join('; ')
    return `Revoked ${tokens(result.revoked)} signed by ${oneLine(kid)}: set INVALID in ${where}${already}. Publish: ${publish}.${unknown}`
  }
  const pending = result.live - result.alreadyInvalid
  if (pending === 0) return `No unexpired token signed by ${oneLine(kid)} is still VALID in a status list.${unknown}`
  return `${tokens(pending)} signed by ${oneLine(kid)} ${pending === 1 ? 'is' : 'are'} unexpired and not revoked (in ${where}). Revoke them: signet keys compromise --kid=${oneLine(kid)} --revoke-tokens${unknown}`
}

/**
 * Compromising the active key stops the set's signing at once and flags every token it signed: the
 * app asks to type the kid; the CLI asks for --force. Refused (exit 1) without it.
 */
function confirmCompromise(records: readonly { kid: string; state: string }[], kid: string): void {
  if (records.some((record) => record.kid === kid && record.state === 'active')) {
    throw new SignetError(
      'ERR_CONFIRMATION_REQUIRED',
      `"${kid}" is the active key of its set: compromising it stops signing in the set at once and flags every token it signed. Repeat with --force to confirm (signet keys compromise --kid=${kid} --force --reason TEXT).`,
    )
  }
}

/** generate, import and rotate: the kid on stdout (for scripts), or the whole result with --json. */
function printKeyResult(result: { key: { kid: string }; warnings: Warning[] }, json: boolean | undefined): void {
  printWarnings(result.warnings)
  if (json) printJson(result)
  else out(oneLine(result.key.kid))
  process.exitCode = exitCodes.ok
}

function parseBits(value: string): number {
  if (!/^\d+$/.test(value))
    throw new SignetError('ERR_USAGE', `--bits takes a whole number (2048, 3072 or 4096), not "${value}".`)
  return Number(value)
}
