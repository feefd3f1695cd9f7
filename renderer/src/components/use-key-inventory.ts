import { useCallback, useEffect, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { SetInfo } from '#shared/contract/keys'
import type { KeyInfo } from '#shared/managed-keys/types'
import { call } from '../api'
import { toCallError } from './call-error-alert'
import { useKeysChanged } from './use-keys-changed'

/**
 * The key sets and every key (tombstones included) as the main process has them, for the Keys,
 * Sign and JWKS screens. Loaded when a screen shows, after its own changes, and when main announces
 * a change (keys:changed: another screen, a scheduled activation); a Refresh picks up what another
 * process (the CLI) did to the same data directory.
 */

export interface KeyInventory {
  sets: SetInfo[]
  keys: KeyInfo[]
  /** when it was read, ms since the epoch */
  loadedAt: number
}

export type InventoryState =
  | { status: 'loading' }
  | { status: 'ready'; data: KeyInventory }
  | { status: 'error'; error: SerializedError; data: KeyInventory | null }

export interface UseKeyInventory {
  state: InventoryState
  data: KeyInventory | null
  refreshing: boolean
  refresh(): void
}

export function useKeyInventory(active: boolean): UseKeyInventory {
  const [state, setState] = useState<InventoryState>({ status: 'loading' })
  // Each refresh is a numbered request; the screen reads only while it is shown, so a request made
  // while hidden (an event) is served when it shows again.
  const [request, setRequest] = useState(0)
  const [answered, setAnswered] = useState(-1)

  useEffect(() => {
    if (!active) return
    let cancelled = false
    Promise.all([call((api) => api.sets.list()), call((api) => api.keys.list({ includeDestroyed: true }))]).then(
      ([sets, keys]) => {
        if (cancelled) return
        setState({ status: 'ready', data: { sets: sets.sets, keys: keys.keys, loadedAt: Date.now() } })
        setAnswered(request)
      },
      (error: unknown) => {
        if (cancelled) return
        setState((previous) => ({
          status: 'error',
          error: toCallError(error),
          data: previous.status === 'loading' ? null : previous.data,
        }))
        setAnswered(request)
      },
    )
    // A newer request (or leaving the screen) supersedes this one: its answer would be stale.
    return () => {
      cancelled = true
    }
  }, [active, request])

  const refresh = useCallback(() => setRequest((n) => n + 1), [])

  useKeysChanged(refresh)

  const data = state.status === 'loading' ? null : state.data
  return { state, data, refreshing: active && answered !== request, refresh }
}
