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
  brief: ResultBrief
  /** the result object (TokenResult), as `--json`, `--sarif` and the human report use it */
  result(): TokenResult
  /** `{"type":"token",…}` as JSON.stringify writes it (not yet escaped for a terminal: the writer does) */
  ndjsonLine(): string
}

/** A result analysed in this thread. */
export function analysedHere(result: TokenResult): AnalysedToken {
  return {
    brief: result,
    result: () => result,
    ndjsonLine: () => JSON.stringify({ type: 'token', ...result }),
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
    brief: { ...brief, occurrences: entry.occurrences },
    result: () => ({ ...resultHead(entry, showTokens), ...(JSON.parse(analysisJson) as object) }) as TokenResult,
    ndjsonLine: () =>
      `{"type":"token",${JSON.stringify(resultHead(entry, showTokens)).slice(1, -1)},${analysisJson.slice(1)}`,
  }
}
