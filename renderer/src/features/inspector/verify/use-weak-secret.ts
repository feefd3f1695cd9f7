import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { WeakSecretMatch } from '#shared/token/weak-secrets'
import type { WeakSecretRequest, WeakSecretResponse } from './weak-secret-protocol'

export type WeakSecretState =
  | { status: 'idle' }
  | { status: 'running'; tried: number; total: number }
  | { status: 'found'; match: WeakSecretMatch; total: number; elapsedMs: number }
  | { status: 'clean'; total: number; elapsedMs: number }
  | { status: 'cancelled'; tried: number; total: number }
  | { status: 'error'; error: SerializedError }

const idle: WeakSecretState = { status: 'idle' }
const starting: WeakSecretState = { status: 'running', tried: 0, total: 0 }

/**
 * Runs the full weak-secret dictionary against an HMAC-signed token in a Web Worker, starting as
 * soon as the token is shown, with progress, cancel and run-again. `token` null: nothing to check.
 */
export function useWeakSecretCheck(token: string | null): {
  state: WeakSecretState
  cancel: () => void
  runAgain: () => void
} {
  const [run, setRun] = useState(0)
  const [result, setResult] = useState<{ token: string | null; run: number; value: WeakSecretState }>({
    token: null,
    run: 0,
    value: { status: 'idle' },
  })
  const cancelRef = useRef<(() => void) | null>(null)

  useEffect(() => {
    if (token === null) return
    const worker = new Worker(new URL('./weak-secret.worker.ts', import.meta.url), {
      type: 'module',
      name: 'weak-secret-check',
    })
    let progress = { tried: 0, total: 0 }
    let finished = false
    const set = (value: WeakSecretState) => setResult({ token, run, value })
    const finish = (value: WeakSecretState) => {
      finished = true
      set(value)
      worker.terminate()
    }
    worker.onmessage = (event: MessageEvent<WeakSecretResponse>) => {
      const message = event.data
      if (message.type === 'progress') {
        progress = { tried: message.tried, total: message.total }
        set({ status: 'running', ...progress })
      } else if (message.type === 'done') {
        finish(
          message.match
            ? { status: 'found', match: message.match, total: progress.total, elapsedMs: message.elapsedMs }
            : { status: 'clean', total: progress.total, elapsedMs: message.elapsedMs },
        )
      } else {
        finish({ status: 'error', error: message.error })
      }
    }
    worker.onerror = (event: ErrorEvent) =>
      finish({
        status: 'error',
        error: {
          code: 'ERR_INTERNAL',
          message: `The weak-secret worker ${event.message ? `stopped: ${event.message}` : 'could not start'}; only the quick check ran. Run it again.`,
        },
      })
    worker.postMessage({ token } satisfies WeakSecretRequest)
    cancelRef.current = () => {
      if (!finished) finish({ status: 'cancelled', ...progress })
    }
    return () => {
      cancelRef.current = null
      worker.terminate()
    }
  }, [token, run])

  const cancel = useCallback(() => cancelRef.current?.(), [])
  const runAgain = useCallback(() => setRun((n) => n + 1), [])
  const current = token !== null && result.token === token && result.run === run ? result.value : null
  const state = current ?? (token === null ? idle : starting)
  return useMemo(() => ({ state, cancel, runAgain }), [state, cancel, runAgain])
}
