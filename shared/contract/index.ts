import type { z } from 'zod'
import type { SerializedError } from '../errors'
import { appChannels } from './app'
import { auditChannels } from './audit'
import { auditExportChannels } from './audit-export'
import { backupChannels } from './backup'
import { keyChannels, type KeysChangedEvent } from './keys'
import { keyFileChannels } from './key-files'
import { policyChannels } from './policies'
import { publishingChannels } from './publishing'
import type { PublishProgress } from '../publishing/results'
import { revocationChannels } from './revocations'
import { revocationListChannels } from './revocation-list'
import { scanChannels } from './scan'
import { storeChannels } from './store'
import { statusListSettingsChannels } from './status-list-settings'
import { eventNameList } from './names'

export * from './app'
export * from './audit'
export * from './audit-export'
export * from './backup'
export * from './keys'
export * from './key-files'
export * from './policies'
export * from './publishing'
export * from './revocations'
export * from './revocation-list'
export * from './scan'
export * from './store'
export * from './status-list-settings'
export { eventListenerKey, splitChannel, verbKey } from './names'

/**
 * Every IPC channel between the renderer and the main process: its name (`domain:verb`), the zod
 * schema its input must pass, and the type of its output — one file per area in this folder, joined
 * here into the one map. The single source of truth: `electron/main/ipc.ts` registers a handler per
 * entry and a channel without a handler (or the reverse) does not compile; the preload builds
 * `window.signet` from the names alone: the build passes `Object.keys(contract)` to it as a constant
 * (electron.vite.config.ts), so the privileged preload bundles neither zod nor a schema (names.ts).
 *
 * Outputs carry public data only. Nothing here may ever describe private key material.
 */
export const contract = {
  ...appChannels,
  ...auditChannels,
  ...auditExportChannels,
  ...backupChannels,
  ...keyChannels,
  ...policyChannels,
  ...storeChannels,
  ...revocationChannels,
  ...publishingChannels,
  ...revocationListChannels,
  ...keyFileChannels,
  ...scanChannels,
  ...statusListSettingsChannels,
} as const

/** Main → renderer events, past tense: what has happened. Payloads are public data only. */
export interface SignetEvents {
  'keys:changed': KeysChangedEvent
  /** each target of a running jwks:publish as it starts, is published, fails or is skipped */
  'jwks:publish-progressed': PublishProgress
}
export type SignetEventName = keyof SignetEvents
export const eventNames: SignetEventName[] = [...eventNameList]
// names.ts lists the events for the preload; every event declared here must be in that list.
const everyEventListed: Exclude<SignetEventName, (typeof eventNameList)[number]> extends never ? true : never = true
void everyEventListed

export type Contract = typeof contract
export type Channel = keyof Contract
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>
export type ChannelOutput<C extends Channel> = Contract[C]['output']

export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError }

/** What main must implement: exactly one handler per channel. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> }

export const channels = Object.keys(contract) as Channel[]

type DomainOf<C extends string> = C extends `${infer D}:${string}` ? D : never
type VerbOf<C extends string> = C extends `${string}:${infer V}` ? V : never
type CamelCase<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<CamelCase<T>>}` : S

type PascalEvent<E extends string> = E extends `${infer D}:${infer V}`
  ? `${Capitalize<D>}${Capitalize<CamelCase<V>>}`
  : never

export type SignetEventsApi = {
  [E in SignetEventName as `on${PascalEvent<E>}`]: (listener: (payload: SignetEvents[E]) => void) => () => void
}

/**
 * The shape of `window.signet`, derived from the contract. Domains and verbs are camelCased the
 * same way: `status-list:export-file` → window.signet.statusList.exportFile(...).
 */
export type SignetApi = {
  [D in DomainOf<Channel> as CamelCase<D>]: {
    [C in Channel as C extends `${D}:${string}` ? CamelCase<VerbOf<C>> : never]: undefined extends ChannelInput<C>
      ? (input?: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
      : (input: ChannelInput<C>) => Promise<Result<ChannelOutput<C>>>
  }
} & { events: SignetEventsApi }
