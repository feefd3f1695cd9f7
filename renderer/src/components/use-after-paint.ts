import { startTransition, useCallback, useEffect, useRef } from 'react'

/**
 * Returns a stable function that hands its arguments to `apply` once the frame showing what
 * caused it has been painted: from the first task after the next animation frame, inside a
 * transition (so the render it starts yields to the next key). For an input whose widget draws its
 * own change (a CodeMirror editor), the keystroke's paint then costs no React work at all; the state
 * and everything derived from it catch up right after. React's `useDeferredValue` alone would still
 * render the urgent update first, and start the deferred one in a task that can take the frame's
 * turn, with a commit that cannot yield.
 *
 * Several calls before that frame coalesce: `apply` gets the latest arguments, once. While the page
 * is hidden no frame comes, and they are applied when it is shown again. Pending work is dropped
 * on unmount.
 */
export function useAfterPaint<A extends unknown[]>(apply: (...args: A) => void): (...args: A) => void {
  const latestApply = useRef(apply)
  const pending = useRef<{ args: A } | null>(null)
  const scheduled = useRef<{ frame: number; timer: number | undefined } | null>(null)
  useEffect(() => {
    latestApply.current = apply
  })
  useEffect(
    () => () => {
      if (scheduled.current) {
        cancelAnimationFrame(scheduled.current.frame)
        window.clearTimeout(scheduled.current.timer)
      }
      scheduled.current = null
      pending.current = null
    },
    [],
  )
  return useCallback((...args: A) => {
    pending.current = { args }
    if (scheduled.current) return
    const handle: { frame: number; timer: number | undefined } = { frame: 0, timer: undefined }
    handle.frame = requestAnimationFrame(() => {
      // A timer queued from inside the frame's callbacks runs after that frame's paint.
      handle.timer = window.setTimeout(() => {
        scheduled.current = null
        const next = pending.current
        pending.current = null
        if (next) startTransition(() => latestApply.current(...next.args))
      }, 0)
    })
    scheduled.current = handle
  }, [])
}
