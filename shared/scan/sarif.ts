import { sarifArtifactLocation } from './sarif-uri'

/**
 * A scan's results as a SARIF 2.1.0 log (OASIS, sarif-v2.1.0 §3.13 run, §3.27 result): one result
 * per finding and per failed verdict, at every listed location. Pure, so `signet scan --sarif` and
 * the app's Scan screen export the same document. Tokens appear by fingerprint only.
 */

/** Where a token was seen: a line of a text file, or a HAR entry's field (log.entries[i]). */
export type SarifTokenLocation =
  { file: string; line: number; column: number } | { file: string; entry: number; field: string }

export interface SarifTokenInput {
  /** hex SHA-256 of the token: the result's partial fingerprint */
  sha256: string
  /** what the messages call the token ("sha256:" + a prefix of the hash) */
  fingerprint: string
  verdict: string
  reason: string
  findings: readonly { id: string; severity: string; title: string; message: string; remediation: string }[]
  locations: readonly SarifTokenLocation[]
}

/**
 * A scan that stopped early (the app's distinct-token limit): said in the run, so a pipeline
 * reading the log knows its results are not the whole input.
 */
export interface SarifTruncation {
  /** the stable error code that stopped it, e.g. ERR_SCAN_APP_TOKEN_LIMIT */
  reason: string
  /** the limit reached (distinct tokens) */
  limit: number
  /** what the scan says about it, for a person */
  message: string
}

/**
 * @param version the tool's version, for runs[0].tool.driver.version
 * @param truncated when the scan stopped early: the run carries an invocation (§3.20) with
 *   executionSuccessful true and a warning toolExecutionNotification (§3.58) naming the code, and
 *   the run's property bag (§3.8) holds `truncated: {limit, reason}`
 */
export function sarifLog(
  results: readonly SarifTokenInput[],
  version: string,
  truncated: SarifTruncation | null = null,
): object {
  const rules = new Map<string, { id: string; shortDescription: { text: string }; help?: { text: string } }>()
  const sarifResults: object[] = []
  const level = (severity: string) => (severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note')
  for (const result of results) {
    const locations = result.locations.map((l) => ({
      physicalLocation: {
        artifactLocation: sarifArtifactLocation(l.file),
        ...('line' in l ? { region: { startLine: l.line, startColumn: l.column } } : {}),
      },
      ...('entry' in l ? { logicalLocations: [{ fullyQualifiedName: `log.entries[${l.entry}].${l.field}` }] } : {}),
    }))
    const fingerprints = { 'signet/token/v1': result.sha256 }
    for (const finding of result.findings) {
      rules.set(finding.id, {
        id: finding.id,
        shortDescription: { text: finding.title },
        help: { text: finding.remediation },
      })
      sarifResults.push({
        ruleId: finding.id,
        level: level(finding.severity),
        message: { text: `${finding.message} (token ${result.fingerprint})` },
        locations,
        partialFingerprints: fingerprints,
      })
    }
    if (result.verdict === 'invalid' || result.verdict === 'expired' || result.verdict === 'malformed') {
      const id = `token-${result.verdict}`
      rules.set(id, { id, shortDescription: { text: failedVerdictTitles[result.verdict] } })
      sarifResults.push({
        ruleId: id,
        level: 'error',
        message: { text: `${result.reason} (token ${result.fingerprint})` },
        locations,
        partialFingerprints: fingerprints,
      })
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'signet', version, rules: [...rules.values()] } },
        ...(truncated
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: [
                    {
                      level: 'warning',
                      descriptor: { id: truncated.reason },
                      message: { text: truncated.message },
                    },
                  ],
                },
              ],
              properties: { truncated: { limit: truncated.limit, reason: truncated.reason } },
            }
          : {}),
        results: sarifResults,
      },
    ],
  }
}

const failedVerdictTitles = {
  invalid: 'Token fails verification or policy',
  expired: 'Expired token',
  malformed: 'Token-shaped text the strict decoder refuses (duplicate members, JSON past the budgets)',
}
