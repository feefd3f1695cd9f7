import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { storeDataSchema, type StoreData } from '#electron/adapters/store-schema'
import type { BackupPayload } from '#electron/services/backup/format'
import { planRecords } from '#electron/services/backup/plan-restore-records'
import type { KeyRecord, KeySet } from '#shared/managed-keys/types'
import type { PublishTarget } from '#shared/publishing/targets'
import type { ManagedRevocationList } from '#shared/revocation-list/managed'
import { decodeStatusList } from '#shared/status-list/decode'
import { encodeStatusList } from '#shared/status-list/encode'
import type { ManagedStatusList } from '#shared/status-list/managed'
import { PackedStatuses } from '#shared/status-list/packed'

// Pure planning over records shaped by the real schemas and the real status-list codec.
const at = '2026-01-01T00:00:00.000Z'
const now = new Date('2026-03-01T00:00:00.000Z')
const prod = { id: randomUUID(), name: 'prod' } as KeySet

function statusList(name: string, allocated: Record<number, number>, id = randomUUID(), uri = `https://x/${name}`) {
  const packed = new PackedStatuses(2, 16)
  for (const [idx, status] of Object.entries(allocated)) packed.set(Number(idx), status)
  const notes = Object.fromEntries(
    Object.keys(allocated).map((idx) => [
      idx,
      { jti: `j${idx}`, sub: null, reason: null, allocatedAt: at, exp: null, kid: 'k1' },
    ]),
  )
  return {
    id,
    setId: prod.id,
    name,
    uri,
    bits: 2,
    size: 16,
    ttl: 3600,
    lifetime: 3600,
    aggregationUri: null,
    lst: encodeStatusList(packed).lst,
    notes,
    revision: 1,
    createdAt: at,
    updatedAt: at,
    lastExport: null,
  } as ManagedStatusList
}
const statuses = (list: ManagedStatusList) =>
  decodeStatusList({ bits: list.bits, lst: list.lst }, { size: list.size }).packed
const revocations = (ids: [string, number | null][], notBefore: number | null = null): ManagedRevocationList => ({
  setId: prod.id,
  entries: ids.map(([id, until]) => ({ by: 'jti', id, reason: null, until, addedAt: at })),
  notBefore,
  revision: 1,
  updatedAt: at,
  lastExport: null,
})
const target = (name: string, firstPublished: Record<string, string>, id = randomUUID()): PublishTarget => ({
  id,
  setId: prod.id,
  name,
  createdAt: at,
  config: { kind: 'command', command: 'cat > /dev/null', readCommand: null, timeoutSeconds: 60 },
  firstPublished,
  lastPublish: null,
})
const key = (kid: string, thumbprint: string) => ({ kid, thumbprint }) as KeyRecord

function plan(
  here: Partial<StoreData>,
  backup: Partial<BackupPayload>,
  options: { onConflict?: 'skip' | 'overwrite' | 'keep-both'; keysAfter?: KeyRecord[]; backupKeys?: KeyRecord[] } = {},
) {
  const data = storeDataSchema.parse({ schemaVersion: 4, ...here })
  const payload = {
    policies: [],
    statusLists: [],
    revocationLists: [],
    publishTargets: [],
    ...backup,
    keys: (options.backupKeys ?? []).map((metadata) => ({ metadata, privateJwk: null })),
  } as unknown as BackupPayload
  return planRecords(data, payload, {
    setMap: new Map([[prod.id, prod]]),
    keysAfter: options.keysAfter ?? [],
    onConflict: options.onConflict ?? 'skip',
    recordChoices: {},
    now,
  })
}

