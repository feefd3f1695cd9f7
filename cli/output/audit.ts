import type { AuditChainStatus, AuditListedEntry } from '#shared/contract'
import { paint } from './style'
import { formatUtc, formatUtcRelative } from '#shared/time/format-time'
import { readableDetails } from '#shared/audit/readable-detail'
import { sourceText } from '#shared/audit/source-text'

/**
 * `signet audit list`: one row per entry, columns sized to the content. SOURCE and DETAILS read as
 * on the Audit screen (shared/audit/source-text.ts, shared/audit/readable-detail.ts): "CLI
 * alice@build-01", "JWKS cache time: 15 min; Expires: 2026-11-30T10:00:00Z".
 * `options.nowMs`: the present, for each time's relative half (milliseconds since the epoch).
 */
export function formatAuditTable(entries: AuditListedEntry[], options: { color: boolean; nowMs?: number }): string {
  const nowMs = options.nowMs ?? Date.now()
  const c = options.color
  const rows = entries.map((e) => {
    const source = sourceText(e.source)
    return {
      seq: `#${e.seq}`,
      time: formatUtcRelative(e.at, nowMs),
      action: e.action,
      subject: [e.subject.set, e.subject.kid].filter(Boolean).join(' / ') || '—',
      source: source ? [source.via, source.who].filter(Boolean).join(' ') : '—',
      details: readableDetails(e.details)
        .map((detail) => `${detail.label}: ${detail.text}`)
        .join('; '),
      flagged: e.flagged,
    }
  })
  const header = {
    seq: 'SEQ',
    time: 'TIME (UTC)',
    action: 'ACTION',
    subject: 'SUBJECT',
    source: 'SOURCE',
    details: 'DETAILS',
  }
  const width = (key: 'seq' | 'time' | 'action' | 'subject' | 'source') =>
    Math.max(header[key].length, ...rows.map((r) => r[key].length))
  const w = {
    seq: width('seq'),
    time: width('time'),
    action: width('action'),
    subject: width('subject'),
    source: width('source'),
  }
  const line = (r: typeof header) =>
    [
      r.seq.padStart(w.seq),
      r.time.padEnd(w.time),
      r.action.padEnd(w.action),
      r.subject.padEnd(w.subject),
      r.source.padEnd(w.source),
      r.details,
    ]
      .join('  ')
      .trimEnd()
  return [
    paint('bold', line(header), c),
    ...rows.map((r) => {
      const text = line(r)
      return r.flagged ? `${paint('red', text, c)}  ${paint('red', `← ${r.flagged}`, c)}` : text
    }),
  ].join('\n')
}

/** `signet audit verify`: the verdict first, then where and what. */
export function formatChainStatus(status: AuditChainStatus, options: { color: boolean }): string {
  const c = options.color
  if (status.intact) {
    if (!status.head) return `${paint('green', 'No audit entries yet', c)} (${status.path}).`
    const anchored = status.anchor ? `, anchored at entry #${status.anchor.seq}` : ''
    return `${paint('green', 'Audit log intact', c)}: ${status.entries} entries, last #${status.head.seq} at ${formatUtc(status.head.at)}${anchored}.\n${paint('dim', status.path, c)}`
  }
  const lines = [`${paint('red', 'Audit log TAMPERED', c)}: ${status.firstProblem?.message ?? 'unknown problem'}`]
  lines.push(paint('dim', status.path, c))
  if (status.problemCount > 1) {
    lines.push(
      '',
      `${status.problemCount} problems${status.problemCount > status.problems.length ? ` (first ${status.problems.length} shown)` : ''}:`,
    )
    for (const problem of status.problems)
      lines.push(`  line ${String(problem.line).padStart(5)}  ${problem.kind.padEnd(15)}  ${problem.message}`)
  }
  return lines.join('\n')
}
