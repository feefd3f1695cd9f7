import { useEffect, useState } from 'react'

const currentMs = () => Date.now()

/**
 * The app's one clock: the current time in **milliseconds**, re-read every `intervalMs` while
 * `running`, and at once whenever `bump` changes (fresh data — a pasted token, a loaded list — is
 * judged against the time it arrived, not the last tick), so relative times, "ready now" states and
 * the inspector's evaluation time stay true without a timer running on a hidden screen. Callers that
 * need a NumericDate (RFC 7519 §2, seconds) divide by 1000 where they use it.
 */
export function useNow(intervalMs: number, running: boolean, bump?: unknown): number {
  const [state, setState] = useState(() => ({ now: currentMs(), bump, running }))
  // Adjusting state while rendering: React's documented pattern for "reset when a prop changes".
  if (state.bump !== bump || state.running !== running) setState({ now: currentMs(), bump, running })
  useEffect(() => {
    if (!running) return
    const timer = window.setInterval(() => setState((previous) => ({ ...previous, now: currentMs() })), intervalMs)
    return () => window.clearInterval(timer)
  }, [intervalMs, running])
  return state.now
}
