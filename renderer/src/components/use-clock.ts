import { useEffect, useState } from 'react'

const currentMs = () => Date.now()

/**
 * The current time in milliseconds, re-read every `intervalMs` while `running` and at once whenever
 * `bump` changes (fresh data is judged against the time it arrived), so relative times and "ready
 * now" states stay true without a timer running on a hidden screen.
 */
export function useClock(intervalMs: number, running: boolean, bump?: unknown): number {
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
