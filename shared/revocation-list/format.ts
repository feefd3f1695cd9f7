import { z } from 'zod'
import { SignetError } from '../errors'
import { maxRevocationListEntries } from '../limits'
import { plural } from '../text/plural'

/**
 * The Signet revocation list, version 1: the legacy form for tokens issued without a `status`
 * claim. A JWT whose header says typ "signet-revocations+jwt" and whose claims carry
 * `revocations: {version: 1, not_before?, entries: [{jti | sub, until?, reason?}]}` beside
 * `iss`, `iat`, `exp` and `ttl` (read like a Status List Token's). Published JSON Schema:
 * docs/revocation-list.schema.json (keep the two in step).
 *
 * - an entry names a token by `jti` or every token of a subject by `sub` (exactly one of them);
 * - `until` (NumericDate) is when the entry stops mattering — the revoked token's own `exp` — and
 *   after it the entry is pruned from new exports and ignored by verifiers;
 * - `not_before` (NumericDate) revokes every token of the set issued (`iat`) before it.
 */

export const revocationListJwtTyp = 'signet-revocations+jwt'

/** Budgets: a list is read whole, so its size is bounded before anything is matched. */
export const revocationListLimits = {
  maxEntries: maxRevocationListEntries,
  maxIdentifierLength: 256,
  maxReasonLength: 500,
} as const

const numericDate = z.number().int().nonnegative()

export const revocationEntrySchema = z
  .object({
    jti: z.string().min(1).max(revocationListLimits.maxIdentifierLength).optional(),
    sub: z.string().min(1).max(revocationListLimits.maxIdentifierLength).optional(),
    until: numericDate.optional(),
    reason: z.string().max(revocationListLimits.maxReasonLength).optional(),
  })
  .strict()
  .refine((entry) => (entry.jti === undefined) !== (entry.sub === undefined), {
    message: 'an entry names exactly one of "jti" or "sub"',
  })
export type RevocationEntry = z.infer<typeof revocationEntrySchema>

export const revocationsClaimSchema = z
  .object({
    version: z.literal(1),
    not_before: numericDate.optional(),
    entries: z.array(revocationEntrySchema).max(revocationListLimits.maxEntries),
  })
  .strict()
export type RevocationsClaim = z.infer<typeof revocationsClaimSchema>

/**
 * Validates the `revocations` claim of a Signet revocation list.
 * Errors: ERR_REVOCATION_LIST_TOO_LARGE beyond the entry budget; ERR_REVOCATION_LIST_INVALID naming
 * the first problem's path otherwise.
 */
export function parseRevocationsClaim(value: unknown): RevocationsClaim {
  if (value === undefined)
    throw new SignetError(
      'ERR_REVOCATION_LIST_INVALID',
      `The token has no "revocations" claim, so it is not a Signet revocation list (typ "${revocationListJwtTyp}").`,
    )
  const parsed = revocationsClaimSchema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]!
  const where = ['revocations', ...issue.path.map(String)].join('.')
  if (issue.code === 'too_big' && issue.path.length === 1) {
    throw new SignetError(
      'ERR_REVOCATION_LIST_TOO_LARGE',
      `The revocation list has more than ${plural(revocationListLimits.maxEntries, 'entry', 'entries')}, the most Signet reads; split it, or prune entries whose tokens have expired.`,
    )
  }
  throw new SignetError(
    'ERR_REVOCATION_LIST_INVALID',
    `The revocation list is malformed at ${where}: ${issue.message}. See docs/revocation-list.schema.json.`,
  )
}
