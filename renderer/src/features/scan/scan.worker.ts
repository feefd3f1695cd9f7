/// <reference lib="webworker" />
import { ScanCollector } from './scan-core'
import { maxScanFileBytes, type ScanRequest, type ScanResponse } from './scan-protocol'

/**
 * Scans the files the user dropped or opened, off the page's thread: the window never freezes, and
 * cancel is the page terminating this worker. Files are read here through the File API (Blob.text),
 * so no path ever goes to main.
 */

const scope = self as unknown as DedicatedWorkerGlobalScope

scope.onmessage = async (event: MessageEvent<ScanRequest>) => {
  const started = performance.now()
  const { files, now } = event.data
  const total = files.reduce((sum, file) => sum + file.size, 0)
  const collector = new ScanCollector(now)
  const outcomes: { name: string; size: number; error?: string }[] = []
  let before = 0
  let lastPost = 0
  for (const file of files) {
    if (file.size > maxScanFileBytes) {
      outcomes.push({ name: file.name, size: file.size, error: `larger than the ${maxScanFileBytes / 1024 / 1024} MB a scan in the app reads; use "signet scan" for it` })
      before += file.size
      continue
    }
    try {
      const text = await file.text()
      collector.addFile(file.name, text, (characters) => {
        const at = performance.now()
        if (at - lastPost < 50) return
        lastPost = at
        // characters ≈ bytes for log text; good enough for a progress bar
        scope.postMessage({ type: 'progress', done: before + Math.min(file.size, characters), total, file: file.name } satisfies ScanResponse)
      })
      outcomes.push({ name: file.name, size: file.size })
    } catch (error) {
      outcomes.push({ name: file.name, size: file.size, error: error instanceof Error ? error.message : 'unreadable' })
    }
    before += file.size
    scope.postMessage({ type: 'progress', done: before, total, file: file.name } satisfies ScanResponse)
  }
  scope.postMessage({ type: 'done', rows: collector.result(), files: outcomes, elapsedMs: performance.now() - started } satisfies ScanResponse)
}
