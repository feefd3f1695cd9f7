import { z } from 'zod'
import { revocationListLimits, revocationsClaimSchema, type RevocationsClaim } from './format'

/**
 * A key set's managed Signet revocation list, as stored (electron/services/revocations): entries by
 * `jti` or `sub`, an optional not-before cutoff, and the claim last signed, so the next export can
 * show what it changes. One list per set, created on its first change.
 */

export const revocationTargets = ['jti', 'sub'] as const
export type RevocationTarget = (typeof revocationTargets)[number]

export const managedRevocationEntrySchema = z
  .object({
    /** what `id` is: one token's jti, or a subject (every token with this sub) */
    by: z.enum(revocationTargets),
    id: z.string().min(1).max(revocationListLimits.maxIdentifierLength),
    /** free text from the user: published in the list, shown escaped, never trusted */
    reason: z.string().max(revocationListLimits.maxReasonLength).nullable(),
    /** NumericDate: the revoked token's exp; the entry is pruned once it (plus the set's clock skew) has passed. null: kept until removed */
    until: z.number().int().nonnegative().nullable(),
    /** ISO 8601 UTC */
    addedAt: z.string(),
  })
  .passthrough()
export type ManagedRevocationEntry = z.infer<typeof managedRevocationEntrySchema>

export const revocationListExportSchema = z
  .object({
    at: z.string(),
    iat: z.number(),
    exp: z.number().nullable(),
    kid: z.string(),
    claim: revocationsClaimSchema,
    /** the signed list token of that export (for `scan --managed`); absent on exports recorded before it was kept */
    token: z.string().optional(),
  })
  .passthrough()

export const managedRevocationListSchema = z
  .object({
    setId: z.uuid(),
    entries: z.array(managedRevocationEntrySchema),
    /** NumericDate: every token of the set with iat before it is revoked; null: no cutoff */
    notBefore: z.number().int().nonnegative().nullable(),
    revision: z.number().int().nonnegative(),
    updatedAt: z.string(),
    /** the `revocations` claim as last signed, with when and by which key */
    lastExport: revocationListExportSchema.nullable(),
  })
  .passthrough()
export type ManagedRevocationList = z.infer<typeof managedRevocationListSchema>

const setRef = z.string().min(1).max(200)
const identifier = z
  .string()
  .min(1, 'a jti or sub is at least 1 character')
  .max(
    revocationListLimits.maxIdentifierLength,
    `a jti or sub is at most ${revocationListLimits.maxIdentifierLength} characters`,
  )
const target = { jti: identifier.optional(), sub: identifier.optional() }
const oneTarget = (value: { jti?: string; sub?: string }) => (value.jti === undefined) !== (value.sub === undefined)
const oneTargetMessage = { message: 'name exactly one of jti or sub' }
const numericDate = z.number().int().nonnegative().max(8.64e12)

export const revocationAddInputSchema = z
  .object({
    set: setRef,
    ...target,
    /** NumericDate; default: for a jti, now + the set's maximum token lifetime (no token of the set outlives it); for a sub, none */
    until: numericDate.nullable().optional(),
    reason: z
      .string()
      .max(
        revocationListLimits.maxReasonLength,
        `a reason is at most ${revocationListLimits.maxReasonLength} characters`,
      )
      .optional(),
  })
  .strict()
  .refine(oneTarget, oneTargetMessage)

export const revocationRemoveInputSchema = z
  .object({ set: setRef, ...target })
  .strict()
  .refine(oneTarget, oneTargetMessage)

/** `before` null clears the cutoff. */
export const revocationCutoffInputSchema = z.object({ set: setRef, before: numericDate.nullable() }).strict()

export const revocationSetInputSchema = z.object({ set: setRef }).strict()

/** One difference between the last signed list and the one an export would sign now. */
export type RevocationListChange =
  | { kind: 'added'; by: RevocationTarget; id: string; until: number | null; reason: string | null }
  | { kind: 'removed'; by: RevocationTarget; id: string; until: number | null; reason: string | null }
  | {
      kind: 'changed'
      by: RevocationTarget
      id: string
      until: number | null
      reason: string | null
      was: { until: number | null; reason: string | null }
    }
  | { kind: 'cutoff'; from: number | null; to: number | null }

/** What the Revocations screen and `signet revocations list` show of a set's list. */
export interface RevocationListView {
  set: string
  /** `expired`: its until (plus the set's clock skew) has passed; dropped at the next change or export */
  entries: (ManagedRevocationEntry & { expired: boolean })[]
  notBefore: number | null
  revision: number
  updatedAt: string | null
  lastExportAt: string | null
  /** entries whose `until` has passed: dropped at the next change or export */
  expired: number
  /** what an export now would change against the last one (everything, on a first export) */
  diff: RevocationListChange[]
}

export interface RevocationChangeResult {
  list: RevocationListView
  /** entries dropped by this change because their `until` had passed */
  pruned: number
  warnings: { code: string; message: string }[]
}

export interface RevocationExportResult {
  token: string
  kid: string
  alg: string
  claim: RevocationsClaim
  diff: RevocationListChange[]
  pruned: number
  warnings: { code: string; message: string }[]
}
