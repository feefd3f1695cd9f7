import type { AuditEntry, AuditProblemKind } from '../contract/audit'
import { csvRecord } from './csv-cell'

export const auditExportFormats = ['jsonl', 'csv'] as const
export type AuditExportFormat = (typeof auditExportFormats)[number]

/** What an export holds per entry: the stored entry, plus the verification flag when it is a listed one. */
export type ExportableEntry = AuditEntry & { flagged?: AuditProblemKind | null }

/** The CSV header, in column order. `details` is one JSON object; `via`, `user`, `host` are empty for entries written before Signet recorded its source. */
export const auditCsvColumns = [
  'seq',
  'at',
  'action',
  'set',
  'kid',
  'via',
  'user',
  'host',
  'details',
  'flagged',
  'prev',
  'hash',
] as const

/**
 * The audit entries the screen or `signet audit export` shows, as a file: the same function for the
 * app and the CLI, so both write the same bytes for the same entries.
 *
 * - `jsonl` (JSON Lines): one JSON object per line, each the stored entry (seq, at, action, subject,
 *   details, source when present, prev, hash) with members sorted as in the log, so each line's
 *   `hash` can be checked again; a final newline; nothing for no entries.
 * - `csv` (RFC 4180): a header row, then one row per entry; cells quoted as needed and protected
 *   against formula injection (csv-cell.ts); CRLF line ends; UTF-8 text, no byte order mark.
 *
 * Entries are written in the order given. Pure: no I/O, no clock.
 */
export function exportAuditEntries(entries: readonly ExportableEntry[], format: AuditExportFormat): string {
  if (format === 'jsonl') return entries.map((entry) => `${sortedJson(storedEntry(entry))}\n`).join('')
  return [
    csvRecord(auditCsvColumns),
    ...entries.map((e) =>
      csvRecord([
        String(e.seq),
        e.at,
        e.action,
        e.subject.set ?? '',
        e.subject.kid ?? '',
        e.source?.via ?? '',
        e.source?.user ?? '',
        e.source?.host ?? '',
        sortedJson(e.details),
        e.flagged ?? '',
        e.prev,
        e.hash,
      ]),
    ),
  ].join('')
}

/** The entry as the log stores it: listing extras (line, flagged) left out. */
function storedEntry(e: ExportableEntry): AuditEntry {
  return {
    seq: e.seq,
    at: e.at,
    action: e.action,
    subject: e.subject,
    details: e.details,
    ...(e.source ? { source: e.source } : {}),
    prev: e.prev,
    hash: e.hash,
  }
}

/** JSON with object members sorted and no whitespace: the log's own spelling (RFC 8785 for these values). */
function sortedJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson(record[k])}`).join(',')}}`
}
