import { z } from 'zod'
import { revocationChannels } from './contract/revocations'
import type { SerializedError } from './errors'
import type { Policy } from './policy/policy'
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
import { storeChannels } from './contract/store'

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
  /**
   * The latest recovery of an unreadable store (its file moved aside, an empty store started) that
   * the user has not acknowledged yet; kept in a marker file, so it survives restarts.
   */
  storeRecovery: StoreRecovery | null
  /** why the store file cannot be used right now (what, where, what to do), or null */
  storeProblem: string | null
  /** the data directory or its files are readable by others than their owner */
  permissionWarnings: string[]
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
  'anchor-missing',
  'history-without-log',
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
  /** the last entry as recorded in the anchor file beside the log, which makes removing the end of the log detectable */
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

/** A named validation policy saved in the store (Inspect's policy panel); the same JSON the CLI's --policy reads. */
export interface SavedPolicy {
  name: string
  /** ISO 8601, UTC */
  savedAt: string
  policy: Policy
}

export interface PoliciesListResult {
  policies: SavedPolicy[]
  /** stored entries that no longer pass the policy schema (edited by hand, or from a newer release) */
  unreadable: { name: string; message: string }[]
}

export interface PolicyDeleteResult {
  deleted: string
}

export const policiesSaveInputSchema = z
  .object({
    /** a policy document; validated by the service with policySchema, which needs "name" here */
    policy: z.record(z.string(), z.unknown()),
    /** replace a saved policy of the same name */
    overwrite: z.boolean().optional(),
  })
  .strict()
export const policiesDeleteInputSchema = z.object({ name: z.string().min(1).max(120) }).strict()

/** Backup files end in this; the native dialogs offer no other kind of file. */
export const backupFileExtension = '.signet-backup'
export const backupConflictChoices = ['skip', 'overwrite', 'keep-both'] as const
export type BackupConflictChoice = (typeof backupConflictChoices)[number]

/**
 * A file, as the page may name it: the one-time handle main's own dialog returned (dialog:save-backup,
 * dialog:open-backup), never a path. See electron/services/files/file-handles.ts.
 */
export const fileHandleSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the handle a Signet file dialog returned (the page never names a path)')
const backupPassphraseSchema = z.string().min(1).max(1024)

export const backupCreateInputSchema = z
  .object({
    /** from dialog:save-backup */
    file: fileHandleSchema,
    passphrase: backupPassphraseSchema,
    /** write even though the passphrase is below the minimum strength */
    allowWeakPassphrase: z.boolean().optional(),
    /** replace an existing file (the save dialog has already asked the user) */
    overwrite: z.boolean().optional(),
  })
  .strict()
/** `file` from dialog:open-backup */
export const backupInspectInputSchema = z.object({ file: fileHandleSchema }).strict()
export const backupRestoreInputSchema = z
  .object({
    /** from dialog:open-backup */
    file: fileHandleSchema,
    passphrase: backupPassphraseSchema,
    /** what to do with a key that conflicts with one already here; default "skip" */
    onConflict: z.enum(backupConflictChoices).optional(),
    /** per-key choices by the kid in the backup, overriding onConflict */
    choices: z.record(z.string().min(1).max(128), z.enum(backupConflictChoices)).optional(),
    /** decrypt and plan, change nothing: shows the conflicts so the user can choose per key */
    dryRun: z.boolean().optional(),
  })
  .strict()

/** The unencrypted (but integrity-protected) summary in a backup's JWE protected header. */
export interface BackupSummary {
  format: 'signet-backup'
  version: number
  createdAt: string
  /** the Signet version that wrote it */
  app: string
  sets: number
  keys: number
  /** keys whose private half is in the file */
  secrets: number
}

export interface BackupCreateResult {
  path: string
  bytes: number
  /** SHA-256 of the file, hex: names this backup in the audit log */
  sha256: string
  /** PBKDF2 iterations protecting the passphrase */
  p2c: number
  summary: BackupSummary
  strength: 'weak' | 'fair' | 'good' | 'strong'
  warnings: { code: string; message: string }[]
}

export interface BackupInspection {
  path: string
  bytes: number
  sha256: string
  alg: string
  enc: string
  p2c: number
  /** null when the file is a JWE but not one Signet wrote */
  summary: BackupSummary | null
}

export type BackupConflictKind = 'same-key' | 'kid-taken' | 'same-id'

export interface BackupRestoreKey {
  /** the kid in the backup */
  kid: string
  set: string
  alg: string
  state: string
  /** what happened (or, in a dry run, would happen) to it */
  outcome: 'restored' | 'overwritten' | 'kept-both' | 'skipped'
  /** the kid it has here: a new one for "kept-both", null when skipped */
  restoredKid: string | null
  conflict: { kind: BackupConflictKind; kid: string; set: string; state: string } | null
  /** whether its private half was in the backup (tombstones and missing secrets have none) */
  secret: boolean
  note: string | null
}

export interface BackupRestoreResult {
  dryRun: boolean
  path: string
  summary: BackupSummary
  sets: { name: string; outcome: 'created' | 'existing' }[]
  keys: BackupRestoreKey[]
  counts: { restored: number; overwritten: number; keptBoth: number; skipped: number }
  warnings: { code: string; message: string }[]
}

export const contract = {
  'app:info': channel<AppInfo>()(noInput),
  'keychain:status': channel<KeychainStatus>()(z.object({ refresh: z.boolean().optional() }).strict().optional()),
  'audit:list': channel<AuditListResult>()(auditListInputSchema),
  'audit:verify': channel<AuditChainStatus>()(noInput),
  'backup:create': channel<BackupCreateResult>()(backupCreateInputSchema),
  'backup:inspect': channel<BackupInspection>()(backupInspectInputSchema),
  'backup:restore': channel<BackupRestoreResult>()(backupRestoreInputSchema),
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
  'policies:list': channel<PoliciesListResult>()(noInput),
  'policies:save': channel<SavedPolicy>()(policiesSaveInputSchema),
  'policies:delete': channel<PolicyDeleteResult>()(policiesDeleteInputSchema),
  // native file dialogs: the renderer never names a path itself; main asks the user and answers with a one-time handle
  'dialog:save-backup': channel<FileChoice>()(z.object({ suggestedName: z.string().max(200).optional() }).strict().optional()),
  'dialog:open-backup': channel<FileChoice>()(noInput),
  ...storeChannels,
  ...revocationChannels,
} as const

/**
 * What the user chose in a native dialog: a one-time handle for the backup channels (bound to this
 * dialog's purpose, expiring after a few minutes) and the path, for display only. Both null when
 * the user cancelled.
 */
export type FileChoice = { handle: string; path: string } | { handle: null; path: null }

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

type PascalEvent<E extends string> = E extends `${infer D}:${infer V}` ? `${Capitalize<D>}${Capitalize<CamelCase<V>>}` : never

/** `keys:changed` → `onKeysChanged`: window.signet.events.onKeysChanged(listener) returns an unsubscribe function. */
export function eventListenerKey(name: SignetEventName): string {
  const [domain, verb] = name.split(':') as [string, string]
  const pascal = (text: string) => text.charAt(0).toUpperCase() + verbKey(text).slice(1)
  return `on${pascal(domain)}${pascal(verb)}`
}

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

export function verbKey(verb: string): string {
  return verb.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}
