import { startTransition, useEffect, useState } from 'react'

/**
 * `value`, once the frame showing its change has been painted: the returned value catches up in a
 * transition started from the first task after the next animation frame, so the work that depends
 * on it (Inspect's decode, verification, lint and the results panels) never runs between a
 * keystroke and the paint of that keystroke. React's `useDeferredValue` alone starts the deferred
 * render at once, in a task that can take the frame's turn; and its commit cannot yield.
 *
 * A newer value before the old one caught up replaces it (one catch-up per painted frame, never a
 * queue). The first render returns `value` itself: there is nothing to paint before it. While the
 * page is hidden no frame comes, and the value catches up when it is shown again.
 */
export function useAfterPaint<T>(value: T): T {
  const [caughtUp, setCaughtUp] = useState(value)
  useEffect(() => {
    if (Object.is(value, caughtUp)) return
    let timer: number | undefined
    const frame = requestAnimationFrame(() => {
      // A timer queued from inside the frame's callbacks runs after that frame's paint.
      timer = window.setTimeout(() => startTransition(() => setCaughtUp(() => value)), 0)
    })
    return () => {
      cancelAnimationFrame(frame)
      window.clearTimeout(timer)
    }
  }, [value, caughtUp])
  return caughtUp
}
