import { useCallback, useEffect, useState } from 'react'
import type { AppInfo, KeychainStatus } from '#shared/contract'
import type { SerializedError } from '#shared/errors'
import { call, signetApi, SignetCallError } from '../api'

export type AppInfoState =
  | { status: 'loading' }
  | { status: 'no-bridge' }
  | { status: 'ready'; info: AppInfo }
  | { status: 'failed'; error: SerializedError }

/**
 * What the status bar shows: app info from the main process, and a way to re-probe the keychain
 * (after the user unlocked it or started its daemon) without restarting.
 */
export function useAppInfo(): {
  state: AppInfoState
  recheckKeychain: () => Promise<void>
  rechecking: boolean
  reloadInfo: () => void
} {
  const [state, setState] = useState<AppInfoState>(() =>
    signetApi() ? { status: 'loading' } : { status: 'no-bridge' },
  )
  const [rechecking, setRechecking] = useState(false)

  const [generation, setGeneration] = useState(0)
  const reloadInfo = useCallback(() => setGeneration((n) => n + 1), [])

  useEffect(() => {
    if (!signetApi()) return
    let cancelled = false
    call((api) => api.app.info()).then(
      (info) => !cancelled && setState({ status: 'ready', info }),
      (error: unknown) => !cancelled && setState({ status: 'failed', error: asSerialized(error) }),
    )
    return () => {
      cancelled = true
    }
  }, [generation])

  const recheckKeychain = useCallback(async () => {
    setRechecking(true)
    try {
      const keychain: KeychainStatus = await call((api) => api.keychain.status({ refresh: true }))
      setState((previous) =>
        previous.status === 'ready' ? { status: 'ready', info: { ...previous.info, keychain } } : previous,
      )
    } catch (error) {
      setState({ status: 'failed', error: asSerialized(error) })
    } finally {
      setRechecking(false)
    }
  }, [])

  return { state, recheckKeychain, rechecking, reloadInfo }
}

function asSerialized(error: unknown): SerializedError {
  if (error instanceof SignetCallError) return error.toJSON()
  return { code: 'ERR_INTERNAL', message: 'The main process could not be reached. Restart Signet.' }
}
