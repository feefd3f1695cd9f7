import { useDebouncedValue } from '@mantine/hooks'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { StatusListLastToken } from '#shared/contract/revocations'
import type { SerializedError } from '#shared/errors'
import type { KeySource } from '#shared/key-material/types'
import type { StatusListInfo } from '#shared/status-list/managed'
import type { RevocationEvidence } from '#shared/token/revocation-at'
import type { SignaturePolicy } from '#shared/token/analyse-token'
import { prepareRevocationList, type RevocationListEvidence } from '#shared/token/verify/revocation-check'
import { prepareStatusList, type StatusListEvidence } from '#shared/token/verify/status-check'
import { call, SignetCallError } from '../../../api'
import { usePromise, type PromiseState } from './use-promise'

/**
 * The Revocation input of the Inspect screen: a Status List Token (pasted, opened, or a managed
 * list's last signed export, fetched through main) and/or a Signet revocation list token. Each list
 * is decoded, verified and decompressed once per list text and key source — never per keystroke in
 * the token editor, and only after typing in the list field pauses.
 */

export interface RevocationPanelState {
  statusFrom: 'text' | 'managed'
  statusText: string
  statusFile: string | null
  /** the managed list's name, when statusFrom is 'managed' */
  managedList: string | null
  revocationText: string
  revocationFile: string | null
}

export const emptyRevocation: RevocationPanelState = {
  statusFrom: 'text',
  statusText: '',
  statusFile: null,
  managedList: null,
  revocationText: '',
  revocationFile: null,
}

export type Loaded<T> =
  | { status: 'off' }
  | { status: 'loading' }
  | { status: 'ready'; value: T }
  | { status: 'error'; error: SerializedError }

export interface ManagedStatusLists {
  lists: Loaded<StatusListInfo[]>
  chosen: Loaded<StatusListLastToken>
  reload: () => void
}

export interface RevocationReadings {
  managed: ManagedStatusLists
  statusList: PromiseState<StatusListEvidence> | null
  revocationList: PromiseState<RevocationListEvidence> | null
  /** what the trace is judged with: the settled evidence of each list given */
  evidence: RevocationEvidence
}

/** A list pasted is a few kilobytes at most in practice; typing in its field waits for a pause. */
const typingPauseMs = 200

export function useRevocation(
  state: RevocationPanelState,
  source: KeySource | null,
  policy: SignaturePolicy,
): RevocationReadings {
  const managed = useManagedStatusLists(state.statusFrom === 'managed', state.managedList)
  const [statusTyped] = useDebouncedValue(state.statusText, typingPauseMs)
  const [revocationTyped] = useDebouncedValue(state.revocationText, typingPauseMs)
  const statusToken =
    state.statusFrom === 'managed'
      ? managed.chosen.status === 'ready'
        ? (managed.chosen.value.token ?? '')
        : ''
      : statusTyped
  const algorithmsKey = policy.algorithms?.join(',') ?? ''
  const minHmacKeyBytes = policy.minHmacKeyBytes
  const keyPolicy = useMemo(
    (): SignaturePolicy => ({
      ...(algorithmsKey ? { algorithms: algorithmsKey.split(',') as SignaturePolicy['algorithms'] } : {}),
      ...(minHmacKeyBytes !== undefined ? { minHmacKeyBytes } : {}),
    }),
    [algorithmsKey, minHmacKeyBytes],
  )
  // prepare* never reject for a bad list (a problem becomes a failed check); the catch is for the unexpected.
  const statusPromise = useMemo(
    () => (statusToken.trim() ? prepareStatusList(statusToken, source, keyPolicy).catch(unexpected) : null),
    [statusToken, source, keyPolicy],
  )
  const revocationPromise = useMemo(
    () =>
      revocationTyped.trim()
        ? prepareRevocationList(revocationTyped, source, keyPolicy).catch(() => ({
            ...unexpected(),
            revocations: null,
            formatProblem: 'it could not be checked.',
          }))
        : null,
    [revocationTyped, source, keyPolicy],
  )
  const statusState = usePromise(statusPromise)
  const revocationState = usePromise(revocationPromise)
  const statusEvidence = statusPromise && statusState.status === 'done' ? statusState.value : null
  const revocationEvidence = revocationPromise && revocationState.status === 'done' ? revocationState.value : null
  const evidence = useMemo(
    (): RevocationEvidence => ({ statusList: statusEvidence, revocationList: revocationEvidence }),
    [statusEvidence, revocationEvidence],
  )
  return useMemo(
    () => ({
      managed,
      statusList: statusPromise ? statusState : null,
      revocationList: revocationPromise ? revocationState : null,
      evidence,
    }),
    [managed, statusPromise, statusState, revocationPromise, revocationState, evidence],
  )
}

function unexpected(): StatusListEvidence {
  return {
    decoded: null,
    header: {},
    claims: null,
    signature: null,
    problem: 'it could not be checked (an unexpected error; report it with the list).',
    list: null,
    listProblem: 'it could not be checked.',
  }
}

/** The managed status lists (status-list:list) and the chosen one's last signed export (status-list:last-token). */
function useManagedStatusLists(enabled: boolean, chosen: string | null): ManagedStatusLists {
  const [generation, setGeneration] = useState(0)
  const reload = useCallback(() => setGeneration((n) => n + 1), [])
  const lists = useCall(enabled, generation, () => call((api) => api.statusList.list()).then((result) => result.lists))
  const token = useCall(enabled && chosen !== null, `${generation}:${chosen ?? ''}`, () =>
    call((api) => api.statusList.lastToken({ name: chosen! })),
  )
  return useMemo(() => ({ lists, chosen: token, reload }), [lists, token, reload])
}

function useCall<T>(enabled: boolean, key: unknown, run: () => Promise<T>): Loaded<T> {
  const [loaded, setLoaded] = useState<{ key: unknown; result: Loaded<T> } | null>(null)
  useEffect(() => {
    if (!enabled) return
    let live = true
    run().then(
      (value) => live && setLoaded({ key, result: { status: 'ready', value } }),
      (error: unknown) =>
        live &&
        setLoaded({
          key,
          result: {
            status: 'error',
            error:
              error instanceof SignetCallError
                ? error.toJSON()
                : { code: 'ERR_INTERNAL', message: 'Signet’s main process did not answer.' },
          },
        }),
    )
    return () => {
      live = false
    }
    // `run` is a fresh closure each render; `key` says when it must run again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, key])
  return useMemo(
    (): Loaded<T> =>
      !enabled ? { status: 'off' } : loaded && loaded.key === key ? loaded.result : { status: 'loading' },
    [enabled, loaded, key],
  )
}
