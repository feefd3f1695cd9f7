/// <reference lib="webworker" />
import type { VerifyTokenResult } from '#shared/contract/keys'
import { evaluationTimeOf } from '#shared/validation-policy/default-policy'
import { analyseFound, ScanCollector, type ScanRow } from './scan-core'
import { scanKeySource } from './scan-key-source'
import { maxScanFileBytes, type ScanRequest, type ScanResponse } from './scan-protocol'
import { formatBytes } from '#shared/text/format-bytes'

/**
 * Scans the files the user dropped or opened, off the page's thread: the window never freezes, and
 * cancel is the page terminating this worker. Files are read here through the File API (streamed,
 * Blob.stream), so no path ever goes to main. Then each distinct token is verified once, here, with jose — except
 * a managed HMAC key's signature, which main checks (the page relays the question).
 */

const scope = self as unknown as DedicatedWorkerGlobalScope
const pending = new Map<number, { resolve: (result: VerifyTokenResult) => void; reject: (error: Error) => void }>()
let nextId = 1

const post = (message: ScanResponse) => scope.postMessage(message)

function remoteVerify(token: string): Promise<VerifyTokenResult> {
  const id = nextId++
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject })
    post({ type: 'remote-verify', id, token })
  })
}

scope.onmessage = async (event: MessageEvent<ScanRequest>) => {
  const message = event.data
  if (message.type === 'remote-result') {
    const waiting = pending.get(message.id)
    pending.delete(message.id)
    if (!waiting) return
    if (message.result) waiting.resolve(message.result)
    else
      waiting.reject(
        new Error(
          message.error ? `${message.error.code}: ${message.error.message}` : 'The main process did not answer.',
        ),
      )
    return
  }
  const started = performance.now()
  const { files, now, policy } = message
  const total = files.reduce((sum, file) => sum + file.size, 0)
  const collector = new ScanCollector()
  const outcomes: { name: string; size: number; error?: string }[] = []
  let before = 0
  let lastPost = 0
  const throttled = (send: () => void) => {
    const at = performance.now()
    if (at - lastPost < 50) return
    lastPost = at
    send()
  }
  for (const file of files) {
    if (file.size > maxScanFileBytes) {
      outcomes.push({
        name: file.name,
        size: file.size,
        error: `larger than the ${formatBytes(maxScanFileBytes)} a scan in the app reads; use "signet scan" for it`,
      })
      before += file.size
      continue
    }
    try {
      const note = await collector.addFile(file, (bytes) =>
        throttled(() =>
          post({
            type: 'progress',
            phase: 'finding',
            done: before + Math.min(file.size, bytes),
            total,
            file: file.name,
          }),
        ),
      )
      outcomes.push({ name: file.name, size: file.size, ...(note ? { error: note } : {}) })
    } catch (error) {
      outcomes.push({ name: file.name, size: file.size, error: error instanceof Error ? error.message : 'unreadable' })
    }
    before += file.size
    post({ type: 'progress', phase: 'finding', done: before, total, file: file.name })
  }

  const found = collector.result()
  const keys = await scanKeySource(message.key, remoteVerify)
  const at = evaluationTimeOf(policy, now)
  const rows: ScanRow[] = []
  for (const token of found) {
    rows.push(await analyseFound(token, keys.source, policy, at))
    throttled(() =>
      post({
        type: 'progress',
        phase: 'verifying',
        done: rows.length,
        total: found.length,
        file: `token ${rows.length} of ${found.length}`,
      }),
    )
  }
  post({
    type: 'done',
    rows,
    files: outcomes,
    elapsedMs: performance.now() - started,
    keyLabel: keys.label,
    keyError: keys.error,
    tokenLimit: collector.limitReached(),
  })
}
