import { useCallback, useEffect, useMemo, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { KeyInfo } from '#shared/managed-keys/types'
import { call, SignetCallError } from '../../../api'
import type { RemoteVerify } from '#shared/managed-keys/managed-key-source'
import { useKeysChanged } from '../../../components/use-keys-changed'

export type ManagedKeysState =
  | { status: 'off'; remote: null }
  | { status: 'loading'; remote: RemoteVerify | null }
  | { status: 'ready'; keys: KeyInfo[]; remote: RemoteVerify; reload: () => void }
  | { status: 'error'; error: SerializedError; remote: null; reload: () => void }

/** Signet's managed keys (public parts only, over keys:list), loaded when the key panel asks for them. */
export function useManagedKeys(enabled: boolean): ManagedKeysState {
  const [generation, setGeneration] = useState(0)
  const [loaded, setLoaded] = useState<{
    generation: number
    result: { ok: true; keys: KeyInfo[] } | { ok: false; error: SerializedError }
  } | null>(null)
  const reload = useCallback(() => setGeneration((n) => n + 1), [])
  // Keys generated, rotated or compromised elsewhere (Keys screen, a CLI) must not leave a stale list.
  useKeysChanged(reload, enabled)
  const remote: RemoteVerify = useMemo(() => (token: string) => call((api) => api.keys.verifyToken({ token })), [])

  useEffect(() => {
    if (!enabled) return
    let live = true
    call((api) => api.keys.list()).then(
      (result) => live && setLoaded({ generation, result: { ok: true, keys: result.keys } }),
      (error: unknown) =>
        live &&
        setLoaded({
          generation,
          result: {
            ok: false,
            error:
              error instanceof SignetCallError
                ? error.toJSON()
                : { code: 'ERR_INTERNAL', message: 'The managed keys could not be listed.' },
          },
        }),
    )
    return () => {
      live = false
    }
  }, [enabled, generation])

  // One object per state, so memoised consumers see a change only when there is one.
  const current = loaded && loaded.generation === generation ? loaded.result : null
  return useMemo((): ManagedKeysState => {
    if (!enabled) return { status: 'off', remote: null }
    if (!current) return { status: 'loading', remote: null }
    return current.ok
      ? { status: 'ready', keys: current.keys, remote, reload }
      : { status: 'error', error: current.error, remote: null, reload }
  }, [enabled, current, remote, reload])
}
