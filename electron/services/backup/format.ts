import { z } from 'zod'
import { keyRecordSchema, keySetSchema } from '../../../shared/managed-keys/types'

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
 */

export const backupFormat = 'signet-backup'
export const backupFormatVersion = 1
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
  })
  .strict()

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

export const backupPayloadSchema = z
  .object({
    format: z.literal(backupFormat),
    version: z.literal(backupFormatVersion),
    createdAt: z.iso.datetime({ offset: true }),
    app: z.string(),
    sets: z.array(keySetSchema),
    keys: z.array(backupKeySchema),
  })
  .strict()
export type BackupPayload = z.infer<typeof backupPayloadSchema>
