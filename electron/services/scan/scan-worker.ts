import { parentPort } from 'node:worker_threads'
import type { AnalyseWorkerReply, AnalyseWorkerRequest } from './analyse-parallel'
import { findInInput, type FindOptions } from './find-in-input'

/**
 * A scan worker thread. Finding: the tokens of one file per message, posted back in batches.
 * Analysing (analyse-parallel.ts): batches of distinct tokens, decoded, linted and verified here;
 * that code is loaded only by a worker that analyses, so a finding worker starts light.
 */
type FindRequest = { path: string; options: FindOptions }

let analyse: Promise<(request: AnalyseWorkerRequest) => void> | null = null

parentPort?.on('message', (message: FindRequest | AnalyseWorkerRequest) => {
  if ('type' in message) {
    analyse ??= import('./analyse-in-worker').then(({ analyseInWorker }) =>
      analyseInWorker((reply: AnalyseWorkerReply) => parentPort!.postMessage(reply)),
    )
    void analyse.then((handle) => handle(message))
    return
  }
  void findInInput(message.path, (found) => parentPort!.postMessage({ type: 'found', found }), message.options).then(
    (outcome) => parentPort!.postMessage({ type: 'done', outcome }),
    (error: unknown) => {
      throw error
    },
  )
})
