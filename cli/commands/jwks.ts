import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { SignetError } from '#shared/errors'
import { diffJwks } from '#shared/jwks/diff'
import { lintJwks, maxJwksBytes } from '#shared/jwks/lint'
import { parseJson } from '#shared/encoding/json'
import { exitCodes, runRefusable } from '../exit'
import { readArgumentOrStdin, readUserFile } from '../io'
import { formatJwksDiff, formatJwksFindings } from '../output/jwks'
import { openCore } from '../core'
import { printWarnings } from '../output/keys-cli'
import { oneLine } from '../output/safe-text'
import { err, out, printJson } from '../output/write'
import { colorEnabled } from '../output/style'
import { readPublishedJwks } from '#electron/services/publishing/published-jwks'
import { startJwksServer } from '#electron/services/publishing/serve'
import { registerJwksPublishing } from './jwks-publish'
import { jwksTooLarge } from '#shared/jwks/size'

export function registerJwks(program: Command): void {
  const jwks = program.command('jwks').description('the published JWKS of a key set')
  jwks
    .command('export')
    .description("print (or write) the set's published public keys as a canonical JWKS: same keys, same bytes")
    .requiredOption('--set <name>', 'the key set')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--json', 'print {set, jwks, keys, sha256, omittedSymmetric} as JSON (jwks as an object)')
    .action((options: { set: string; out?: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const result = await openCore(command).call('jwks:export', { set: options.set })
        if (result.omittedSymmetric.length) {
          printWarnings([
            {
              code: 'INFO_SYMMETRIC_OMITTED',
              message: `HS keys are never published: ${result.omittedSymmetric.map(oneLine).join(', ')}.`,
            },
          ])
        }
        if (options.out) {
          try {
            writeFileSync(options.out, result.jwks, { mode: 0o644 })
          } catch (error) {
            throw new SignetError(
              'ERR_FILE_UNREADABLE',
              `Cannot write the JWKS to "${options.out}": ${(error as Error).message}.`,
              { segment: options.out },
            )
          }
          if (!options.json)
            err(
              `signet: wrote ${result.keys.length} ${result.keys.length === 1 ? 'key' : 'keys'} to ${options.out} (sha256 ${result.sha256})`,
            )
        }
        if (options.json)
          printJson({
            ...result,
            jwks: JSON.parse(result.jwks) as object,
            ...(options.out ? { out: options.out } : {}),
          })
        else if (!options.out) out(result.jwks)
        process.exitCode = exitCodes.ok
      }),
    )
  jwks
    .command('lint')
    .description(
      'check any JWKS before it ships: private or symmetric keys, kids, use/alg, sizes, curves, encoding, x5c (exit 1 on a high finding)',
    )
    .argument('<file>', 'the JWKS file, or "-" to read it from standard input')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = await readJwksArgument(file)
      const report = await lintJwks(text)
      if (options.json) printJson(report)
      else
        out(
          formatJwksFindings(report.findings, report.keyCount, file === '-' ? 'standard input' : file, colorEnabled()),
        )
      process.exitCode = report.ok ? exitCodes.ok : exitCodes.negative
    })
  jwks
    .command('diff')
    .description(
      "compare two JWKS: kids added, removed, changed; with --set, judge each removal against the set's lifecycle (exit 1 when unsafe)",
    )
    .argument('<old>', 'the JWKS published now (file, or "-" for standard input)')
    .argument('<new>', 'the JWKS about to be published (file, or "-")')
    .option('--set <name>', "judge removals against this key set's keys and policy")
    .option('--json', 'print the diff as JSON')
    .action((oldFile: string, newFile: string, options: { set?: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        if (oldFile === '-' && newFile === '-')
          throw new SignetError('ERR_USAGE', 'Only one of <old> and <new> can be read from standard input.')
        const before = parseJwksText(await readJwksArgument(oldFile), oldFile)
        const after = parseJwksText(await readJwksArgument(newFile), newFile)
        let lifecycle
        if (options.set) {
          const cli = openCore(command)
          const { keys } = await cli.call('keys:list', { set: options.set, includeDestroyed: true })
          lifecycle = { keys, now: cli.context.now() }
        }
        const diff = await diffJwks(before, after, lifecycle)
        if (options.json) printJson(diff)
        else out(formatJwksDiff(diff, colorEnabled()))
        process.exitCode = diff.safe ? exitCodes.ok : exitCodes.negative
      }),
    )
  registerServe(jwks)
  registerJwksPublishing(jwks)
}

function registerServe(jwks: Command): void {
  jwks
    .command('serve')
    .description(
      "serve sets' JWKS and openid-configuration over HTTP on 127.0.0.1 until SIGINT/SIGTERM; every request reads the current keys",
    )
    .option(
      '--set <name>',
      'a key set to serve (repeat for more; default: every set)',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--port <port>', 'the port (default: a free one)', (value: string) => {
      const port = Number(value)
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new SignetError('ERR_USAGE', `--port must be an integer from 0 to 65535, not "${value}".`)
      return port
    })
    .option('--host <host>', 'the address to listen on', '127.0.0.1')
    .option('--allow-remote', 'allow a non-loopback --host (other machines can then fetch the JWKS)')
    .action(
      async (options: { set?: string[]; port?: number; host: string; allowRemote?: boolean }, command: Command) => {
        const { context } = openCore(command)
        const sets = options.set?.length ? options.set : context.store.read().keySets.map((set) => set.name)
        const server = await startJwksServer({
          sets,
          read: (set) => readPublishedJwks(context.store, set),
          host: options.host,
          ...(options.port !== undefined ? { port: options.port } : {}),
          allowRemote: !!options.allowRemote,
        })
        for (const [set, url] of Object.entries(server.jwksUrls)) err(`signet: serving set "${oneLine(set)}" at ${url}`)
        out(`${server.url}/.well-known/jwks.json`)
        await new Promise<void>((resolve) => {
          const stop = () => {
            process.off('SIGINT', stop)
            process.off('SIGTERM', stop)
            void server.close().then(resolve)
          }
          process.on('SIGINT', stop)
          process.on('SIGTERM', stop)
        })
        err('signet: stopped')
        process.exitCode = exitCodes.ok
      },
    )
}

async function readJwksArgument(file: string): Promise<string> {
  const budget = {
    maxBytes: maxJwksBytes,
    tooLarge: (bytes: number | undefined) => jwksTooLarge(file === '-' ? 'Standard input' : `"${file}"`, bytes),
  }
  return file === '-' ? readArgumentOrStdin('-', 'JWKS', budget) : readUserFile(file, 'JWKS', budget)
}

function parseJwksText(text: string, file: string): unknown {
  try {
    return parseJson(text, 'JWKS').value
  } catch (error) {
    throw new SignetError(
      'ERR_JWKS_JSON',
      `${file === '-' ? 'Standard input' : `"${file}"`} is not JSON: ${error instanceof Error ? error.message : 'unreadable'}`,
    )
  }
}
