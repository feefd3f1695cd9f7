import type { Command } from 'commander'
import { writeFileAtomic } from '#electron/adapters/atomic-file'
import { SignetError } from '#shared/errors'
import type { RevocationListChange, RevocationListView } from '#shared/revocation-list/managed'
import { numericDateToIso } from '#shared/time/relative'
import { parseEvaluationTime } from '#shared/validation-policy/evaluation-time'
import { openCore } from '../core'
import { exitCodes, runRefusable } from '../exit'
import { printWarnings } from '../output/keys-cli'
import { oneLine } from '../output/safe-text'
import { err, out, printJson } from '../output/write'
import { plural } from '#shared/text/plural'

/**
 * `signet revocations add|remove|cutoff|list|export`: a key set's Signet revocation list (the
 * legacy form, for tokens issued without a `status` claim; format: docs/revocation-list.schema.json),
 * through the same channels as the app (cli/core.ts call()). Times are read as UNIX seconds or
 * ISO 8601 with a zone, and printed in the one time format (ISO 8601 UTC, no milliseconds).
 */
export function registerRevocations(program: Command): void {
  const group = program
    .command('revocations')
    .description(
      "a key set's signed revocation list (by jti, by sub, and a not-before cutoff) for tokens without a status claim",
    )

  group
    .command('add')
    .description('revoke one token (--jti) or every token of a subject (--sub)')
    .requiredOption('--set <set>', 'the key set')
    .option('--jti <jti>', "the token's jti")
    .option('--sub <sub>', 'the subject whose tokens are all revoked')
    .option(
      '--until <time>',
      "when the entry stops mattering: the token's exp (UNIX seconds or ISO 8601 with a zone); default for --jti now + the set's maximum token lifetime, for --sub never",
    )
    .option('--reason <text>', 'why (published in the list: no secrets)')
    .option('--json', 'print the list as JSON')
    .action(
      (
        options: { set: string; jti?: string; sub?: string; until?: string; reason?: string; json?: boolean },
        command: Command,
      ) =>
        runRefusable(async () => {
          const target = oneTarget(options)
          const result = await openCore(command).call('revocations:add', {
            set: options.set,
            ...target,
            ...(options.until !== undefined ? { until: Math.floor(parseEvaluationTime(options.until)) } : {}),
            ...(options.reason !== undefined ? { reason: options.reason } : {}),
          })
          printWarnings(result.warnings)
          if (options.json) return printJson({ list: result.list, pruned: result.pruned, warnings: result.warnings })
          const entry = result.list.entries.find(
            (e) => e.by === (target.jti !== undefined ? 'jti' : 'sub') && e.id === (target.jti ?? target.sub),
          )
          out(
            `Revoked ${entry ? describeEntry(entry) : 'the entry'} in set ${oneLine(result.list.set)}${prunedNote(result.pruned)}; run "signet revocations export --set ${oneLine(result.list.set)}" to publish`,
          )
        }),
    )

  group
    .command('remove')
    .description('take a jti or sub off the list (accepted again once a new list is published)')
    .requiredOption('--set <set>', 'the key set')
    .option('--jti <jti>', "the token's jti")
    .option('--sub <sub>', 'the subject')
    .option('--json', 'print the list as JSON')
    .action((options: { set: string; jti?: string; sub?: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const target = oneTarget(options)
        const result = await openCore(command).call('revocations:remove', { set: options.set, ...target })
        printWarnings(result.warnings)
        if (options.json) return printJson({ list: result.list, pruned: result.pruned, warnings: result.warnings })
        const [by, id] = target.jti !== undefined ? ['jti', target.jti] : ['sub', target.sub!]
        out(
          `Removed ${by} ${oneLine(JSON.stringify(id))} from set ${oneLine(result.list.set)}'s list${prunedNote(result.pruned)}; run "signet revocations export --set ${oneLine(result.list.set)}" to publish`,
        )
      }),
    )

  group
    .command('cutoff')
    .description('revoke every token of the set issued before a time (--before), or remove the cutoff (--clear)')
    .requiredOption('--set <set>', 'the key set')
    .option('--before <time>', 'UNIX seconds or ISO 8601 with a zone; not in the future')
    .option('--clear', 'remove the cutoff')
    .option('--json', 'print the list as JSON')
    .action((options: { set: string; before?: string; clear?: boolean; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        if ((options.before === undefined) === (options.clear !== true))
          throw new SignetError('ERR_USAGE', 'Give exactly one of --before <time> or --clear.')
        const before = options.before !== undefined ? Math.floor(parseEvaluationTime(options.before)) : null
        const result = await openCore(command).call('revocations:cutoff', { set: options.set, before })
        printWarnings(result.warnings)
        if (options.json) return printJson({ list: result.list, pruned: result.pruned, warnings: result.warnings })
        out(
          before === null
            ? `Cleared set ${oneLine(result.list.set)}'s cutoff${prunedNote(result.pruned)}`
            : `Every token of set ${oneLine(result.list.set)} issued before ${numericDateToIso(before)} is revoked${prunedNote(result.pruned)}`,
        )
      }),
    )

  group
    .command('list')
    .description("the set's entries, its cutoff, and what an export now would change")
    .requiredOption('--set <set>', 'the key set')
    .option('--json', 'print JSON')
    .action((options: { set: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const view = await openCore(command).call('revocations:list', { set: options.set })
        if (options.json) return printJson({ list: view })
        printView(view)
      }),
    )

  group
    .command('export')
    .description(
      "sign the list (typ signet-revocations+jwt) with the set's active key and print it; the diff since the last export goes to stderr first",
    )
    .requiredOption('--set <set>', 'the key set')
    .option('--out <file>', 'write the token to this file instead of standard output')
    .option('--json', 'print {token, kid, alg, claim, diff} as JSON')
    .action((options: { set: string; out?: string; json?: boolean }, command: Command) =>
      runRefusable(async () => {
        const core = openCore(command)
        const { diff } = await core.call('revocations:diff', { set: options.set })
        printDiff(diff)
        const result = await core.call('revocations:export', { set: options.set })
        printWarnings(result.warnings)
        const text = options.json ? null : `${result.token}\n`
        if (options.json) printJson(result)
        else if (options.out !== undefined) {
          await writeFileAtomic(options.out, text!)
          err(
            `Wrote set ${oneLine(options.set)}'s revocation list (${result.claim.entries.length} entries, kid ${oneLine(result.kid)}) to ${oneLine(options.out)}`,
          )
        } else out(text!)
        process.exitCode = exitCodes.ok
      }),
    )
}

