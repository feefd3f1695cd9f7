import { useEffect, useState } from 'react'

export type PromiseState<T> =
  | { status: 'idle' }
  | { status: 'pending'; previous: T | undefined }
  | { status: 'done'; value: T }

/**
 * The settled value of a memoised promise, keeping the previous value while a new one is pending
 * so results do not flicker away on every change. The promise must not reject: callers resolve to
 * a result object instead, so nothing can surface as an unhandled rejection.
 */
export function usePromise<T>(promise: Promise<T> | null): PromiseState<T> {
  const [settled, setSettled] = useState<{ promise: Promise<T>; value: T } | null>(null)
  useEffect(() => {
    if (!promise) return
    let live = true
    void promise.then((value) => {
      if (live) setSettled({ promise, value })
    })
    return () => {
      live = false
    }
  }, [promise])
  if (!promise) return { status: 'idle' }
  if (settled?.promise === promise) return { status: 'done', value: settled.value }
  return { status: 'pending', previous: settled?.value }
}
