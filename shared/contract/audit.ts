import { z } from 'zod'
import { channel, noInput } from './channel'

export const auditSourceVias = ['app', 'cli'] as const

/** Where an audit entry came from. Identifiers a person can check, never a secret. */
export interface AuditSource {
  via: (typeof auditSourceVias)[number]
  /** the OS user name of the writing process ("" when the OS would not say) */
  user: string
  /** the machine's host name ("" when the OS would not say) */
  host: string
}

/** One line of the audit log (<dataDir>/audit.log.jsonl): see electron/services/audit/entry.ts for the chain. */
export interface AuditEntry {
  seq: number
  /** ISO 8601, UTC */
  at: string
  action: string
  subject: { set?: string; kid?: string }
  details: Record<string, string | number | boolean | null>
  /**
   * Who wrote it: the app or the command line, as which OS user on which host. Entries written
   * before Signet recorded it have none (shown as "—"); the hash covers it when present.
   */
  source?: AuditSource
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

export const auditChannels = {
  'audit:list': channel<AuditListResult>()(auditListInputSchema),
  'audit:verify': channel<AuditChainStatus>()(noInput),
} as const
