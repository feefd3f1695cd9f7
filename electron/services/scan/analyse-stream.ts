import { analyseToken } from './analyse'
import { analysedElsewhere, type AnalysedToken } from './analysed-token'
import type { AnalysePool } from './analyse-parallel'
import { briefOf, type AnalyseOptions } from './report'
import type { StreamIndex } from './stream-index'

/**
 * The analysing half of a streamed scan (`--ndjson`): each distinct token as soon as the reading
 * has found it, in the order found. In this thread until more than `poolAfter` distinct tokens have
 * been seen, then on the verification pool `startPool` starts (analyse-parallel.ts) — a small scan
 * never starts one. Ends when the stream is closed and every token taken has been analysed.
 *
 * Each result's line is composed when it is printed (AnalysedToken.ndjsonLine), so it lists the
 * locations seen up to then, not only up to the analysis.
 */
export async function* analyseStream(
  stream: StreamIndex,
  options: AnalyseOptions & { startPool: (() => AnalysePool) | null; poolAfter: number },
): AsyncGenerator<AnalysedToken> {
  const showTokens = options.showTokens ?? false
  for (;;) {
    if (options.startPool && stream.size > options.poolAfter) {
      yield* options.startPool().analyse(stream)
      return
    }
    const batch = stream.take(inThreadBatch)
    if (batch.length === 0) {
      if (stream.closed) return
      await stream.changed()
      continue
    }
    for (const entry of batch) {
      const analysis = await analyseToken(
        entry.token,
        options.source,
        options.policy,
        options.at,
        options.lists ?? null,
      )
      yield analysedElsewhere(entry, showTokens, JSON.stringify(analysis), briefOf(analysis))
    }
  }
}

/** tokens taken at a time in this thread: few, so that a pool can take over soon */
const inThreadBatch = 16
