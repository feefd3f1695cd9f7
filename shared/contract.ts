import { z } from 'zod'
import type { SerializedError } from './errors'

/**
 * Every IPC channel between the renderer and the main process: its name (`domain:verb`), the zod
 * schema its input must pass, and the type of its output. The single source of truth: the preload
 * builds `window.signet` from it, `electron/main/ipc.ts` registers a handler per entry, and a
 * channel without a handler (or the reverse) does not compile.
 *
 * Outputs carry public data only. Nothing here may ever describe private key material.
 */

/** Declares a channel: `channel<Output>()(inputSchema)`. Curried so the output can be named while the input is inferred. */
function channel<Output>() {
  return <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output })
}

const noInput = z.undefined()

export const keychainStatusSchema = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true), backend: z.string(), service: z.string() }),
  z.object({
    available: z.literal(false),
    backend: z.string(),
    service: z.string(),
    code: z.enum(['ERR_KEYCHAIN_UNAVAILABLE', 'ERR_KEYCHAIN_DENIED']),
    reason: z.string(),
    fix: z.string(),
  }),
])
export type KeychainStatus = z.infer<typeof keychainStatusSchema>

export interface StoreRecovery {
  /** where the unreadable file was moved; nothing was deleted */
  movedTo: string
  reason: string
  at: string
}

export interface AppInfo {
  name: string
  version: string
  dataDir: string
  storePath: string
  keychain: KeychainStatus
  /** set when the store file could not be read at start-up and was moved aside */
  storeRecovery: StoreRecovery | null
  platform: string
}

export const contract = {
  'app:info': channel<AppInfo>()(noInput),
  'keychain:status': channel<KeychainStatus>()(z.object({ refresh: z.boolean().optional() }).strict().optional()),
} as const

export type Contract = typeof contract
export type Channel = keyof Contract
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>
export type ChannelOutput<C extends Channel> = Contract[C]['output']

export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError }

/** What main must implement: exactly one handler per channel. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> }

export const channels = Object.keys(contract) as Channel[]

/** `keys:rotate` → `['keys', 'rotate']`: window.signet.keys.rotate(...) */
export function splitChannel(name: Channel): [string, string] {
  const [domain, verb] = name.split(':') as [string, string]
  return [domain, verb]
}

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never
type VerbOf<C extends string> = C extends `${string}:${infer V}` ? V : never
type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S

/** The shape of `window.signet`, derived from the contract. */
export type SignetApi = {
  [D in DomainOf<Channel>]: {
    [C in Channel as C extends `${D}:${string}` ? CamelCase<VerbOf<C>> : never]: undefined extends ChannelInput<C>
      ? (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
      : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
  }
}

export function verbKey(verb: string): string {
  return verb.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}
