import { Worker } from 'node:worker_threads'
import type { Policy } from '#shared/validation-policy/policy'
import type { ListTexts } from '#shared/token/verify/list-checks'
import { analysedElsewhere, type AnalysedToken } from './analysed-token'
import type { ResultBrief } from './report'
import type { ScanKeySpec } from './scan-key-spec'
import type { IndexedToken, TokenIndex } from './token-index'

/**
 * The analysing half of a scan on `jobs` worker threads.
 *
 * The pool is started while the input is still being read (AnalysePool.start): each worker loads the
 * analysing code and builds the scan's key source once from its spec (scan-key-spec.ts) before the
 * first batch arrives, instead of after the reading is done. The distinct tokens then go out in
 * batches, in first-seen order, as one string and a transferred array of lengths (no object graph
 * to clone); each worker analyses exactly as the main thread would (report.ts analyseEntry) and
 * sends back, per token, the analysis as JSON text and the few fields the summary counts. The results
 * come back in the order the tokens were found, whatever order the workers finish in — the output
 * of `--jobs 4` is byte for byte that of `--jobs 1`. At most `aheadBatches` batches are out or
 * waiting at once, so memory does not grow with the number of tokens beyond the index itself.
 */

export interface ParallelAnalyseOptions {
  spec: ScanKeySpec
  policy: Policy
  /** evaluation time, NumericDate seconds */
  at: number
  showTokens: boolean
  /** the texts of the status lists and revocation lists: each worker verifies them once with its key source */
  lists?: ListTexts | null
  jobs: number
  /** the bundled scan-worker script */
  workerUrl: URL
  /** tokens per message (default 128) */
  batchSize?: number
}

export type AnalyseWorkerRequest =
  | { type: 'analyse-init'; spec: ScanKeySpec; policy: Policy; at: number; lists: ListTexts | null }
  /** `tokens` is the batch's tokens concatenated; `lengths` (transferred) their lengths in UTF-16 code units */
  | { type: 'analyse'; seq: number; tokens: string; lengths: Uint32Array }

export type AnalyseWorkerReply =
  | { type: 'analysed'; seq: number; analyses: string[]; briefs: Omit<ResultBrief, 'occurrences'>[] }
  | { type: 'analyse-failed'; seq: number; error: { message: string; code?: string } }

/** Concatenated tokens and their lengths, for one message. */
export function packBatch(tokens: readonly string[]): { tokens: string; lengths: Uint32Array<ArrayBuffer> } {
  const lengths = new Uint32Array(tokens.length)
  tokens.forEach((token, i) => (lengths[i] = token.length))
  return { tokens: tokens.join(''), lengths }
}

/** The tokens of a packed batch. */
export function unpackBatch(tokens: string, lengths: Uint32Array): string[] {
  const out: string[] = []
  let at = 0
  for (const length of lengths) {
    out.push(tokens.slice(at, at + length))
    at += length
  }
  if (at !== tokens.length) throw new Error(`a packed batch of ${tokens.length} characters has ${at} in its lengths`)
  return out
}

interface Run {
  onReply(worker: Worker, reply: AnalyseWorkerReply): void
  onError(error: unknown): void
}

/** Distinct tokens handed out for analysis in order; a streamed scan's queue fills while the input is read. */
export interface TokenQueue {
  /** up to `max` tokens, in order; [] when none waits now */
  take(max: number): IndexedToken[]
  /** true once nothing more will be added */
  readonly closed: boolean
  /** settles at the next change (tokens added, or the queue closed) */
  changed(): Promise<void>
}

/** A finished index as a queue: every token, in first-seen order. */
export function queueOfIndex(index: TokenIndex): TokenQueue {
  const entries = index.tokens.values()
  return {
    take(max) {
      const batch: IndexedToken[] = []
      for (let item = entries.next(); !item.done; item = entries.next()) {
        batch.push(item.value)
        if (batch.length === max) break
      }
      return batch
    },
    closed: true,
    changed: () => Promise.resolve(),
  }
}

