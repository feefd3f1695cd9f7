import { parentPort } from 'node:worker_threads'
import type { AnalyseWorkerReply, AnalyseWorkerRequest } from './analyse-parallel'
import type { FindWorkerRequest } from './collect'
import { findInInput, type FoundToken } from './find-in-input'
import { FoundCredit } from './found-credit'

/**
 * A scan worker thread. Finding: the tokens of one file per message, posted back in batches, each
 * batch counted out until the main thread acknowledges it (found-credit.ts): with a few out, the
 * reading waits. Analysing (analyse-parallel.ts): batches of distinct tokens, decoded, linted and
 * verified here; that code is loaded only by a worker that analyses, so a finding worker starts light.
 */

let analyse: Promise<(request: AnalyseWorkerRequest) => void> | null = null
const credit = new FoundCredit<FoundToken[]>((found) => parentPort!.postMessage({ type: 'found', found }))

parentPort?.on('message', (message: FindWorkerRequest | AnalyseWorkerRequest) => {
  if ('type' in message) {
    if (message.type === 'found-ack') return credit.ack()
    analyse ??= import('./analyse-in-worker').then(({ analyseInWorker }) =>
      analyseInWorker((reply: AnalyseWorkerReply) => parentPort!.postMessage(reply)),
    )
    void analyse.then((handle) => handle(message))
    return
  }
  void findInInput(message.path, (found) => credit.send(found), message.options).then(
    (outcome) => parentPort!.postMessage({ type: 'done', outcome }),
    (error: unknown) => {
      throw error
    },
  )
})
