import type { ScanLocation } from '#electron/services/scan/find-in-input'
import type { InputNote, ScanSummary, TokenResult } from '#electron/services/scan/report'
import { severities } from '#shared/token/lint'
import { oneLine } from './safe-text'
import { paint } from './style'

/**
 * Renderings of `signet scan`: the human report (one block per distinct token, then the
 * aggregates) and SARIF 2.1.0 for code-scanning pipelines. Text that came from the scanned input
 * (issuers, kids, file names, reasons quoting claims) is escaped: control characters never reach
 * the terminal raw.
 */

/** Scanned text on one line: controls and bidi characters as visible escapes (see safe-text.ts). */
export function escapeText(text: string): string {
  return oneLine(text)
}

export function locationText(location: ScanLocation): string {
  const where =
    'line' in location
      ? `${location.file}:${location.line}:${location.column}`
      : `${location.file} entry ${location.entry} ${location.field}`
  return escapeText(
    `${where}${location.jsonPath ? ` ${location.jsonPath}` : ''}${location.percentEncoded ? ' (percent-encoded)' : ''}`,
  )
}

const verdictStyle = {
  valid: 'green',
  invalid: 'red',
  expired: 'red',
  unverifiable: 'yellow',
  malformed: 'red',
  encrypted: 'cyan',
} as const

/**
 * One token's block. `streamed`: printed when the token was analysed, so its locations and count
 * are those seen so far; later sightings are counted in the summary only.
 */
export function formatTokenResult(result: TokenResult, color: boolean, streamed = false): string {
  const head = [
    paint(['bold', verdictStyle[result.verdict]], result.verdict.toUpperCase().padEnd(12), color),
    escapeText(result.alg ?? '?'),
    result.iss ? `iss=${escapeText(result.iss)}` : '',
    // whose token: the one claim that tells apart tokens of one issuer and key (their redacted prefixes are alike)
    result.sub ? `sub=${escapeText(result.sub)}` : '',
    result.kid ? `kid=${escapeText(result.kid)}` : '',
    paint('dim', result.fingerprint, color),
  ].filter(Boolean)
  const counts = severities
    .map((s) => [s, result.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
  const lines = [head.join('  '), `  ${result.token ? escapeText(result.token) : escapeText(result.redacted)}`]
  lines.push(`  ${escapeText(result.reason)}`)
  if (counts.length)
    lines.push(
      `  findings: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')} (${[...new Set(result.findings.map((f) => f.id))].join(', ')})`,
    )
  const shown = result.locations.slice(0, 3).map((l) => `  at ${locationText(l)}`)
  lines.push(...shown)
  if (result.occurrences > shown.length)
    lines.push(
      paint(
        'dim',
        `  … seen ${result.occurrences} times ${streamed ? 'so far (later sightings: summary)' : 'in all'}`,
        color,
      ),
    )
  return lines.join('\n')
}

export function formatSummary(summary: ScanSummary, color: boolean): string {
  const top = (record: Record<string, number>) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([key, n]) => `${escapeText(key)} ${n}`)
      .join(', ') || '—'
  const { inputs, tokens } = summary
  const named = (status: InputNote['status']) => {
    const notes = inputs.notes.filter((n) => n.status === status)
    const count = status === 'binary' ? inputs.binary : status === 'skipped' ? inputs.skipped : inputs.errors
    if (count === 0) return []
    const shown = notes
      .slice(0, 3)
      .map(
        (n) =>
          `${escapeText(n.file)}${status === 'binary' ? '' : ` (${escapeText(n.message.replace(/^(Skipped|Cannot read) "[^\n]*?": /, ''))})`}`,
      )
    const more = count - shown.length
    return [
      `             ${status === 'error' ? 'unreadable' : status}: ${shown.join(', ')}${more > 0 ? `, +${more} more` : ''}`,
    ]
  }
  return [
    paint('bold', 'Summary', color),
    `  inputs     ${inputs.scanned} scanned, ${inputs.binary} binary skipped, ${inputs.skipped} other skipped, ${inputs.errors} unreadable; ${(inputs.characters / 1e6).toFixed(1)} M characters`,
    ...named('binary'),
    ...named('skipped'),
    ...named('error'),
    `  tokens     ${tokens.distinct} distinct, ${tokens.occurrences} occurrences${tokens.skippedTooLong ? `, ${tokens.skippedTooLong} over the length limit skipped` : ''}`,
    `             (each token's block lists where it was seen up to its analysis; every sighting is counted here)`,
    `  verdicts   ${top(summary.byVerdict as Record<string, number>)}`,
    `  findings   ${severities.map((s) => `${summary.findings[s]} ${s}`).join(', ')}`,
    `  by alg     ${top(summary.byAlg)}`,
    `  by issuer  ${top(summary.byIssuer)}`,
    `  by kid     ${top(summary.byKid)}`,
  ].join('\n')
}

/** SARIF 2.1.0: shared with the app's Scan screen (shared/scan/sarif.ts). */
export { sarifLog } from '#shared/scan/sarif'
