import { useEffect, useState } from 'react'

const currentSeconds = () => Date.now() / 1000

/**
 * The current time in NumericDate seconds, refreshed every `intervalMs` while `active`, and at once
 * whenever `resetKey` changes (a new token is judged against the time it was pasted, not the last tick).
 */
export function useNow(intervalMs: number, active: boolean, resetKey?: unknown): number {
  const [state, setState] = useState(() => ({ now: currentSeconds(), key: resetKey, active }))
  // Adjusting state while rendering (React's documented pattern for "reset on prop change").
  if (state.key !== resetKey || state.active !== active) setState({ now: currentSeconds(), key: resetKey, active })
  useEffect(() => {
    if (!active) return
    const timer = window.setInterval(() => setState((previous) => ({ ...previous, now: currentSeconds() })), intervalMs)
    return () => window.clearInterval(timer)
  }, [intervalMs, active])
  return state.now
}
