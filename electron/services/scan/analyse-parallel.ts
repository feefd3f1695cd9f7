import { Worker } from 'node:worker_threads'
import type { Policy } from '#shared/validation-policy/policy'
import type { TokenResult } from './report'
import type { ScanKeySpec } from './scan-key-spec'
import type { IndexedToken, TokenIndex } from './token-index'

/**
 * The analysing half of a scan on `jobs` worker threads: the distinct tokens go out in batches, in
 * first-seen order, each worker builds the scan's key source once from its spec (scan-key-spec.ts)
 * and analyses exactly as the main thread would (report.ts analyseEntry), and the results come back
 * in the order the tokens were found, whatever order the workers finish in — the output of
 * `--jobs 4` is byte for byte that of `--jobs 1`. At most `aheadBatches` batches are out or waiting
 * at once, so memory does not grow with the number of tokens beyond the index itself.
 */

export interface ParallelAnalyseOptions {
  spec: ScanKeySpec
  policy: Policy
  /** evaluation time, NumericDate seconds */
  at: number
  showTokens: boolean
  jobs: number
  /** the bundled scan-worker script */
  workerUrl: URL
  /** tokens per message (default 128) */
  batchSize?: number
}

export type AnalyseWorkerRequest =
  | { type: 'analyse-init'; spec: ScanKeySpec; policy: Policy; at: number; showTokens: boolean }
  | { type: 'analyse'; seq: number; entries: IndexedToken[] }

export type AnalyseWorkerReply =
  | { type: 'analysed'; seq: number; results: TokenResult[] }
  | { type: 'analyse-failed'; seq: number; error: { message: string; code?: string } }

export async function* analyseInWorkers(
  index: TokenIndex,
  options: ParallelAnalyseOptions,
): AsyncGenerator<TokenResult> {
  const batchSize = options.batchSize ?? 128
  const aheadBatches = options.jobs * 4
  const entries = index.tokens.values()
  const ready = new Map<number, TokenResult[]>()
  let sent = 0
  let next = 0
  let exhausted = false
  let failure: unknown = null
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
    const batch: IndexedToken[] = []
    for (let item = entries.next(); !item.done; item = entries.next()) {
      batch.push(item.value)
      if (batch.length === batchSize) break
    }
    if (batch.length === 0) {
      exhausted = true
      notify()
      return
    }
    worker.postMessage({ type: 'analyse', seq: sent++, entries: batch } satisfies AnalyseWorkerRequest)
  }
  const workers = Array.from({ length: options.jobs }, () => {
    const worker = new Worker(options.workerUrl)
    worker.on('message', (reply: AnalyseWorkerReply) => {
      if (reply.type === 'analyse-failed') {
        failure = Object.assign(new Error(reply.error.message), reply.error.code ? { code: reply.error.code } : {})
      } else {
        ready.set(reply.seq, reply.results)
        feed(worker)
      }
      notify()
    })
    worker.on('error', (error) => {
      failure = error
      notify()
    })
    worker.postMessage({
      type: 'analyse-init',
      spec: options.spec,
      policy: options.policy,
      at: options.at,
      showTokens: options.showTokens,
    } satisfies AnalyseWorkerRequest)
    return worker
  })
  try {
    // Two batches per worker to start with, so a worker never waits for the next one.
    for (const worker of workers) {
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
      await new Promise<void>((resolve) => (wake = resolve))
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()))
  }
}
