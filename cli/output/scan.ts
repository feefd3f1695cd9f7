import type { ScanLocation } from '../../electron/services/scan/find-in-input'
import type { ScanSummary, TokenResult } from '../../electron/services/scan/report'
import { severities } from '../../shared/token/lint'
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
  const where = 'line' in location ? `${location.file}:${location.line}:${location.column}` : `${location.file} entry ${location.entry} ${location.field}`
  return escapeText(`${where}${location.jsonPath ? ` ${location.jsonPath}` : ''}${location.percentEncoded ? ' (percent-encoded)' : ''}`)
}

const verdictStyle = { valid: 'green', invalid: 'red', expired: 'red', unverifiable: 'yellow', malformed: 'red', encrypted: 'cyan' } as const

export function formatTokenResult(result: TokenResult, color: boolean): string {
  const head = [
    paint(['bold', verdictStyle[result.verdict]], result.verdict.toUpperCase().padEnd(12), color),
    escapeText(result.alg ?? '?'),
    result.iss ? `iss=${escapeText(result.iss)}` : '',
    result.kid ? `kid=${escapeText(result.kid)}` : '',
    paint('dim', result.fingerprint, color),
  ].filter(Boolean)
  const counts = severities.map((s) => [s, result.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0)
  const lines = [head.join('  '), `  ${result.token ? escapeText(result.token) : escapeText(result.redacted)}`]
  lines.push(`  ${escapeText(result.reason)}`)
  if (counts.length) lines.push(`  findings: ${counts.map(([s, n]) => `${n} ${s}`).join(', ')} (${[...new Set(result.findings.map((f) => f.id))].join(', ')})`)
  const shown = result.locations.slice(0, 3).map((l) => `  at ${locationText(l)}`)
  lines.push(...shown)
  if (result.occurrences > shown.length) lines.push(paint('dim', `  … seen ${result.occurrences} times in all`, color))
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
  return [
    paint('bold', 'Summary', color),
    `  inputs     ${inputs.scanned} scanned, ${inputs.binary} binary skipped, ${inputs.errors} unreadable; ${(inputs.characters / 1e6).toFixed(1)} M characters`,
    `  tokens     ${tokens.distinct} distinct, ${tokens.occurrences} occurrences${tokens.skippedTooLong ? `, ${tokens.skippedTooLong} over the length limit skipped` : ''}`,
    `  verdicts   ${top(summary.byVerdict as Record<string, number>)}`,
    `  findings   ${severities.map((s) => `${summary.findings[s]} ${s}`).join(', ')}`,
    `  by alg     ${top(summary.byAlg)}`,
    `  by issuer  ${top(summary.byIssuer)}`,
    `  by kid     ${top(summary.byKid)}`,
  ].join('\n')
}

/** SARIF 2.1.0 (OASIS): one result per finding and per failed verdict, at every listed location. */
export function sarifLog(results: readonly TokenResult[], version: string): object {
  const rules = new Map<string, { id: string; shortDescription: { text: string }; help?: { text: string } }>()
  const sarifResults: object[] = []
  const level = (severity: string) => (severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note')
  for (const result of results) {
    const locations = result.locations.map((l) => ({
      physicalLocation: {
        artifactLocation: { uri: encodeURI(l.file.split('\\').join('/')) },
        ...('line' in l ? { region: { startLine: l.line, startColumn: l.column } } : {}),
      },
      ...('entry' in l ? { logicalLocations: [{ fullyQualifiedName: `log.entries[${l.entry}].${l.field}` }] } : {}),
    }))
    const fingerprints = { 'signet/token/v1': result.sha256 }
    for (const finding of result.findings) {
      rules.set(finding.id, { id: finding.id, shortDescription: { text: finding.title }, help: { text: finding.remediation } })
      sarifResults.push({ ruleId: finding.id, level: level(finding.severity), message: { text: `${finding.message} (token ${result.fingerprint})` }, locations, partialFingerprints: fingerprints })
    }
    if (result.verdict === 'invalid' || result.verdict === 'expired') {
      const id = `token-${result.verdict}`
      rules.set(id, { id, shortDescription: { text: result.verdict === 'expired' ? 'Expired token' : 'Token fails verification or policy' } })
      sarifResults.push({ ruleId: id, level: 'error', message: { text: `${result.reason} (token ${result.fingerprint})` }, locations, partialFingerprints: fingerprints })
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'signet', version, rules: [...rules.values()] } }, results: sarifResults }],
  }
}
