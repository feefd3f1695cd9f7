import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react'

/**
 * Requests from the shell to whichever screen can serve them (today: "focus the token editor" for
 * Ctrl/Cmd+L). A tiny typed bus rather than DOM events or refs threaded through the registry, so a
 * screen subscribes with one hook and the shell never needs to know its internals.
 */

export type ShellCommandName = 'focus-token-editor'

type Listener = () => void

export interface ShellCommandBus {
  emit(name: ShellCommandName): boolean
  subscribe(name: ShellCommandName, listener: Listener): () => void
}

export function createShellCommandBus(): ShellCommandBus {
  const listeners = new Map<ShellCommandName, Set<Listener>>()
  return {
    emit(name) {
      const set = listeners.get(name)
      if (!set || set.size === 0) return false
      for (const listener of set) listener()
      return true
    },
    subscribe(name, listener) {
      let set = listeners.get(name)
      if (!set) listeners.set(name, (set = new Set()))
      set.add(listener)
      return () => set.delete(listener)
    },
  }
}

const ShellCommandContext = createContext<ShellCommandBus | null>(null)

export function ShellCommandProvider({ bus, children }: { bus: ShellCommandBus; children: ReactNode }) {
  return <ShellCommandContext.Provider value={bus}>{children}</ShellCommandContext.Provider>
}

/** Runs `listener` whenever the shell emits `name`; the latest listener is always used. */
export function useShellCommand(name: ShellCommandName, listener: Listener): void {
  const bus = useContext(ShellCommandContext)
  const latest = useRef(listener)
  useEffect(() => {
    latest.current = listener
  })
  useEffect(() => bus?.subscribe(name, () => latest.current()), [bus, name])
}
