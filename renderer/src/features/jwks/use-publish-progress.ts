import { useEffect, useState } from 'react'
import type { PublishProgress } from '#shared/publishing/results'
import { signetApi } from '../../api'

/**
 * Each target's latest progress in a publish of `set` (main's jwks:publish-progressed events), by
 * target name; `reset()` clears it as a new publish starts. It listens for as long as the screen
 * is open, so no event can arrive before the listener does, and what arrived stays after the
 * publish ends: a failure still shows which targets went out.
 */
export function usePublishProgress(set: string): { progress: ReadonlyMap<string, PublishProgress>; reset: () => void } {
  const [progress, setProgress] = useState<ReadonlyMap<string, PublishProgress>>(new Map())
  useEffect(() => {
    const events = signetApi()?.events
    if (!events) return
    return events.onJwksPublishProgressed((event) => {
      if (event.set !== set) return
      setProgress((current) => new Map(current).set(event.target, event))
    })
  }, [set])
  return { progress, reset: () => setProgress(new Map()) }
}
