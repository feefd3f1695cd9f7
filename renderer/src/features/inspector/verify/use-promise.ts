import { useEffect, useMemo, useState } from 'react'

export type PromiseState<T> =
  { status: 'idle' } | { status: 'pending'; previous: T | undefined } | { status: 'done'; value: T }

/**
 * The settled value of a memoised promise, keeping the previous value while a new one is pending
 * so results do not flicker away on every change. The promise must not reject: callers resolve to
 * a result object instead, so nothing can surface as an unhandled rejection.
 */
export function usePromise<T>(promise: Promise<T> | null): PromiseState<T> {
  const [settled, setSettled] = useState<{ promise: Promise<T>; value: T } | null>(null)
  // The same object while nothing changed, so memoised consumers skip re-rendering.
  const idle = useMemo((): PromiseState<T> => ({ status: 'idle' }), [])
  const done = useMemo(
    (): PromiseState<T> | null =>
      settled && settled.promise === promise ? { status: 'done', value: settled.value } : null,
    [settled, promise],
  )
  const pending = useMemo((): PromiseState<T> => ({ status: 'pending', previous: settled?.value }), [settled])
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
  if (!promise) return idle
  return done ?? pending
}
