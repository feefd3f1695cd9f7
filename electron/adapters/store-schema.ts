import { z } from 'zod'
import { keyRecordSchema, keySetSchema } from '#shared/managed-keys/types'
import { managedRevocationListSchema } from '#shared/revocation-list/managed'
import { managedStatusListSchema } from '#shared/status-list/managed'
import { publishTargetSchema } from '#shared/publishing/targets'

/**
 * The shape of Signet's store file (key sets, key metadata and public JWKs, policies, settings).
 * Never private key material: that lives in the OS keychain only.
 *
 * To change the shape: bump `currentStoreVersion`, add a migration from the previous version to
 * `storeMigrations`, and keep every old version's data readable. Unknown members are kept
 * (passthrough) so a file written by a newer minor release is not stripped by an older one.
 */
export const currentStoreVersion = 4

export const settingsSchema = z
  .object({
    theme: z.enum(['system', 'light', 'dark']).default('system'),
  })
  .passthrough()

/** A named policy as stored: the JSON serializePolicy writes, kept loose here so one bad entry cannot make the whole file unreadable. */
export const storedPolicySchema = z
  .object({
    name: z.string().min(1),
    savedAt: z.string(),
    policy: z.record(z.string(), z.unknown()),
  })
  .passthrough()

export const storeDataSchema = z
  .object({
    schemaVersion: z.number().int().positive(),
    settings: settingsSchema.default({ theme: 'system' }),
    /** key sets (issuers / environments), each with one JWKS */
    keySets: z.array(keySetSchema).default([]),
    /** key metadata and public JWKs, tombstones included; private material is in the OS keychain */
    keys: z.array(keyRecordSchema).default([]),
    /** named validation policies (Inspect); each policy is re-validated with policySchema when read */
    policies: z.array(storedPolicySchema).default([]),
    /** IETF Token Status Lists managed per key set (electron/services/revocations), with local notes */
    statusLists: z.array(managedStatusListSchema).default([]),
    /** where each set's JWKS is published (electron/services/publishing), with first-published times per kid */
    publishTargets: z.array(publishTargetSchema).default([]),
    /** Signet revocation lists (legacy, by jti/sub), at most one per key set (electron/services/revocations) */
    revocationLists: z.array(managedRevocationListSchema).default([]),
  })
  .passthrough()

export type StoreData = z.infer<typeof storeDataSchema>

export function emptyStoreData(): StoreData {
  return storeDataSchema.parse({ schemaVersion: currentStoreVersion })
}

/** `storeMigrations[n]` turns a version-n document into a version-(n+1) one. */
export const storeMigrations: Record<number, (data: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2: Token Status Lists arrive; a version-1 file has none.
  1: (data) => ({ ...data, statusLists: Array.isArray(data.statusLists) ? data.statusLists : [] }),
  // 2 → 3: JWKS publish targets arrive; a version-2 file has none.
  2: (data) => ({ ...data, publishTargets: Array.isArray(data.publishTargets) ? data.publishTargets : [] }),
  // 3 → 4: managed Signet revocation lists arrive; a version-3 file has none.
  3: (data) => ({ ...data, revocationLists: Array.isArray(data.revocationLists) ? data.revocationLists : [] }),
}
