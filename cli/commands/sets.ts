import type { Command } from 'commander'
import { exitCodes, runRefusable } from '../exit'
import { formatSets } from '../output/keys'
import { openCore } from '../core'
import { printWarnings } from '../output/keys-cli'
import { colorEnabled } from '../output/style'
import { out, printJson } from '../output/write'

interface CreateOptions {
  issuer?: string
  description?: string
  defaultTokenLifetime?: string
  maxTokenLifetime?: string
  jwksCache?: string
  clockSkew?: string
  rotationPeriod?: string
  json?: boolean
}

export function registerSets(program: Command): void {
  const sets = program.command('sets').description('key sets: one issuer or environment each, with one JWKS')

  sets
    .command('create')
    .description('create a key set (durations: 90s, 15m, 1h, 7d, 1h30m)')
    .argument('<name>', 'letters, digits, ".", "_" or "-"')
    .option('--issuer <url>', 'the iss claim of every token signed in the set')
    .option('--description <text>', 'what the set is for')
    .option('--default-token-lifetime <duration>', 'lifetime of a token when signing does not say (default 15m)')
    .option(
      '--max-token-lifetime <duration>',
      'the longest token the set signs; bounds when retired keys can be unpublished (default 1h)',
    )
    .option(
      '--jwks-cache <duration>',
      'how long verifiers cache the JWKS; a new key waits this long before it signs (default 15m)',
    )
    .option('--clock-skew <duration>', 'clock difference verifiers tolerate (default 60s)')
    .option('--rotation-period <duration>', 'how often the active key should be replaced (default: none)')
    .option('--json', 'print {set, warnings} as JSON')
    .action((name: string, options: CreateOptions, command: Command) =>
      runRefusable(async () => {
        const cli = openCore(command)
        const result = await cli.call('sets:create', {
          name,
          ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
          ...(options.description !== undefined ? { description: options.description } : {}),
          ...(options.defaultTokenLifetime !== undefined ? { defaultTokenLifetime: options.defaultTokenLifetime } : {}),
          ...(options.maxTokenLifetime !== undefined ? { maxTokenLifetime: options.maxTokenLifetime } : {}),
          ...(options.jwksCache !== undefined ? { jwksCacheTime: options.jwksCache } : {}),
          ...(options.clockSkew !== undefined ? { clockSkew: options.clockSkew } : {}),
          ...(options.rotationPeriod !== undefined ? { rotationPeriod: options.rotationPeriod } : {}),
        })
        printWarnings(result.warnings)
        if (options.json) printJson({ set: result.set, warnings: result.warnings })
        else out(formatSets([result.set], colorEnabled()))
        process.exitCode = exitCodes.ok
      }),
    )

  sets
    .command('list')
    .description('list key sets with their policy, keys and rotation status')
    .option('--json', 'print {sets} as JSON')
    .action((options: { json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const { sets: all } = await openCore(command).call('sets:list', undefined)
        if (options.json) printJson({ sets: all })
        else out(formatSets(all, colorEnabled()))
        process.exitCode = exitCodes.ok
      }),
    )
}
