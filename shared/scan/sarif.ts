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

/** A skipped or failed input, as runs[0].invocations[0].toolExecutionNotifications lists it (§3.58). */
export interface SarifInputNote {
  file: string
  /** "error" for an input that could not be read, "note" for one skipped (binary, special file, …) */
  level: 'error' | 'note'
  message: string
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
 * @param notes inputs skipped or failed (signet scan)
 * @param truncated when the scan stopped early (the app's token limit): a warning
 *   toolExecutionNotification (§3.58) naming the code, and the run's property bag (§3.8) holds
 *   `truncated: {limit, reason}`
 */
export function sarifLog(
  results: readonly SarifTokenInput[],
  version: string,
  notes: readonly SarifInputNote[] = [],
  truncated: SarifTruncation | null = null,
): object {
  const builder = new SarifBuilder()
  const sarifResults = results.flatMap((result) => builder.resultsOf(result))
  return builder.log(sarifResults, version, notes, truncated)
}

/**
 * The same log built piece by piece, for a writer that streams `runs[0].results` (signet scan
 * --sarif): resultsOf() each token's results as it is analysed, then log() with `results` empty
 * gives the rest of the document, whose rules are those the results named.
 */
export class SarifBuilder {
  private readonly rules = new Map<
    string,
    { id: string; shortDescription: { text: string }; help?: { text: string } }
  >()

  /** One token's SARIF results (§3.27): one per finding and one for a failed verdict, at every listed location. */
  resultsOf(result: SarifTokenInput): object[] {
    const sarifResults: object[] = []
    const rules = this.rules
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
    return sarifResults
  }

  /**
   * The whole log (§3.13): `results` in runs[0] (give [] when streaming them), the rules seen so far,
   * and the inputs skipped or failed as tool execution notifications (§3.20, §3.58), with
   * executionSuccessful false when an input failed.
   */
  log(
    results: readonly object[],
    version: string,
    notes: readonly SarifInputNote[] = [],
    truncated: SarifTruncation | null = null,
  ): object {
    return {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          // results first: a streaming writer (streamHead/streamTail) knows the rules only after them
          results,
          tool: { driver: { name: 'signet', version, rules: [...this.rules.values()] } },
          invocations: [
            {
              executionSuccessful: !notes.some((n) => n.level === 'error'),
              toolExecutionNotifications: [
                ...notes.map((n) => ({
                  level: n.level,
                  message: { text: n.message },
                  locations: [{ physicalLocation: { artifactLocation: sarifArtifactLocation(n.file) } }],
                })),
                ...(truncated
                  ? [{ level: 'warning', descriptor: { id: truncated.reason }, message: { text: truncated.message } }]
                  : []),
              ],
            },
          ],
          ...(truncated ? { properties: { truncated: { limit: truncated.limit, reason: truncated.reason } } } : {}),
        },
      ],
    }
  }

  /** The log's text up to the opening of runs[0].results, for a writer that streams the results. */
  static streamHead(): string {
    const text = JSON.stringify(new SarifBuilder().log([], ''))
    return text.slice(0, text.indexOf('"results":[') + '"results":['.length)
  }

  /** The log's text after runs[0].results' last element: the rules seen and the input notes. */
  streamTail(version: string, notes: readonly SarifInputNote[] = []): string {
    const text = JSON.stringify(this.log([], version, notes))
    return text.slice(text.indexOf('"results":[') + '"results":['.length)
  }
}

function level(severity: string): 'error' | 'warning' | 'note' {
  return severity === 'high' ? 'error' : severity === 'medium' ? 'warning' : 'note'
}

const failedVerdictTitles = {
  invalid: 'Token fails verification or policy',
  expired: 'Expired token',
  malformed: 'Token-shaped text the strict decoder refuses (duplicate members, JSON past the budgets)',
}
