import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react'

/**
 * Requests from the shell (or one screen) to whichever screen can serve them: "focus the token
 * editor" for Ctrl/Cmd+L, "inspect this token" from Sign. A tiny typed bus rather than DOM events
 * or refs threaded through the registry, so a screen subscribes with one hook and the shell never
 * needs to know its internals.
 */

/** Each command's payload; `undefined` for commands that carry none. */
export interface ShellCommandPayloads {
  'focus-token-editor': undefined
  /** show this token on Inspect (from Sign's "Open in Inspect"); the shell switches to Inspect */
  'inspect-token': { token: string; source: string; signedWith?: { set: string; kid: string } }
  /** switch to a screen by its id (an empty state's "go to Keys") */
  'show-screen': { id: string }
}

export type ShellCommandName = keyof ShellCommandPayloads

type Listener<N extends ShellCommandName = ShellCommandName> = (payload: ShellCommandPayloads[N]) => void
type PayloadArgs<N extends ShellCommandName> = ShellCommandPayloads[N] extends undefined
  ? []
  : [payload: ShellCommandPayloads[N]]

export interface ShellCommandBus {
  emit<N extends ShellCommandName>(name: N, ...payload: PayloadArgs<N>): boolean
  subscribe<N extends ShellCommandName>(name: N, listener: Listener<N>): () => void
}

export function createShellCommandBus(): ShellCommandBus {
  const listeners = new Map<ShellCommandName, Set<Listener<never>>>()
  return {
    emit(name, ...payload) {
      const set = listeners.get(name)
      if (!set || set.size === 0) return false
      for (const listener of set) (listener as Listener<typeof name>)(payload[0] as ShellCommandPayloads[typeof name])
      return true
    },
    subscribe(name, listener) {
      let set = listeners.get(name)
      if (!set) listeners.set(name, (set = new Set()))
      set.add(listener as Listener<never>)
      return () => set.delete(listener as Listener<never>)
    },
  }
}

const ShellCommandContext = createContext<ShellCommandBus | null>(null)

export function ShellCommandProvider({ bus, children }: { bus: ShellCommandBus; children: ReactNode }) {
  return <ShellCommandContext.Provider value={bus}>{children}</ShellCommandContext.Provider>
}

/** Runs `listener` whenever the shell emits `name`; the latest listener is always used. */
export function useShellCommand<N extends ShellCommandName>(name: N, listener: Listener<N>): void {
  const bus = useContext(ShellCommandContext)
  const latest = useRef(listener)
  useEffect(() => {
    latest.current = listener
  })
  useEffect(() => bus?.subscribe(name, (payload) => latest.current(payload)), [bus, name])
}

/** The bus itself, for screens that send commands (Sign's "Open in Inspect"); null outside the shell. */
export function useShellCommandBus(): ShellCommandBus | null {
  return useContext(ShellCommandContext)
}