export class AnalysePool {
  private run: Run | null = null
  private startError: unknown = null
  private used = false

  private constructor(
    private readonly options: ParallelAnalyseOptions,
    private readonly workers: Worker[],
  ) {}

  /** Starts `jobs` workers now; each begins loading its code and keys at once. close() ends them. */
  static start(options: ParallelAnalyseOptions): AnalysePool {
    const workers = Array.from({ length: options.jobs }, () => new Worker(options.workerUrl))
    const pool = new AnalysePool(options, workers)
    for (const worker of workers) {
      worker.on('message', (reply: AnalyseWorkerReply) => pool.run?.onReply(worker, reply))
      worker.on('error', (error) => {
        pool.startError ??= error
        pool.run?.onError(error)
      })
      worker.postMessage({
        type: 'analyse-init',
        spec: options.spec,
        policy: options.policy,
        at: options.at,
        lists: options.lists ?? null,
      } satisfies AnalyseWorkerRequest)
    }
    return pool
  }

  /**
   * Every distinct token of the index (or of a queue that fills while the input is read: a streamed
   * scan), analysed on the pool, in the order they were taken. Once per pool.
   */
  async *analyse(source: TokenIndex | TokenQueue): AsyncGenerator<AnalysedToken> {
    if (this.used) throw new Error('an analyse pool runs once')
    this.used = true
    const batchSize = this.options.batchSize ?? 128
    const aheadBatches = this.options.jobs * 4
    const queue = 'take' in source ? source : queueOfIndex(source)
    const inFlight = new Map<number, IndexedToken[]>()
    const ready = new Map<number, AnalysedToken[]>()
    let sent = 0
    let next = 0
    let exhausted = false
    let failure: unknown = this.startError
    let wake: (() => void) | null = null
    const notify = () => {
      const w = wake
      wake = null
      w?.()
    }
    const idle: Worker[] = []
    const feed = (worker: Worker) => {
      if (failure || exhausted) return
      if (sent - next >= aheadBatches) {
        idle.push(worker)
        return
      }
      const batch = queue.take(batchSize)
      if (batch.length === 0) {
        // nothing waits now: the worker idles until the queue changes, or is done if it is closed
        if (queue.closed) exhausted = true
        else idle.push(worker)
        notify()
        return
      }
      const seq = sent++
      inFlight.set(seq, batch)
      const packed = packBatch(batch.map((entry) => entry.token))
      worker.postMessage({ type: 'analyse', seq, ...packed } satisfies AnalyseWorkerRequest, [packed.lengths.buffer])
    }
    this.run = {
      onReply: (worker, reply) => {
        if (reply.type === 'analyse-failed') {
          failure = Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {})
        } else {
          const batch = inFlight.get(reply.seq)!
          inFlight.delete(reply.seq)
          ready.set(
            reply.seq,
            batch.map((entry, i) =>
              analysedElsewhere(entry, this.options.showTokens, reply.analyses[i]!, reply.briefs[i]!),
            ),
          )
          feed(worker)
        }
        notify()
      },
      onError: (error) => {
        failure = error
        notify()
      },
    }
    // Two batches per worker to start with, so a worker never waits for the next one.
    for (const worker of this.workers) {
      feed(worker)
      feed(worker)
    }
    for (;;) {
      if (failure) throw failure
      const results = ready.get(next)
      if (results) {
        ready.delete(next)
        next++
        for (const worker of idle.splice(0)) feed(worker)
        yield* results
        continue
      }
      if (exhausted && next === sent) return
      const woken = new Promise<void>((resolve) => (wake = resolve))
      // Workers idle for want of tokens (not for the ahead limit) are fed when the queue changes.
      if (idle.length > 0 && sent - next < aheadBatches) {
        if (!queue.closed) await Promise.race([woken, queue.changed()])
        for (const worker of idle.splice(0)) feed(worker)
        continue
      }
      await woken
    }
  }

  async close(): Promise<void> {
    this.run = null
    await Promise.all(this.workers.map((worker) => worker.terminate()))
  }
}
