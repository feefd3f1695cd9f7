import { useCallback, useEffect, useState } from 'react'
import type { PoliciesListResult, SavedPolicy } from '#shared/contract'
import type { SerializedError } from '#shared/errors'
import type { Policy } from '#shared/validation-policy/policy'
import { call, SignetCallError } from '../../../api'

export type SavedPoliciesState =
  { status: 'loading' } | { status: 'ready'; list: PoliciesListResult } | { status: 'error'; error: SerializedError }

export interface SavedPolicies {
  state: SavedPoliciesState
  save(policy: Policy, overwrite: boolean): Promise<SavedPolicy>
  remove(name: string): Promise<void>
}

const asSerialized = (error: unknown): SerializedError =>
  error instanceof SignetCallError
    ? error.toJSON()
    : { code: 'ERR_INTERNAL', message: 'The saved policies could not be read.' }

/** Named policies saved in Signet's store (policies:list/save/delete). */
export function useSavedPolicies(): SavedPolicies {
  const [generation, setGeneration] = useState(0)
  const [state, setState] = useState<{ generation: number; value: SavedPoliciesState } | null>(null)

  useEffect(() => {
    let live = true
    call((api) => api.policies.list()).then(
      (list) => live && setState({ generation, value: { status: 'ready', list } }),
      (error: unknown) => live && setState({ generation, value: { status: 'error', error: asSerialized(error) } }),
    )
    return () => {
      live = false
    }
  }, [generation])

  const save = useCallback(async (policy: Policy, overwrite: boolean) => {
    const saved = await call((api) =>
      api.policies.save({
        policy: policy as unknown as Record<string, unknown>,
        ...(overwrite ? { overwrite: true } : {}),
      }),
    )
    setGeneration((n) => n + 1)
    return saved
  }, [])
  const remove = useCallback(async (name: string) => {
    await call((api) => api.policies.delete({ name }))
    setGeneration((n) => n + 1)
  }, [])

  // While a refresh is in flight the previous list stays on screen.
  return { state: state?.value ?? { status: 'loading' }, save, remove }
}
