import type { SignetEventName, SignetEvents } from '#shared/contract'

/**
 * Main → renderer notifications (the contract's `events` map), raised by services after a change is
 * committed. main/ipc.ts forwards them to the window; tests and the CLI may listen directly.
 * Payloads are public data only, like every IPC result.
 */
export interface ServiceEvents {
  emit<E extends SignetEventName>(name: E, payload: SignetEvents[E]): void
  /** returns the function that unsubscribes */
  on<E extends SignetEventName>(name: E, listener: (payload: SignetEvents[E]) => void): () => void
}

export function createServiceEvents(): ServiceEvents {
  const listeners = new Map<SignetEventName, Set<(payload: never) => void>>()
  return {
    emit(name, payload) {
      for (const listener of listeners.get(name) ?? []) {
        // A failing listener (a closed window, a test probe) must not undo or fail the committed change.
        try {
          ;(listener as (p: typeof payload) => void)(payload)
        } catch {
          /* deliberately ignored: see above */
        }
      }
    },
    on(name, listener) {
      const set = listeners.get(name) ?? new Set()
      listeners.set(name, set)
      set.add(listener as (payload: never) => void)
      return () => set.delete(listener as (payload: never) => void)
    },
  }
}
