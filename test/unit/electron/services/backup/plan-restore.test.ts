import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { backupPayloadSchema, type BackupPayload } from '#electron/services/backup/format'
import { planRestore } from '#electron/services/backup/plan-restore'
import { storeDataSchema, type StoreData } from '#electron/adapters/store-schema'
import { keyRecordSchema, type KeyRecord, type KeySet, type KeyState } from '#shared/managed-keys/types'

// Pure planning over records shaped by the real schemas; no keychain involved.
const at = '2026-01-01T00:00:00.000Z'
const now = new Date('2026-03-01T00:00:00.000Z')

function set(name: string, id: string = randomUUID()): KeySet {
  return {
    id,
    name,
    issuer: null,
    description: '',
    defaultTokenLifetime: 900,
    maxTokenLifetime: 3600,
    jwksCacheTime: 900,
    clockSkew: 60,
    rotationPeriod: null,
    createdAt: at,
    updatedAt: at,
    revision: 0,
  }
}

function key(
  kid: string,
  setId: string,
  options: { state?: KeyState; thumbprint?: string; id?: string; secret?: KeyRecord['secret'] } = {},
): KeyRecord {
  const state = options.state ?? 'staged'
  return keyRecordSchema.parse({
    id: options.id ?? randomUUID(),
    kid,
    setId,
    alg: 'ES256',
    kty: 'EC',
    crv: 'P-256',
    state,
    history: [{ state, at }],
    origin: 'generated',
    publicJwk: { kty: 'EC', crv: 'P-256', x: `x-${kid}`, y: `y-${kid}`, kid, alg: 'ES256', use: 'sig' },
    thumbprint: options.thumbprint ?? `tp-${kid}`,
    activateAt: null,
    rotatedFrom: null,
    policy: { maxTokenLifetime: 3600, jwksCacheTime: 900, clockSkew: 60 },
    secret: options.secret ?? 'present',
  })
}

function store(sets: KeySet[], keys: KeyRecord[]): StoreData {
  return storeDataSchema.parse({ schemaVersion: 1, keySets: sets, keys })
}

function backup(sets: KeySet[], keys: KeyRecord[], withSecret = true): BackupPayload {
  return backupPayloadSchema.parse({
    format: 'signet-backup',
    version: 1,
    createdAt: at,
    app: 'test',
    sets,
    keys: keys.map((metadata) => ({
      metadata,
      privateJwk: withSecret && metadata.secret === 'present' ? { kty: 'EC', d: `d-${metadata.kid}` } : null,
    })),
  })
}

const plan = (
  data: StoreData,
  payload: BackupPayload,
  onConflict: 'skip' | 'overwrite' | 'keep-both' = 'skip',
  choices = {},
) => planRestore(data, payload, { onConflict, choices, now })

describe('planRestore into an empty store', () => {
  it('restores every set and key with its own ids, kids and public JWKs', () => {
    const prod = set('prod')
    const keys = [
      key('a', prod.id, { state: 'active' }),
      key('b', prod.id, { state: 'retired' }),
      key('gone', prod.id, { state: 'destroyed', secret: 'destroyed' }),
    ]
    const payload = backup([prod], keys)
    const result = plan(store([], []), payload)
    expect(result.sets).toEqual([{ set: payload.sets[0], outcome: 'created' }])
    expect(result.newSets).toEqual(payload.sets)
    expect(result.keys.map((k) => k.report.outcome)).toEqual(['restored', 'restored', 'restored'])
    result.keys.forEach((k, i) => {
      expect(k.record).toEqual(payload.keys[i]!.metadata)
      expect(k.report.conflict).toBeNull()
    })
    expect(result.keys[2]!.privateJwk).toBeNull()
    expect(result.keys[2]!.report.secret).toBe(false)
    expect(result.warnings).toEqual([])
  })

  it('marks a key whose secret the backup lacks as missing, and says so', () => {
    const prod = set('prod')
    const result = plan(store([], []), backup([prod], [key('a', prod.id)], false))
    expect(result.keys[0]!.record!.secret).toBe('missing')
    expect(result.keys[0]!.report.note).toMatch(/not in the backup/)
  })
})

