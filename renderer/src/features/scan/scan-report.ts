
import type { ScanRow } from './scan-core'

/**
 * What the Scan screen shows and exports, derived from the rows: the summary counts (verdicts,
 * findings by severity) and the redacted JSON report — a token appears as its header.payload prefix
 * and a SHA-256 fingerprint, never with its signature (a scan report is shared; tokens are credentials).
 */

export { severities as severityOrder } from '../../../../shared/token/lint'

export function summarise(rows: readonly ScanRow[]): { verdicts: Record<string, number>; severities: Record<string, number> } {
  const verdicts: Record<string, number> = {}
  const severities: Record<string, number> = {}
  for (const row of rows) {
    verdicts[row.verdict] = (verdicts[row.verdict] ?? 0) + 1
    for (const finding of row.findings) severities[finding.severity] = (severities[finding.severity] ?? 0) + 1
  }
  return { verdicts, severities }
}

export function redactedPrefix(token: string): string {
  const parts = token.split('.')
  const prefix = parts.length >= 2 ? `${parts[0]}.${parts[1]}` : token
  return prefix.length > 48 ? `${prefix.slice(0, 48)}…` : prefix
}

export async function fingerprint(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')
}

export async function reportJson(rows: readonly ScanRow[], files: readonly { name: string; size: number; error?: string }[]): Promise<string> {
  const tokens = await Promise.all(
    rows.map(async (row) => ({
      token: redactedPrefix(row.token),
      fingerprint: `sha256:${await fingerprint(row.token)}`,
      kind: row.kind,
      verdict: row.verdict,
      reason: row.reason,
      alg: row.alg,
      iss: row.iss,
      kid: row.kid,
      findings: row.findings,
      locations: row.locations,
    })),
  )
  return `${JSON.stringify({ schemaVersion: 1, generator: 'Signet Scan screen', files, summary: summarise(rows), tokens }, null, 2)}\n`
}
