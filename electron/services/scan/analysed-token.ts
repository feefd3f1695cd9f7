import type { ResultBrief, TokenResult } from './report'
import { resultHead } from './report'
import type { IndexedToken } from './token-index'

/**
 * One distinct token's analysis as a scan's output loop consumes it, whichever thread analysed it:
 * the few fields the summary counts (`brief`), the NDJSON line, and the full result object — the
 * last two built only when asked, so that `--ndjson` over a worker pool never parses back what a
 * worker already wrote as JSON.
 */
export interface AnalysedToken {
  sha256: string
  brief: ResultBrief
  /** the result object (TokenResult), as `--json`, `--sarif` and the human report use it */
  result(): TokenResult
  /** `{"schemaVersion":2,"type":"token",…}` as JSON.stringify writes it (not yet escaped for a terminal: the writer does) */
  ndjsonLine(): string
}

/**
 * The version of `signet scan --ndjson`'s lines (cli/output/json-schemas.ts scanNdjson). 2: a token's
 * line is written when it is first analysed, with its locations so far; later ones follow as
 * `{"type":"location",…}` lines.
 */
export const scanNdjsonVersion = 2

/** A result analysed in this thread. */
export function analysedHere(result: TokenResult): AnalysedToken {
  return {
    sha256: result.sha256,
    brief: result,
    result: () => result,
    ndjsonLine: () => JSON.stringify({ schemaVersion: scanNdjsonVersion, type: 'token', ...result }),
  }
}

/**
 * A result analysed on a worker, which sent the analysis as JSON text (`analysisJson`, an object with
 * at least one member) and its brief: the line is composed from text, byte for byte the line
 * analysedHere() writes for the same result (same members, same order: the head, then the analysis).
 */
export function analysedElsewhere(
  entry: IndexedToken,
  showTokens: boolean,
  analysisJson: string,
  brief: Omit<ResultBrief, 'occurrences'>,
): AnalysedToken {
  return {
    sha256: entry.sha256,
    brief: { ...brief, occurrences: entry.occurrences },
    result: () => ({ ...resultHead(entry, showTokens), ...(JSON.parse(analysisJson) as object) }) as TokenResult,
    ndjsonLine: () =>
      `{"schemaVersion":${scanNdjsonVersion},"type":"token",${JSON.stringify(resultHead(entry, showTokens)).slice(1, -1)},${analysisJson.slice(1)}`,
  }
}
