import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { SignetError } from '#shared/errors'
import { statusListAggregation } from '#shared/status-list/aggregation'
import { parseStatusListTtl } from '#shared/status-list/list-timing'
import { parseStatusName, statusLabel } from '#shared/status-list/status-types'
import { formatDuration, parseDuration } from '#shared/time/duration'
import { exitCodes, runRefusable } from '../exit'
import { openCore } from '../core'
import { printWarnings } from '../output/keys-cli'
import { oneLine, safeJson } from '../output/safe-text'
import { err, out } from '../output/write'
import { parseBits, parseIndex } from './status-list-arguments'
import { formatUtc } from '#shared/time/format-time'
import { plural } from '#shared/text/plural'

/** `status-list create|list|set|get|export`: lists kept in the store for a key set. */
export function registerManagedStatusLists(group: Command): void {
  group
    .command('create')
    .description('create an empty (all VALID) status list for a key set')
    .argument('<name>', "the list's name")
    .requiredOption('--set <set>', 'the key set whose active key signs the list')
    .requiredOption(
      '--uri <url>',
      'where the Status List Token will be published (its sub; referenced tokens carry it)',
    )
    .option('--bits <n>', 'bits per status: 1, 2, 4 or 8', '1')
    .option('--size <n>', 'number of entries (default 131072)')
    .option('--ttl <duration>', "the token's ttl claim, e.g. 1h (default 1h)")
    .option('--lifetime <duration>', "each exported token's lifetime, e.g. 24h (default 24h, within the set's maximum)")
    .option('--aggregation-uri <url>', 'the status_list.aggregation_uri to publish')
    .option('--json', 'print the list as JSON')
    .action(
      (
        name: string,
        options: {
          set: string
          uri: string
          bits: string
          size?: string
          ttl?: string
          lifetime?: string
          aggregationUri?: string
          json?: boolean
        },
        command: Command,
      ) =>
        runRefusable(async () => {
          const result = await openCore(command).call('status-list:create', {
            name,
            set: options.set,
            uri: options.uri,
            bits: parseBits(options.bits) as 1 | 2 | 4 | 8,
            ...(options.size !== undefined ? { size: parseIndex(options.size) } : {}),
            ...(options.ttl !== undefined ? { ttl: parseDuration(options.ttl, '--ttl') } : {}),
            ...(options.lifetime !== undefined ? { lifetime: parseDuration(options.lifetime, '--lifetime') } : {}),
            ...(options.aggregationUri !== undefined ? { aggregationUri: options.aggregationUri } : {}),
          })
          printWarnings(result.warnings)
          out(
            options.json
              ? `${safeJson(result.list)}\n`
              : `Created status list ${name}: ${result.list.size} entries of ${plural(result.list.bits, 'bit')}, set ${result.list.set}, uri ${JSON.stringify(result.list.uri)}\n`,
          )
        }),
    )

  group
    .command('update')
    .description("change a list's token ttl and lifetime (from the next export on; statuses and indexes are untouched)")
    .argument('<name>', "the list's name")
    .option('--ttl <duration>', 'the token\'s ttl claim, e.g. 30m; "none" leaves it out')
    .option('--lifetime <duration>', "each exported token's lifetime, e.g. 12h (within the set's maximum)")
    .option('--json', 'print {list, changed, warnings} as JSON')
    .action((name: string, options: { ttl?: string; lifetime?: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        if (options.ttl === undefined && options.lifetime === undefined)
          throw new SignetError(
            'ERR_USAGE',
            'Name what to change: --ttl <duration|none>, --lifetime <duration>, or both.',
          )
        const result = await openCore(command).call('status-list:update', {
          name,
          ...(options.ttl !== undefined ? { ttl: parseStatusListTtl(options.ttl, '--ttl') } : {}),
          ...(options.lifetime !== undefined ? { lifetime: parseDuration(options.lifetime, '--lifetime') } : {}),
        })
        printWarnings(result.warnings)
        if (options.json) {
          out(`${safeJson(result)}\n`)
          return
        }
        const seconds = (value: number | null) => (value === null ? 'none' : formatDuration(value))
        if (result.changed.length === 0) out(`Status list ${name}: nothing to change\n`)
        for (const change of result.changed)
          out(
            `Status list ${name}: ${change.field} ${seconds(change.from)} → ${seconds(change.to)} (from the next export)\n`,
          )
      }),
    )

  group
    .command('list')
    .description('the managed status lists, with usage and counts per status')
    .option('--set <set>', "only this set's lists")
    .option('--json', 'print JSON')
    .action((options: { set?: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const { lists } = await openCore(command).call(
          'status-list:list',
          options.set ? { set: options.set } : undefined,
        )
        if (options.json) {
          out(`${safeJson(lists)}\n`)
          return
        }
        if (lists.length === 0) out('No status lists. Create one with "signet status-list create".\n')
        for (const l of lists) {
          const counts = Object.entries(l.counts)
            .filter(([v]) => v !== '0')
            .map(([v, n]) => `${statusLabel(Number(v))} ${n}`)
            .join(', ')
          out(
            `${l.name}  set ${l.set}  ${l.bits} bit  ${l.allocated}/${l.size} allocated  ${counts || 'all VALID'}  ${JSON.stringify(l.uri)}  last export ${l.lastExportAt ? formatUtc(l.lastExportAt) : 'never'}${l.closedSince ? `  gives out no new indexes (restored from a backup made ${formatUtc(l.closedSince)})` : ''}\n`,
          )
        }
      }),
    )

  group
    .command('set')
    .description('set the status of indexes: "12", "12,40", "100-199", combined with commas')
    .argument('<name>', 'the list')
    .argument('[indexes]', 'indexes and ranges, comma-separated')
    .requiredOption('--status <status>', 'valid, invalid, suspended, or a number 0–255')
    .option('--jti <jti>', 'also every allocated index whose note has this jti')
    .option('--sub <sub>', 'also every allocated index whose note has this sub')
    .option('--reason <text>', 'a local note on why (stays on this machine)')
    .option('--json', 'print the changes as JSON')
    .action(
      (
        name: string,
        spec: string | undefined,
        options: { status: string; jti?: string; sub?: string; reason?: string; json?: boolean },
        command: Command,
      ) =>
        runRefusable(async () => {
          const status = parseStatusName(options.status)
          if (status === undefined || status > 255)
            throw new SignetError(
              'ERR_USAGE',
              `--status takes valid, invalid, suspended or a number 0–255, not "${options.status}".`,
            )
          const { indexes, ranges } = parseIndexSpec(spec ?? '')
          const matching =
            options.jti !== undefined || options.sub !== undefined
              ? {
                  ...(options.jti !== undefined ? { jti: options.jti } : {}),
                  ...(options.sub !== undefined ? { sub: options.sub } : {}),
                }
              : undefined
          const result = await openCore(command).call('status-list:set', {
            name,
            status,
            indexes,
            ranges,
            ...(matching ? { matching } : {}),
            ...(options.reason !== undefined ? { reason: options.reason } : {}),
          })
          printWarnings(result.warnings)
          if (options.json) out(`${safeJson({ changed: result.changed, unchanged: result.unchanged })}\n`)
          else {
            for (const c of result.changed.slice(0, 50))
              out(`status[${c.idx}] ${statusLabel(c.from)} → ${statusLabel(c.to)}\n`)
            out(
              `${result.changed.length} changed, ${result.unchanged} already ${statusLabel(status)}; run "signet status-list export ${name}" to publish\n`,
            )
          }
        }),
    )

  group
    .command('get')
    .description('the status and local note of one index')
    .argument('<name>', 'the list')
    .argument('<idx>', 'the index')
    .option('--json', 'print JSON')
    .action((name: string, idx: string, options: { json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const result = await openCore(command).call('status-list:get', { name, idx: parseIndex(idx) })
        if (options.json) out(`${safeJson(result)}\n`)
        else {
          const note = result.note
            ? `  jti ${JSON.stringify(result.note.jti)} sub ${JSON.stringify(result.note.sub)}${result.note.reason ? ` reason ${JSON.stringify(result.note.reason)}` : ''}`
            : '  (never allocated)'
          out(`status[${result.idx}] = ${result.status} ${statusLabel(result.status)}\n${note}\n`)
        }
      }),
    )

  group
    .command('export')
    .description(
      "sign the list as a Status List Token (typ statuslist+jwt) with the set's active key; prints the diff since the last export on stderr",
    )
    .argument('<name>', 'the list')
    .option('--out <file>', 'write the token to this file instead of standard output')
    .option('--json', 'print {token, kid, alg, diff} as JSON')
    .action((name: string, options: { out?: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const result = await openCore(command).call('status-list:export', { name })
        printWarnings(result.warnings)
        for (const c of result.diff.slice(0, 50))
          process.stderr.write(`changed: status[${c.idx}] ${statusLabel(c.from)} → ${statusLabel(c.to)}\n`)
        process.stderr.write(`${plural(result.diff.length, 'change')} since the last export\n`)
        const text = options.json ? `${safeJson(result)}\n` : `${result.token}\n`
        if (options.out) writeFileSync(options.out, text)
        else out(text)
        process.exitCode = exitCodes.ok
      }),
    )

  group
    .command('aggregation')
    .description(
      'print the Status List Aggregation document {"status_lists": [uri, …]} of a set\'s lists (draft §9.3), to publish at its aggregation_uri',
    )
    .requiredOption('--set <set>', 'the key set')
    .option('--out <file>', 'write the document to this file instead of standard output')
    .action((options: { set: string; out?: string }, command: Command) =>
      runRefusable(async () => {
        const { lists } = await openCore(command).call('status-list:list', { set: options.set })
        const document = `${JSON.stringify(
          statusListAggregation(
            lists.map((l) => l.uri),
            options.set,
          ),
          null,
          2,
        )}\n`
        if (options.out !== undefined) {
          writeFileSync(options.out, document)
          err(
            `Wrote the aggregation of ${lists.length} ${lists.length === 1 ? 'list' : 'lists'} to ${oneLine(options.out)}`,
          )
        } else out(document.trimEnd())
      }),
    )
}

function parseIndexSpec(spec: string): { indexes: number[]; ranges: [number, number][] } {
  const indexes: number[] = []
  const ranges: [number, number][] = []
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const range = /^(\d{1,10})-(\d{1,10})$/.exec(part)
    if (range) ranges.push([Number(range[1]), Number(range[2])])
    else indexes.push(parseIndex(part))
  }
  return { indexes, ranges }
}