describe('status lists: an allocated index is never forgotten', () => {
  it('overwriting the same list keeps every index allocated here after the backup, with its status', () => {
    const id = randomUUID()
    const here = statusList('tokens', { 1: 1, 5: 2 }, id)
    const backup = statusList('tokens', { 1: 0, 3: 1 }, id)
    const result = plan({ statusLists: [here] }, { statusLists: [backup] }, { onConflict: 'overwrite' })
    const merged = result.store.statusLists[0]!
    expect(Object.keys(merged.notes).sort()).toEqual(['1', '3', '5'])
    expect([statuses(merged).get(1), statuses(merged).get(3), statuses(merged).get(5)]).toEqual([0, 1, 2])
    expect(result.reports[0]).toMatchObject({ outcome: 'overwritten', items: 3 })
    expect(result.reports[0]!.note).toContain('1 index was allocated here after the backup')
  })

  it('never overwrites a different list of the same name, never keeps two lists at one uri', () => {
    const here = statusList('tokens', { 1: 1 })
    const other = statusList('tokens', { 2: 1 })
    const over = plan({ statusLists: [here] }, { statusLists: [other] }, { onConflict: 'overwrite' })
    expect(over.store.statusLists).toEqual([here])
    expect(over.reports[0]).toMatchObject({ outcome: 'skipped', conflict: { kind: 'uri-taken' } })
    const elsewhere = statusList('tokens', { 2: 1 }, randomUUID(), 'https://x/other')
    const both = plan({ statusLists: [here] }, { statusLists: [elsewhere] }, { onConflict: 'keep-both' })
    expect(both.store.statusLists.map((l) => l.name)).toEqual(['tokens', 'tokens-restored'])
    expect(both.reports[0]).toMatchObject({ outcome: 'kept-both', restoredName: 'tokens-restored' })
    const refused = plan({ statusLists: [here] }, { statusLists: [elsewhere] }, { onConflict: 'overwrite' })
    expect(refused.store.statusLists).toEqual([here])
    expect(refused.reports[0]!.note).toContain('would forget them')
  })

  it("re-points a note's signer when its key came back under a new kid, and forgets it when the kid is another key's", () => {
    const backupKeys = [key('k1', 'tp-1')]
    const renamed = plan(
      {},
      { statusLists: [statusList('a', { 1: 0 })] },
      {
        backupKeys,
        keysAfter: [key('k1', 'tp-other'), key('k1-restored', 'tp-1')],
      },
    )
    expect(renamed.store.statusLists[0]!.notes['1']!.kid).toBe('k1-restored')
    const lost = plan(
      {},
      { statusLists: [statusList('a', { 1: 0 })] },
      { backupKeys, keysAfter: [key('k1', 'tp-other')] },
    )
    expect(lost.store.statusLists[0]!.notes['1']!.kid).toBeNull()
  })
})

describe('revocation lists: a restore never withdraws a revocation', () => {
  it('merges the backup entries into the list here, the longer-lasting entry winning', () => {
    const here = revocations(
      [
        ['a', 100],
        ['here-only', null],
      ],
      50,
    )
    const backup = revocations(
      [
        ['a', null],
        ['b', 200],
      ],
      10,
    )
    const result = plan({ revocationLists: [here] }, { revocationLists: [backup] }, { onConflict: 'overwrite' })
    const merged = result.store.revocationLists[0]!
    expect(merged.entries.map((e) => [e.id, e.until])).toEqual([
      ['a', null],
      ['here-only', null],
      ['b', 200],
    ])
    expect(merged.notBefore).toBe(50)
    expect(result.reports[0]).toMatchObject({ outcome: 'merged', items: 3 })
  })

  it('skip leaves the list here alone; the same entries are unchanged, not a conflict', () => {
    const here = revocations([['a', 100]])
    expect(
      plan({ revocationLists: [here] }, { revocationLists: [revocations([['b', 1]])] }).store.revocationLists,
    ).toEqual([here])
    const same = plan({ revocationLists: [here] }, { revocationLists: [revocations([['a', 50]])] })
    expect(same.reports[0]).toMatchObject({ outcome: 'unchanged', conflict: null })
  })
})

describe('publish targets', () => {
  it("keeps a kid's first-published time only when that kid is the same key here", () => {
    const backupKeys = [key('k1', 'tp-1'), key('k2', 'tp-2')]
    const result = plan(
      {},
      { publishTargets: [target('site', { k1: at, k2: at })] },
      {
        backupKeys,
        keysAfter: [key('k1', 'tp-1'), key('k2', 'tp-other'), key('k2-restored', 'tp-2')],
      },
    )
    expect(result.store.publishTargets[0]!.firstPublished).toEqual({ k1: at })
    expect(result.reports[0]!.note).toContain('1 key(s) it published are not here under the same kid')
    expect(result.reports[0]!.note).toContain('Publishing runs this command: cat > /dev/null')
  })

  it('keep-both renames a different target of the same name; the same target is never kept twice', () => {
    const here = target('site', {})
    const both = plan({ publishTargets: [here] }, { publishTargets: [target('site', {})] }, { onConflict: 'keep-both' })
    expect(both.store.publishTargets.map((t) => t.name)).toEqual(['site', 'site-restored'])
    const twin = plan({ publishTargets: [here] }, { publishTargets: [{ ...here }] }, { onConflict: 'keep-both' })
    expect(twin.reports[0]).toMatchObject({ outcome: 'skipped', conflict: { kind: 'same-record' } })
    expect(twin.store.publishTargets).toEqual([here])
  })
})

describe('saved policies', () => {
  it('leaves the same policy alone and renames a different one kept both (inside the document too)', () => {
    const here = { name: 'api', savedAt: at, policy: { name: 'api', clockSkew: 30 } }
    const same = plan({ policies: [here] }, { policies: [{ ...here, savedAt: now.toISOString() }] })
    expect(same.reports[0]!.outcome).toBe('unchanged')
    const other = { name: 'api', savedAt: at, policy: { name: 'api', clockSkew: 90 } }
    const both = plan({ policies: [here] }, { policies: [other] }, { onConflict: 'keep-both' })
    expect(both.store.policies[1]).toMatchObject({
      name: 'api (restored)',
      policy: { name: 'api (restored)', clockSkew: 90 },
    })
  })
})
