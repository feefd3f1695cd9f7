import { z } from 'zod'
import { durationSchema } from '../time/duration'
import { maxStatusListSize } from './limits'

/**
 * A Status List Signet manages for a key set, as stored. The statuses are kept compressed (the
 * `lst` the draft defines), the per-index notes in the clear: notes never leave the machine — no
 * export, token or IPC event carries them except to this machine's own window.
 */

export const statusListNamePattern = /^[a-z0-9][a-z0-9._-]{0,62}$/

/** A local note on an allocated index: which token it was given to, and why its status changed. */
export const statusNoteSchema = z
  .object({
    jti: z.string().max(256).nullable(),
    sub: z.string().max(256).nullable(),
    reason: z.string().max(500).nullable(),
    allocatedAt: z.string(),
    /** the token's exp, when known: after it, the status no longer matters to anyone */
    exp: z.number().nullable(),
    /**
     * the kid of the key that signed the token, so a compromised key's tokens can be found
     * (keys compromise --revoke-tokens); absent on notes written before it was recorded ("unknown signer")
     */
    kid: z.string().max(256).nullable().optional(),
  })
  .passthrough()
export type StatusNote = z.infer<typeof statusNoteSchema>

/** `token`: the signed Status List Token of that export; absent on exports recorded before it was kept. */
export const lastExportSchema = z
  .object({
    at: z.string(),
    iat: z.number(),
    exp: z.number().nullable(),
    lst: z.string(),
    kid: z.string(),
    token: z.string().optional(),
  })
  .passthrough()

export const managedStatusListSchema = z
  .object({
    id: z.uuid(),
    setId: z.uuid(),
    name: z.string().regex(statusListNamePattern),
    /** the `sub` of the Status List Token: where it is published (draft §5.1) */
    uri: z.string().min(1).max(2000),
    bits: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)]),
    size: z.number().int().min(8).max(maxStatusListSize),
    /** seconds, the token's `ttl` claim (draft §5.1); null leaves it out */
    ttl: z.number().int().positive().nullable(),
    /** seconds from iat to exp of each exported Status List Token */
    lifetime: z.number().int().positive(),
    aggregationUri: z.string().max(2000).nullable(),
    /** the current statuses: base64url ZLIB, as in `status_list.lst` */
    lst: z.string(),
    /** every index ever allocated (never reused), with its local note */
    notes: z.record(z.string(), statusNoteSchema),
    revision: z.number().int().nonnegative(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastExport: lastExportSchema.nullable(),
    /**
     * Set when the list came back from a backup onto a machine that did not have it: indexes given out
     * after `backupCreatedAt` are unknown here, so the list gives out no new ones (they could repeat an
     * index a live token carries). Statuses can still change and the list still exports.
     */
    restoredFromBackup: z.object({ backupCreatedAt: z.string(), restoredAt: z.string() }).nullable().optional(),
  })
  .passthrough()
export type ManagedStatusList = z.infer<typeof managedStatusListSchema>

/** What list/get return: the stored list minus the compressed body, plus usage. */
export interface StatusListInfo {
  name: string
  set: string
  uri: string
  bits: 1 | 2 | 4 | 8
  size: number
  ttl: number | null
  lifetime: number
  aggregationUri: string | null
  allocated: number
  counts: Record<string, number>
  revision: number
  lastExportAt: string | null
  /**
   * The backup's creation time when the list was restored onto a machine that did not have it: it gives
   * out no new indexes since (those given out after the backup are unknown); null for a list that does.
   */
  closedSince: string | null
}

const listName = z
  .string()
  .regex(statusListNamePattern, 'a status list name is 1–63 lower-case letters, digits, ".", "_" or "-"')

export const statusListCreateInputSchema = z
  .object({
    name: listName,
    set: z.string().min(1).max(200),
    uri: z.string().min(1).max(2000),
    bits: z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)]).default(1),
    size: z
      .number()
      .int()
      .min(8)
      .max(maxStatusListSize)
      .default(1 << 17),
    ttl: durationSchema.nullable().optional(),
    lifetime: durationSchema.optional(),
    aggregationUri: z.string().min(1).max(2000).optional(),
  })
  .strict()

export const statusListRefInputSchema = z.object({ name: listName }).strict()

export const statusListSetInputSchema = z
  .object({
    name: listName,
    /** explicit indexes, ranges as [from, to] inclusive, or every index whose note matches */
    indexes: z.array(z.number().int().nonnegative()).max(maxStatusListSize).optional(),
    ranges: z
      .array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]))
      .max(1000)
      .optional(),
    matching: z.object({ jti: z.string().optional(), sub: z.string().optional() }).strict().optional(),
    status: z.number().int().min(0).max(255),
    reason: z.string().max(500).optional(),
  })
  .strict()

export const statusListGetInputSchema = z.object({ name: listName, idx: z.number().int().nonnegative() }).strict()

export const statusListAllocateInputSchema = z
  .object({
    name: listName,
    jti: z.string().max(256).nullable(),
    sub: z.string().max(256).nullable(),
    exp: z.number().nullable().optional(),
    kid: z.string().max(256).nullable().optional(),
  })
  .strict()

export interface StatusChange {
  idx: number
  from: number
  to: number
}

export interface StatusListSetResult {
  list: StatusListInfo
  changed: StatusChange[]
  /** how many of the addressed indexes already held the status */
  unchanged: number
}

export interface StatusListGetResult {
  idx: number
  status: number
  allocated: boolean
  note: StatusNote | null
}

export interface StatusListExportResult {
  token: string
  kid: string
  alg: string
  /** indexes whose status differs from the last export (all non-VALID ones on a first export) */
  diff: StatusChange[]
  warnings: { code: string; message: string }[]
}
