import { isSignetError } from '#shared/errors'
import type { AnalyseWorkerReply, AnalyseWorkerRequest } from './analyse-parallel'
import { analyseEntry, type AnalyseOptions } from './report'
import { scanKeySource } from './scan-key-spec'

/**
 * The worker thread's side of analyse-parallel.ts: the key source is built once from the spec, and
 * batches are analysed one after the other, in the order they arrive.
 */
export function analyseInWorker(post: (reply: AnalyseWorkerReply) => void): (request: AnalyseWorkerRequest) => void {
  let options: Promise<AnalyseOptions> | null = null
  let queue = Promise.resolve()
  return (request) => {
    if (request.type === 'analyse-init') {
      options = scanKeySource(request.spec, request.at).then((source) => ({
        source,
        policy: request.policy,
        at: request.at,
        showTokens: request.showTokens,
      }))
      return
    }
    queue = queue.then(async () => {
      try {
        if (!options) throw new Error('analyse before analyse-init')
        const resolved = await options
        const results = []
        for (const entry of request.entries) results.push(await analyseEntry(entry, resolved))
        post({ type: 'analysed', seq: request.seq, results })
      } catch (error) {
        post({
          type: 'analyse-failed',
          seq: request.seq,
          error: { message: (error as Error).message, ...(isSignetError(error) ? { code: error.code } : {}) },
        })
      }
    })
  }
}
