import type { ScanReportFormat } from '#shared/contract/scan'
import { redactToken as redactedPrefix } from '#shared/scan/redact'
import { sarifLog } from '#shared/scan/sarif'
import { severities as severityRanks } from '#shared/token/lint'
import { placeText, type ScanRow, type ScanTokenLimit } from './scan-core'

/**
 * What the Scan screen shows and exports, derived from the rows: the summary counts (verdicts,
 * findings by severity) and the redacted report — a token appears as its header.payload prefix and
 * a SHA-256 fingerprint, never with its signature (a scan report is shared; tokens are credentials).
 * Main checks the text again before it writes it (electron/services/scan/save-report.ts).
 */

export { severityRanks as severityOrder }

/** One finding id across the scan: how many distinct tokens have it. */
export interface FindingCount {
  id: string
  severity: ScanRow['findings'][number]['severity']
  title: string
  tokens: number
}

/**
 * The summary of a scan's rows: tokens by verdict, findings by severity, and each finding id with the
 * number of tokens that have it — most severe first, then most frequent, then by id.
 */
export function summarise(rows: readonly ScanRow[]): {
  verdicts: Record<string, number>
  severities: Record<string, number>
  findings: FindingCount[]
} {
  const verdicts: Record<string, number> = {}
  const severities: Record<string, number> = {}
  const byId = new Map<string, FindingCount>()
  for (const row of rows) {
    verdicts[row.verdict] = (verdicts[row.verdict] ?? 0) + 1
    for (const finding of row.findings) {
      severities[finding.severity] = (severities[finding.severity] ?? 0) + 1
      const count = byId.get(finding.id)
      if (count) count.tokens++
      else byId.set(finding.id, { id: finding.id, severity: finding.severity, title: finding.title, tokens: 1 })
    }
  }
  const rank = (c: FindingCount) => severityRanks.indexOf(c.severity)
  const findings = [...byId.values()].sort(
    (a, b) => rank(a) - rank(b) || b.tokens - a.tokens || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )
  return { verdicts, severities, findings }
}

/** The first 48 characters of header.payload, never a signature character, then "…" (shared/scan/redact.ts). */
export { redactedPrefix }

/** Hex SHA-256 of the token text (UTF-8). */
export async function sha256Hex(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

export interface ReportFile {
  name: string
  size: number
  error?: string
}

/** One row as the report carries it: everything but the token itself. */
async function redactedRow(row: ScanRow) {
  const sha256 = await sha256Hex(row.token)
  return {
    token: redactedPrefix(row.token),
    sha256,
    fingerprint: `sha256:${sha256.slice(0, 16)}`,
    kind: row.kind,
    verdict: row.verdict,
    reason: row.reason,
    alg: row.alg,
    iss: row.iss,
    kid: row.kid,
    findings: row.findings,
    locations: row.locations.map(placeText),
    places: row.locations,
  }
}

/** `signet scan --ndjson`'s schemaVersion (cli/output/json-schemas.ts scanNdjsonLineSchema), which the token lines follow. */
const ndjsonSchemaVersion = 2

/**
 * A token line as `signet scan --ndjson` writes it: `redacted` (never the full token: in that schema
 * `token` is the full token, written only with --show-tokens), `occurrences` and `locations` as place
 * objects (at most maxLocationsPerToken are kept, so occurrences counts the places kept); the
 * screen's alg, iss and kid ride along.
 */
function ndjsonTokenLine(row: Awaited<ReturnType<typeof redactedRow>>) {
  const { token: redacted, places, locations: _texts, ...rest } = row
  return {
    schemaVersion: ndjsonSchemaVersion,
    type: 'token',
    ...rest,
    redacted,
    occurrences: places.length,
    locations: places,
  }
}

/**
 * The report in one of three formats: `json` one document {schemaVersion, files, summary, tokens};
 * `ndjson` one {"type":"token",…} line per distinct token, in `signet scan --ndjson`'s shape
 * (schemaVersion 2), then a {"type":"summary",…} line with the screen's counts (files, verdicts,
 * severities); `sarif` a SARIF 2.1.0 log (as `signet scan --sarif`).
 *
 * @param tokenLimit set when the scan stopped at its distinct-token limit (ScanCollector.limitReached):
 *   the JSON and NDJSON summaries then carry `truncated: {reason, limit, skippedOccurrences, message}`
 *   and the SARIF run a warning notification and `properties.truncated` (shared/scan/sarif.ts), so a
 *   report never passes for the whole input
 */
export async function reportText(
  format: ScanReportFormat,
  rows: readonly ScanRow[],
  files: readonly ReportFile[],
  version: string,
  tokenLimit: ScanTokenLimit | null = null,
): Promise<string> {
  const tokens = await Promise.all(rows.map(redactedRow))
  const truncated = tokenLimit && { reason: tokenLimit.code, limit: tokenLimit.limit, message: tokenLimit.message }
  if (format === 'sarif')
    return `${JSON.stringify(
      sarifLog(
        tokens.map((t) => ({ ...t, locations: t.places })),
        version,
        // a file that could not be read, as signet scan --sarif reports an input that failed
        files.flatMap((f) => (f.error ? [{ file: f.name, level: 'error' as const, message: f.error }] : [])),
        truncated,
      ),
      null,
      2,
    )}\n`
  const listed = tokens.map(({ places: _places, ...rest }) => rest)
  const summary = {
    ...summarise(rows),
    ...(tokenLimit && truncated
      ? {
          truncated: {
            reason: truncated.reason,
            limit: truncated.limit,
            skippedOccurrences: tokenLimit.skipped,
            message: truncated.message,
          },
        }
      : {}),
  }
  if (format === 'ndjson')
    return (
      [
        ...tokens.map((t) => JSON.stringify(ndjsonTokenLine(t))),
        JSON.stringify({ schemaVersion: ndjsonSchemaVersion, type: 'summary', files, ...summary }),
      ].join('\n') + '\n'
    )
  return `${JSON.stringify({ schemaVersion: 1, generator: `Signet ${version} Scan screen`, files, summary, tokens: listed }, null, 2)}\n`
}
