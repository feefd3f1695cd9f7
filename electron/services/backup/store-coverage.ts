import type { StoreData, storeDataSchema } from '../../adapters/store-schema'
import type { BackupPayload } from './format'

/**
 * Every top-level key of the store, and what a backup does with it: carried under a payload
 * member, or left out for a stated reason. A Record over the store's keys, so a key added to the
 * store schema without a decision here fails the typecheck (and test/unit/…/store-coverage.test.ts
 * enumerates the schema at run time as well): the next feature cannot be forgotten by backups.
 */
/** The store schema's declared top-level keys (not the passthrough index signature). */
export type StoreKey = keyof (typeof storeDataSchema)['shape']

export type StoreKeyCoverage = { carriedAs: keyof BackupPayload } | { notBackedUp: string }

export const storeKeyCoverage = {
  schemaVersion: {
    notBackedUp:
      "the store file's own format version: the backup has its own (backupFormatVersion), and a restore writes records in the running Signet's store version",
  },
  settings: {
    notBackedUp:
      "this machine's display preferences (the theme): they belong to the machine and its user, not to the keys, and a restore must not change how another machine's Signet looks",
  },
  keySets: { carriedAs: 'sets' },
  keys: { carriedAs: 'keys' },
  policies: { carriedAs: 'policies' },
  statusLists: { carriedAs: 'statusLists' },
  publishTargets: { carriedAs: 'publishTargets' },
  revocationLists: { carriedAs: 'revocationLists' },
} as const satisfies Record<StoreKey, StoreKeyCoverage>

/** The store keys a backup carries, each with its payload member. */
export const carriedStoreKeys = Object.entries(storeKeyCoverage).flatMap(([storeKey, coverage]) =>
  'carriedAs' in coverage ? [{ storeKey: storeKey as StoreKey & keyof StoreData, payloadKey: coverage.carriedAs }] : [],
)
