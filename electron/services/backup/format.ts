import { z } from 'zod'
import { keyRecordSchema, keySetSchema } from '#shared/managed-keys/types'
import { publishTargetSchema } from '#shared/publishing/targets'
import { managedRevocationListSchema } from '#shared/revocation-list/managed'
import { managedStatusListSchema } from '#shared/status-list/managed'
import { storedPolicySchema } from '../../adapters/store-schema'

/**
 * A Signet backup file: one compact JWE (RFC 7516), UTF-8, followed by a newline.
 *
 *   alg  PBES2-HS512+A256KW   the passphrase (Unicode NFC, UTF-8) → PBKDF2-HMAC-SHA512 → key wrap
 *   enc  A256GCM
 *   p2c  600,000 iterations   OWASP's current floor for PBKDF2-HMAC-SHA256; HMAC-SHA512 costs an
 *                             attacker's GPU more per iteration (OWASP asks 210,000 for it), so
 *                             this is about three times its floor. Measured here: ~0.6 s on one
 *                             core per create or restore, a price paid once per backup.
 *   p2s  16 random bytes
 *   cty  "signet-backup+json"
 *   signet  the summary below, readable without the passphrase and covered by the GCM tag
 *
 * The payload is the JSON document `backupPayloadSchema` describes. Any JOSE library can open the
 * file with the passphrase: a backup must outlive the program that wrote it.
 *
 * Versions: 1 carried key sets and keys only. 2 adds everything else the store holds that a new
 * machine needs (store-coverage.ts decides which store keys that is): named validation policies,
 * managed status lists with their local notes, Signet revocation lists and JWKS publish targets.
 * Version-1 files still restore (as a version 2 with those lists empty).
 */

export const backupFormat = 'signet-backup'
export const backupFormatVersion = 2
export const backupAlg = 'PBES2-HS512+A256KW'
export const backupEnc = 'A256GCM'
export const backupContentType = 'signet-backup+json'
export const defaultIterations = 600_000
/** An iteration count above this is refused before any work: a crafted file must not hang Signet. */
export const maxIterations = 10_000_000
/** Larger than any real key store; keeps a wrong file from being read whole into memory. */
export const maxBackupBytes = 32 * 1024 * 1024

export const backupSummarySchema = z
  .object({
    format: z.literal(backupFormat),
    version: z.number().int().positive(),
    createdAt: z.iso.datetime({ offset: true }),
    app: z.string().max(64),
    sets: z.number().int().nonnegative(),
    keys: z.number().int().nonnegative(),
    secrets: z.number().int().nonnegative(),
    /** from version 2 on */
    policies: z.number().int().nonnegative().optional(),
    statusLists: z.number().int().nonnegative().optional(),
    revocationLists: z.number().int().nonnegative().optional(),
    publishTargets: z.number().int().nonnegative().optional(),
  })
  .strict()

/**
 * Most records of each kind one backup may hold: far above any real store, low enough that
 * planning a restore (which compares every record with the store's) stays well under a second.
 * A file over one is refused with ERR_BACKUP_TOO_LARGE before anything is planned.
 */
export const backupLimits = {
  sets: 1000,
  keys: 10_000,
  policies: 1000,
  statusLists: 1000,
  revocationLists: 1000,
  publishTargets: 1000,
} as const

/** The private JWK as the keychain holds it: key members plus kid, alg, use and the set marker. */
const privateJwkSchema = z
  .record(z.string(), z.unknown())
  .refine((jwk) => typeof jwk.kty === 'string', 'a JWK needs "kty"')

export const backupKeySchema = z
  .object({
    metadata: keyRecordSchema,
    /** null for tombstones and for keys whose secret was missing from the keychain at backup time */
    privateJwk: privateJwkSchema.nullable(),
  })
  .strict()
export type BackupKey = z.infer<typeof backupKeySchema>

const payloadBase = {
  format: z.literal(backupFormat),
  createdAt: z.iso.datetime({ offset: true }),
  app: z.string(),
  sets: z.array(keySetSchema),
  keys: z.array(backupKeySchema),
}

/** Version 1 (before policies, status lists, revocation lists and publish targets were carried). */
export const backupPayloadV1Schema = z.object({ ...payloadBase, version: z.literal(1) }).strict()

export const backupPayloadV2Schema = z
  .object({
    ...payloadBase,
    version: z.literal(2),
    policies: z.array(storedPolicySchema),
    statusLists: z.array(managedStatusListSchema),
    revocationLists: z.array(managedRevocationListSchema),
    publishTargets: z.array(publishTargetSchema),
  })
  .strict()

/** Any readable version, normalised to the current one: what a version-1 file lacks is empty. */
export const backupPayloadSchema = z
  .discriminatedUnion('version', [backupPayloadV1Schema, backupPayloadV2Schema])
  .transform((payload): BackupPayload => {
    if (payload.version === 2) return payload
    return { ...payload, version: 2, policies: [], statusLists: [], revocationLists: [], publishTargets: [] }
  })
/** A payload as Signet writes it now (and as every older version is read). */
export type BackupPayload = z.infer<typeof backupPayloadV2Schema>