describe('planRestore with conflicts', () => {
  const prod = set('prod')
  const here = key('a', prod.id, { state: 'active', thumbprint: 'tp-same' })
  const sameKey = { ...here } // restoring into the store it came from
  const otherWithSameKid = key('a', prod.id, { state: 'active', thumbprint: 'tp-other' })

  it('finds the set by id, and skips a key that is already here by default', () => {
    const result = plan(store([prod], [here]), backup([prod], [sameKey]))
    expect(result.sets[0]!.outcome).toBe('existing')
    expect(result.newSets).toEqual([])
    expect(result.keys[0]!.report).toMatchObject({
      outcome: 'skipped',
      restoredKid: null,
      conflict: { kind: 'same-key', kid: 'a', set: 'prod', state: 'active' },
    })
    expect(result.keys[0]!.record).toBeNull()
  })

  it('overwrite replaces the key under a fresh internal id, never the same keychain account', () => {
    const result = plan(store([prod], [here]), backup([prod], [sameKey]), 'overwrite')
    const planned = result.keys[0]!
    expect(planned.report.outcome).toBe('overwritten')
    expect(planned.replaces.map((r) => r.id)).toEqual([here.id])
    expect(planned.record!.id).not.toBe(here.id)
    expect(planned.record!.kid).toBe('a')
    expect(planned.record!.state).toBe('active') // the active key it replaces is gone
    expect(result.warnings).toEqual([])
  })

  it('keep-both is refused for the very same key (one key, one set, once)', () => {
    const result = plan(store([prod], [here]), backup([prod], [sameKey]), 'keep-both')
    expect(result.keys[0]!.report).toMatchObject({
      outcome: 'skipped',
      note: expect.stringContaining('cannot be kept twice'),
    })
  })

  it('keep-both adds a different key with a taken kid under "<kid>-restored", retired beside the active one', () => {
    const result = plan(store([prod], [here]), backup([prod], [otherWithSameKid]), 'keep-both')
    const planned = result.keys[0]!
    expect(planned.report).toMatchObject({
      outcome: 'kept-both',
      restoredKid: 'a-restored',
      state: 'retired',
      conflict: { kind: 'kid-taken' },
    })
    expect(planned.record!.kid).toBe('a-restored')
    expect(planned.record!.publicJwk).toEqual({ ...otherWithSameKid.publicJwk, kid: 'a-restored' })
    expect(planned.record!.id).not.toBe(otherWithSameKid.id)
    expect(planned.record!.history.at(-1)).toMatchObject({ state: 'retired', at: now.toISOString() })
    expect(result.warnings.map((w) => w.code)).toEqual(['WARN_RESTORE_RETIRED'])
  })

  it('keeps counting suffixes when "-restored" is taken too', () => {
    const taken = key('a-restored', prod.id, { thumbprint: 'tp-x' })
    const result = plan(
      store([prod], [here, taken]),
      backup([prod], [key('a', prod.id, { thumbprint: 'tp-y' })]),
      'keep-both',
    )
    expect(result.keys[0]!.record!.kid).toBe('a-restored-2')
  })

  it('overwriting a different key warns that its secret goes', () => {
    const result = plan(store([prod], [here]), backup([prod], [otherWithSameKid]), 'overwrite')
    expect(result.keys[0]!.replaces.map((r) => r.id)).toEqual([here.id])
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'WARN_RESTORE_REPLACED_KEY' })])
  })

  it('per-key choices win over the default', () => {
    const b = key('b', prod.id, { thumbprint: 'tp-b' })
    const bHere = { ...b }
    const c = key('c', prod.id, { thumbprint: 'tp-c' })
    const result = plan(
      store([prod], [here, bHere, c]),
      backup([prod], [sameKey, b, key('c', prod.id, { thumbprint: 'tp-c2' })]),
      'skip',
      { b: 'overwrite', c: 'keep-both' },
    )
    expect(result.keys.map((k) => k.report.outcome)).toEqual(['skipped', 'overwritten', 'kept-both'])
  })

  it('detects a colliding internal id even with a new kid and key', () => {
    const result = plan(
      store([prod], [here]),
      backup([prod], [key('z', prod.id, { id: here.id, thumbprint: 'tp-z' })]),
      'keep-both',
    )
    expect(result.keys[0]!.report.conflict?.kind).toBe('same-id')
    expect(result.keys[0]!.record!.id).not.toBe(here.id)
    expect(result.keys[0]!.record!.kid).toBe('z-restored')
  })

  it('matches a set by name when its id differs, and avoids an id already in use', () => {
    const renamed = set('prod')
    const result = plan(store([prod], []), backup([renamed], [key('n', renamed.id)]))
    expect(result.sets[0]).toMatchObject({ outcome: 'existing', set: { id: prod.id } })
    expect(result.keys[0]!.record!.setId).toBe(prod.id)

    const clash = set('staging', prod.id)
    const other = plan(store([set('prod', randomUUID()), { ...set('x'), id: prod.id }], []), backup([clash], []))
    expect(other.sets[0]!.outcome).toBe('existing') // same id: it is that set
    const fresh = plan(store([], []), backup([clash], []))
    expect(fresh.newSets[0]!.id).toBe(prod.id)
  })

  it('sees keys planned earlier in the same backup', () => {
    const x1 = key('dup', prod.id, { thumbprint: 'tp-1' })
    const x2 = key('dup2', prod.id, { thumbprint: 'tp-1' }) // the same key twice under two kids
    const result = plan(store([prod], []), backup([prod], [x1, x2]))
    expect(result.keys.map((k) => k.report.outcome)).toEqual(['restored', 'skipped'])
    expect(result.keys[1]!.report.conflict).toMatchObject({ kind: 'same-key', kid: 'dup' })
  })
})
