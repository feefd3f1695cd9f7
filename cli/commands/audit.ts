import { type Command, InvalidArgumentError } from 'commander'
import { resolve } from 'node:path'
import { auditExportFormats, exportAuditEntries, type AuditExportFormat } from '#shared/audit/export-entries'
import type { AuditListedEntry, AuditListInput } from '#shared/contract'
import { auditListInputSchema } from '#shared/contract'
import { SignetError } from '#shared/errors'
import { maxAuditExportEntries } from '#shared/limits'
import { plural } from '#shared/text/plural'
import { argvPicker, chooseAuditExportFile } from '#electron/services/file-picker'
import { openCore, type CliCore } from '../core'
import { printWarnings } from '../output/keys-cli'
import { exitCodes } from '../exit'
import { formatAuditTable, formatChainStatus } from '../output/audit'
import { colorEnabled, paint } from '../output/style'
import { err, out, outData, printJson } from '../output/write'
import { formatBytes } from '#shared/text/format-bytes'
import { formatCount } from '#shared/text/format-count'

interface ListOptions {
  json?: boolean
  action?: string[]
  set?: string
  kid?: string
  since?: string
  until?: string
  search?: string
  limit?: number
  oldest?: boolean
}

export function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description('the tamper-evident log of every key, signing, export, backup and restore action')

  const list = audit
    .command('list')
    .description('show audit entries, newest first')
    .option('--json', 'print entries and chain status as JSON')
  withFilters(list)
    .option('--limit <n>', 'at most this many entries (default 200)', positiveInteger)
    .option('--oldest', 'oldest first')
    .action(async (options: ListOptions, command: Command) => {
      const filters = parseFilters(options)
      const result = await openCore(command, { recoveryWarning: false }).call('audit:list', filters)
      if (options.json) {
        printJson(result)
      } else {
        const c = colorEnabled()
        out(result.entries.length ? formatAuditTable(result.entries, { color: c }) : 'No matching audit entries.')
        if (result.matched > result.entries.length) {
          out(paint('dim', `(${result.entries.length} of ${result.matched} matching entries shown; use --limit)`, c))
        }
        if (!result.chain.intact) {
          err(
            `signet: warning: the audit log is damaged: ${result.chain.firstProblem?.message ?? ''} Run "signet audit verify" for details.`,
          )
        }
      }
      process.exitCode = exitCodes.ok
    })

  const exporting = audit
    .command('export')
    .description(
      'write the entries matching the filters as JSON Lines (one entry per line, re-checkable hashes) or CSV (RFC 4180, formula-safe), oldest first unless --newest',
    )
    .requiredOption('--format <format>', 'jsonl or csv', exportFormat)
    .option('--out <file>', 'write to this file (atomically, audited as audit.export) instead of standard output')
  withFilters(exporting)
    .option('--newest', 'newest first')
    .action(
      async (
        options: ListOptions & { format: AuditExportFormat; out?: string; newest?: boolean },
        command: Command,
      ) => {
        // The export channel takes no paging, and its strict schema refuses even an undefined limit.
        const { limit: _paging, ...parsed } = parseFilters({ ...options, limit: undefined }) ?? {}
        void _paging
        const filters = {
          ...Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)),
          order: options.newest ? ('newest' as const) : ('oldest' as const),
        }
        const core = openCore(command, { recoveryWarning: false })
        if (options.out) {
          const choice = await chooseAuditExportFile(
            { files: argvPicker(resolve(options.out)), fileHandles: core.context.fileHandles, now: core.context.now },
            options.format,
          )
          const result = await core.call('audit:export-file', { format: options.format, file: choice.handle!, filters })
          printWarnings(result.warnings)
          err(
            `Wrote ${plural(result.entries, 'audit entry', 'audit entries')} as ${options.format === 'csv' ? 'CSV' : 'JSON Lines'} to ${result.path} (${formatBytes(result.bytes)}).`,
          )
        } else {
          const entries = await listAll(core, filters)
          outData(exportAuditEntries(entries, options.format))
        }
        process.exitCode = exitCodes.ok
      },
    )

  audit
    .command('verify')
    .description('check the hash chain: exit 0 when intact, 1 when any entry was edited, deleted, reordered or cut off')
    .option('--json', 'print the chain status as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const status = await openCore(command, { recoveryWarning: false }).call('audit:verify', undefined)
      if (options.json) printJson(status)
      else out(formatChainStatus(status, { color: colorEnabled() }))
      process.exitCode = status.intact ? exitCodes.ok : exitCodes.negative
    })

  audit
    .command('repair')
    .description(
      'repair a log whose last line was cut off by a crash: the torn bytes are kept in a file beside it, and the repair is audited',
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const result = await openCore(command, { recoveryWarning: false }).call('audit:repair', undefined)
      if (options.json) {
        printJson(result)
      } else if (result.repaired) {
        out(
          `Removed a torn last line (${formatBytes(result.repaired.tornBytes)}) from ${result.status.path}; its bytes are kept at ${result.repaired.keptAt}.`,
        )
        out(formatChainStatus(result.status, { color: colorEnabled() }))
      } else {
        out(`Nothing to repair: ${formatChainStatus(result.status, { color: colorEnabled() })}`)
      }
      process.exitCode = result.status.intact ? exitCodes.ok : exitCodes.negative
    })
}

