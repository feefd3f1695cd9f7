import { useEffect, useRef } from 'react'
import { signetApi } from '../api'

/**
 * Calls `onChange` after the key manager commits a change (main's keys:changed event), once per
 * burst: one action often announces several keys (a rotation stages one and retires another).
 */
export function useKeysChanged(onChange: () => void, enabled = true): void {
  const latest = useRef(onChange)
  useEffect(() => {
    latest.current = onChange
  })
  useEffect(() => {
    const events = signetApi()?.events
    if (!enabled || !events) return
    let timer: number | undefined
    const unsubscribe = events.onKeysChanged(() => {
      window.clearTimeout(timer)
      timer = window.setTimeout(() => latest.current(), 60)
    })
    return () => {
      window.clearTimeout(timer)
      unsubscribe()
    }
  }, [enabled])
}
