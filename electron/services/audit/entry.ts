import { createHash } from 'node:crypto'
import { z } from 'zod'
import { auditSourceVias, type AuditEntry } from '#shared/contract'

/**
 * One line of the audit log. The line is the canonical JSON of the entry (keys sorted, no
 * whitespace), so the bytes are reproducible and any hand edit shows up, even whitespace:
 *
 * - `hash` is SHA-256 over the canonical JSON of the entry without `hash`: editing a field breaks it;
 * - `prev` is SHA-256 over the exact bytes of the previous line: deleting, inserting or reordering
 *   lines breaks the chain at the next entry. The genesis entry (seq 0) has 64 zeros.
 */

export const auditLogFileName = 'audit.log.jsonl'
export const genesisAction = 'audit.genesis'
export const auditFormat = 'signet-audit'
export const auditFormatVersion = 1
export const zeroHash = '0'.repeat(64)

/** The largest line the appender writes; a longer one cannot have come from Signet. */
export const maxLineBytes = 16 * 1024

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits')

export const auditActionSchema = z
  .string()
  .max(64)
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'must be dotted lower-case words, like "key.generate"')

const detailName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must start with a letter and use letters, digits, "_", "." or "-"')
const detailValue = z.union([z.string().max(1024), z.number().finite(), z.boolean(), z.null()])
const subjectValue = z.string().min(1).max(256)

export const auditSubjectSchema = z.object({ set: subjectValue.optional(), kid: subjectValue.optional() }).strict()
export const auditDetailsSchema = z
  .record(detailName, detailValue)
  .refine((d) => Object.keys(d).length <= 32, 'at most 32 details')

export const auditSourceSchema = z
  .object({ via: z.enum(auditSourceVias), user: z.string().max(256), host: z.string().max(256) })
  .strict()

export const auditEntrySchema = z
  .object({
    seq: z.number().int().nonnegative(),
    at: z.string().datetime({ offset: false }),
    action: auditActionSchema,
    subject: auditSubjectSchema,
    details: auditDetailsSchema,
    source: auditSourceSchema.optional(),
    prev: hex64,
    hash: hex64,
  })
  .strict()

// Compile-time check that the stored shape and the public contract type are the same thing.
type Parsed = z.infer<typeof auditEntrySchema>
const _sameShape: [Parsed, AuditEntry] extends [AuditEntry, Parsed] ? true : never = true
void _sameShape

/** JSON with object keys sorted at every level and no whitespace (RFC 8785 for the values audit entries hold). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number')
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/** An entry without `source` (written before Signet recorded it) hashes exactly as it always did: canonicalJson drops undefined members. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, action, subject, details, source, prev } = entry
  return sha256Hex(canonicalJson({ seq, at, action, subject, details, source, prev }))
}

/** Builds the entry that follows a line (or starts the log when `previousLine` is null). */
export function sealEntry(
  fields: Omit<AuditEntry, 'hash' | 'prev'>,
  previousLine: string | null,
): { entry: AuditEntry; line: string } {
  const prev = previousLine === null ? zeroHash : sha256Hex(previousLine)
  const unsealed = { ...fields, prev }
  const entry: AuditEntry = { ...unsealed, hash: entryHash(unsealed) }
  return { entry, line: canonicalJson(entry) }
}