function oneTarget(options: {
  jti?: string
  sub?: string
}): { jti: string; sub?: undefined } | { jti?: undefined; sub: string } {
  if ((options.jti === undefined) === (options.sub === undefined))
    throw new SignetError('ERR_USAGE', 'Give exactly one of --jti <jti> or --sub <sub>.')
  return options.jti !== undefined ? { jti: options.jti } : { sub: options.sub! }
}

const time = (seconds: number | null) => (seconds === null ? 'never' : numericDateToIso(seconds))
const prunedNote = (pruned: number) =>
  pruned ? ` (${pruned} expired ${pruned === 1 ? 'entry' : 'entries'} pruned)` : ''

function describeEntry(entry: { by: string; id: string; until: number | null; reason: string | null }): string {
  return `${entry.by} ${oneLine(JSON.stringify(entry.id))} until ${time(entry.until)}${entry.reason ? ` reason ${oneLine(JSON.stringify(entry.reason))}` : ''}`
}

function printView(view: RevocationListView): void {
  out(
    `Set ${oneLine(view.set)}: ${view.entries.length} ${view.entries.length === 1 ? 'entry' : 'entries'}, cutoff ${view.notBefore === null ? 'none' : `tokens issued before ${numericDateToIso(view.notBefore)}`}, last export ${view.lastExportAt ? view.lastExportAt.replace(/\.\d{3}Z$/, 'Z') : 'never'}`,
  )
  for (const entry of view.entries)
    out(
      `  ${describeEntry(entry)}  added ${entry.addedAt.replace(/\.\d{3}Z$/, 'Z')}${entry.expired ? '  (expired: pruned at the next change)' : ''}`,
    )
  out(
    view.diff.length
      ? `${plural(view.diff.length, 'change')} not yet exported; run "signet revocations export --set ${oneLine(view.set)}"`
      : 'Nothing changed since the last export.',
  )
}

function printDiff(diff: readonly RevocationListChange[]): void {
  for (const change of diff.slice(0, 50)) {
    if (change.kind === 'cutoff') err(`changed: cutoff ${time(change.from)} → ${time(change.to)}`)
    else if (change.kind === 'changed')
      err(
        `changed: ${describeEntry(change)} (was until ${time(change.was.until)}${change.was.reason ? ` reason ${oneLine(JSON.stringify(change.was.reason))}` : ''})`,
      )
    else err(`${change.kind}: ${describeEntry(change)}`)
  }
  if (diff.length > 50) err(`… and ${diff.length - 50} more`)
  err(`${plural(diff.length, 'change')} since the last export`)
}
