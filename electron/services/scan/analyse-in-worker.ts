import { isSignetError } from '#shared/errors'
import type { Policy } from '#shared/validation-policy/policy'
import type { KeySource } from '#shared/key-material/types'
import type { ListEvidence } from '#shared/token/verify/list-checks'
import { unpackBatch, type AnalyseWorkerReply, type AnalyseWorkerRequest } from './analyse-parallel'
import { analyseToken } from './analyse'
import { briefOf } from './report'
import { scanKeySource } from './scan-key-spec'

/**
 * The worker thread's side of analyse-parallel.ts: the key source is built once from the spec (as
 * soon as the pool starts, while the main thread still reads input), and batches are analysed one
 * after the other, in the order they arrive. Each analysis goes back as JSON text plus its brief:
 * strings clone as flat copies, and the main thread writes the text into its NDJSON line as is.
 */
export function analyseInWorker(post: (reply: AnalyseWorkerReply) => void): (request: AnalyseWorkerRequest) => void {
  let options: Promise<{ source: KeySource | null; policy: Policy; at: number; lists: ListEvidence | null }> | null =
    null
  let queue = Promise.resolve()
  return (request) => {
    if (request.type === 'analyse-init') {
      // The lists are verified once per worker, with the source this worker built, as the main thread does.
      options = scanKeySource(request.spec, request.at).then(async (source) => ({
        source,
        policy: request.policy,
        at: request.at,
        lists:
          source && request.lists
            ? await import('#shared/token/verify/list-evidence').then(({ prepareListEvidence }) =>
                prepareListEvidence(request.lists, source, request.policy),
              )
            : null,
      }))
      // A key that cannot be read fails the first batch, where the main thread is listening.
      options.catch(() => {})
      return
    }
    queue = queue.then(async () => {
      try {
        if (!options) throw new Error('analyse before analyse-init')
        const { source, policy, at, lists } = await options
        const analyses: string[] = []
        const briefs: ReturnType<typeof briefOf>[] = []
        for (const token of unpackBatch(request.tokens, request.lengths)) {
          const analysis = await analyseToken(token, source, policy, at, lists)
          analyses.push(JSON.stringify(analysis))
          briefs.push(briefOf(analysis))
        }
        post({ type: 'analysed', seq: request.seq, analyses, briefs })
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