function parseFilters(options: ListOptions): AuditListInput {
  const parsed = auditListInputSchema.safeParse({
    actions: options.action?.length ? options.action : undefined,
    set: options.set,
    kid: options.kid,
    since: options.since,
    until: options.until,
    search: options.search,
    limit: options.limit,
    order: options.oldest ? 'oldest' : 'newest',
  })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const flag = issue?.path[0] === 'actions' ? 'action' : String(issue?.path[0] ?? '')
    throw new SignetError(
      'ERR_USAGE',
      `Invalid --${flag}: ${issue?.message ?? 'not accepted'}${flag === 'since' || flag === 'until' ? ' (use ISO 8601, e.g. 2026-01-31T12:00:00Z)' : ''}.`,
    )
  }
  return parsed.data
}

/** The filters `audit list` and `audit export` share (the Audit screen's). */
function withFilters(command: Command): Command {
  return command
    .option('--action <action>', 'only this action ("key.generate") or domain ("key"); repeatable', collect)
    .option('--set <set>', 'only entries about this key set')
    .option('--kid <kid>', 'only entries about this key')
    .option('--since <time>', 'only entries at or after this ISO 8601 time')
    .option('--until <time>', 'only entries at or before this ISO 8601 time')
    .option('--search <text>', 'only entries whose action, subject or details contain this text')
}

/** Every matching entry, page by page through audit:list (the contract's 5000-entry pages), up to the export budget. */
async function listAll(core: CliCore, filters: AuditListInput): Promise<AuditListedEntry[]> {
  const page = 5000
  const entries: AuditListedEntry[] = []
  for (;;) {
    const result = await core.call('audit:list', { ...filters, limit: page, offset: entries.length })
    if (result.matched > maxAuditExportEntries) {
      throw new SignetError(
        'ERR_AUDIT_EXPORT_TOO_LARGE',
        `${plural(result.matched, 'audit entry', 'audit entries')} match, more than the ${formatCount(maxAuditExportEntries)} one export writes. Narrow the filters (--since/--until, --action, --set) and export in parts.`,
      )
    }
    entries.push(...result.entries)
    if (result.entries.length === 0 || entries.length >= result.matched) return entries
  }
}

function exportFormat(value: string): AuditExportFormat {
  if (!(auditExportFormats as readonly string[]).includes(value))
    throw new InvalidArgumentError('expected jsonl or csv')
  return value as AuditExportFormat
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

function positiveInteger(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > 5000)
    throw new InvalidArgumentError('expected a whole number from 1 to 5000')
  return n
}
