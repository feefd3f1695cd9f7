import { z } from 'zod'
import type { SerializedError } from './errors'
import {
  keyTransitionInputSchema,
  keysGenerateInputSchema,
  keysImportInputSchema,
  keysListInputSchema,
  keysReconcileInputSchema,
  keysRotateInputSchema,
  kidInputSchema,
  setRefInputSchema,
  setsCreateInputSchema,
  setsUpdateInputSchema,
  signTokenInputSchema,
  verifyTokenInputSchema,
  type JwksExport,
  type KeyResult,
  type KeysChangedEvent,
  type KeysListResult,
  type PublicKeyExport,
  type ReconcileReport,
  type RotateResult,
  type SetDeleteResult,
  type SetResult,
  type SetsListResult,
  type SignResult,
  type TransitionResult,
  type VerifyTokenResult,
} from './keys-lifecycle/api'

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

/** One line of the audit log (<dataDir>/audit.log.jsonl): see electron/services/audit/entry.ts for the chain. */
export interface AuditEntry {
  seq: number
  /** ISO 8601, UTC */
  at: string
  action: string
  subject: { set?: string; kid?: string }
  details: Record<string, string | number | boolean | null>
  /** SHA-256 (hex) of the previous line's bytes; 64 zeros for the genesis entry */
  prev: string
  /** SHA-256 (hex) of the canonical JSON of this entry without `hash` */
  hash: string
}

export const auditProblemKinds = [
  'missing-log',
  'not-json',
  'malformed',
  'edited',
  'missing',
  'reordered',
  'duplicate',
  'chain-broken',
  'not-canonical',
  'truncated-line',
  'blank-line',
  'truncated-tail',
  'anchor-mismatch',
] as const
export type AuditProblemKind = (typeof auditProblemKinds)[number]

export interface AuditProblem {
  kind: AuditProblemKind
  /** 1-based line in the log file */
  line: number
  /** the entry's seq when it could be read, or the seq expected there */
  seq: number | null
  message: string
}

export interface AuditChainStatus {
  intact: boolean
  path: string
  /** readable entries */
  entries: number
  lines: number
  head: { seq: number; hash: string; at: string } | null
  /** the last entry as recorded in the store file, which makes removing the end of the log detectable */
  anchor: { seq: number; hash: string } | null
  firstProblem: AuditProblem | null
  problemCount: number
  /** the first problems found (at most 50) */
  problems: AuditProblem[]
  checkedAt: string
}

export const auditListInputSchema = z
  .object({
    /** exact actions ("key.generate") or domains ("key" matches key.*) */
    actions: z.array(z.string().min(1).max(64)).max(50).optional(),
    set: z.string().min(1).max(256).optional(),
    kid: z.string().min(1).max(256).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    /** case-insensitive substring of the action, subject or details */
    search: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(5000).optional(),
    offset: z.number().int().min(0).optional(),
    order: z.enum(['newest', 'oldest']).optional(),
  })
  .strict()
  .optional()
export type AuditListInput = z.infer<typeof auditListInputSchema>

export interface AuditListedEntry extends AuditEntry {
  line: number
  /** set when verification found a problem on this entry's line */
  flagged: AuditProblemKind | null
}

export interface AuditListResult {
  entries: AuditListedEntry[]
  /** entries matching the filters, before limit/offset */
  matched: number
  /** readable entries in the log */
  total: number
  /** every action present in the log, for filter menus */
  actions: string[]
  chain: AuditChainStatus
}

export const contract = {
  'app:info': channel<AppInfo>()(noInput),
  'keychain:status': channel<KeychainStatus>()(z.object({ refresh: z.boolean().optional() }).strict().optional()),
  'audit:list': channel<AuditListResult>()(auditListInputSchema),
  'audit:verify': channel<AuditChainStatus>()(noInput),
  // key sets and keys (electron/services/keys); private material never appears in any output
  'sets:list': channel<SetsListResult>()(noInput),
  'sets:create': channel<SetResult>()(setsCreateInputSchema),
  'sets:update': channel<SetResult>()(setsUpdateInputSchema),
  'sets:delete': channel<SetDeleteResult>()(setRefInputSchema),
  'keys:list': channel<KeysListResult>()(keysListInputSchema),
  'keys:generate': channel<KeyResult>()(keysGenerateInputSchema),
  'keys:import': channel<KeyResult>()(keysImportInputSchema),
  'keys:export-public': channel<PublicKeyExport>()(kidInputSchema),
  'keys:activate': channel<TransitionResult>()(keyTransitionInputSchema),
  'keys:retire': channel<TransitionResult>()(keyTransitionInputSchema),
  'keys:unpublish': channel<TransitionResult>()(keyTransitionInputSchema),
  'keys:compromise': channel<TransitionResult>()(keyTransitionInputSchema),
  'keys:destroy': channel<TransitionResult>()(keyTransitionInputSchema),
  'keys:rotate': channel<RotateResult>()(keysRotateInputSchema),
  'keys:reconcile': channel<ReconcileReport>()(keysReconcileInputSchema),
  'keys:verify-token': channel<VerifyTokenResult>()(verifyTokenInputSchema),
  'sign:token': channel<SignResult>()(signTokenInputSchema),
  'jwks:export': channel<JwksExport>()(setRefInputSchema),
} as const

/** Main → renderer events, past tense: what has happened. Payloads are public data only. */
export interface SignetEvents {
  'keys:changed': KeysChangedEvent
}
export type SignetEventName = keyof SignetEvents
export const eventNames: SignetEventName[] = ['keys:changed']

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
