import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { generateKey } from '#electron/services/managed-keys/generate-key'
import { generateMaterial } from '#electron/services/managed-keys/material'
import { faultyKeychain, memoryKeychain } from '../../../../support/memory-keychain'
import { findPrivateMaterial, keyTestContext } from '../../../../support/key-context'

async function setUp(faults: Parameters<typeof faultyKeychain>[1] = {}) {
  const memory = memoryKeychain()
  const keychain = faultyKeychain(memory, faults)
  const t = keyTestContext({ keychain })
  await t.call('sets:create', { name: 'prod' })
  return { t, memory, keychain }
}

describe('custody: secret first, read back, then metadata', () => {
  it('a keychain that refuses the write leaves neither a record nor a secret', async () => {
    const { t, memory } = await setUp({ failWrite: true })
    expect((await t.failure('keys:generate', { set: 'prod', alg: 'ES256' })).code).toBe('ERR_KEYCHAIN_DENIED')
    expect(memory.entries.size).toBe(0)
    expect(t.context.store.read().keys).toEqual([])
  })

  it('a keychain that fails after storing has its entry deleted again', async () => {
    const { t, memory, keychain } = await setUp({ failAfterWrite: true })
    expect((await t.failure('keys:generate', { set: 'prod', alg: 'ES256' })).code).toBe('ERR_KEYCHAIN_UNAVAILABLE')
    expect(keychain.writes).toHaveLength(1)
    expect(memory.entries.size).toBe(0)
    expect(t.context.store.read().keys).toEqual([])
  })

  it('a read-back that differs from what was written stores nothing', async () => {
    const { t, memory } = await setUp({ tamperReads: true })
    const failure = await t.failure('keys:generate', { set: 'prod', alg: 'HS256' })
    expect(failure).toMatchObject({
      code: 'ERR_KEY_CUSTODY_MISMATCH',
      message: expect.stringContaining('the entry was deleted again'),
    })
    expect(memory.entries.size).toBe(0)
    expect(t.context.store.read().keys).toEqual([])
  })

  it('a mismatch whose entry cannot be deleted is left for reconciliation, and said so', async () => {
    const { t, memory, keychain } = await setUp({ tamperReads: true, failDelete: true })
    const failure = await t.failure('keys:generate', { set: 'prod', alg: 'ES256' })
    expect(failure.message).toContain('signet keys reconcile lists it')
    expect(memory.entries.size).toBe(1)
    keychain.faults.tamperReads = false
    const report = await t.call('keys:reconcile', undefined)
    expect(report.orphans).toEqual([
      expect.objectContaining({ account: [...memory.entries.keys()][0], kind: 'unknown', set: 'prod', alg: 'ES256' }),
    ])
  })

  it('a failed metadata commit removes the secret again', async () => {
    const { t, memory } = await setUp()
    const brokenStore = {
      ...t.context.store,
      read: t.context.store.read,
      update: () => {
        throw new SignetError('ERR_STORE_UNWRITABLE', 'Could not write the store file (disk full).')
      },
    }
    const context = { ...t.context, store: brokenStore }
    await expect(generateKey(context, { set: 'prod', alg: 'ES256' })).rejects.toMatchObject({
      code: 'ERR_KEY_CUSTODY_FAILED',
      message: expect.stringContaining('its secret was removed from the keychain again'),
    })
    expect(memory.entries.size).toBe(0)
  })
})

describe('reconciliation', () => {
  /** What a process killed after the keychain write but before the store commit leaves behind. */
  async function orphan(memory: ReturnType<typeof memoryKeychain>, setId: string, kid = 'orphan-kid') {
    const material = await generateMaterial('ES256')
    const account = randomUUID()
    memory.entries.set(
      account,
      JSON.stringify({ ...material.privateJwk, kid, alg: 'ES256', use: 'sig', 'x-signet-set': setId }),
    )
    return { account, material }
  }

  it('reports orphaned secrets with their public facts only, and adopts one on request', async () => {
    const { t, memory } = await setUp()
    const setId = t.context.store.read().keySets[0]!.id
    const { account, material } = await orphan(memory, setId)
    memory.entries.set('not-a-key-entry', 'something else')
    const report = await t.call('keys:reconcile', undefined)
    expect(report.orphans).toEqual([
      {
        account,
        kid: 'orphan-kid',
        alg: 'ES256',
        kty: 'EC',
        set: 'prod',
        kind: 'unknown',
        sameKeyAs: null,
        action: expect.stringContaining(`--adopt ${account}`),
      },
    ])
    expect(findPrivateMaterial(JSON.stringify(report))).toBeNull()
    // Reporting changes nothing.
    expect(memory.entries.has(account)).toBe(true)
    expect(t.context.store.read().keys).toEqual([])

    const adopted = await t.call('keys:reconcile', { adopt: [{ account }] })
    expect(adopted.performed).toEqual([`adopted ${account} as staged key "orphan-kid" in set "prod"`])
    expect(adopted.orphans).toEqual([])
    expect(adopted.accountedFor).toBe(1)
    const [key] = (await t.call('keys:list', undefined)).keys
    expect(key).toMatchObject({
      id: account,
      kid: 'orphan-kid',
      state: 'staged',
      origin: 'adopted',
      thumbprint: material.thumbprint,
    })
    await t.call('keys:activate', { kid: 'orphan-kid' })
    expect((await t.call('sign:token', { set: 'prod', claims: {} })).kid).toBe('orphan-kid')
  })

  it('removes an orphan only when asked by name', async () => {
    const { t, memory } = await setUp()
    const { account } = await orphan(memory, randomUUID())
    const report = await t.call('keys:reconcile', undefined)
    expect(report.orphans[0]).toMatchObject({ account, set: null, action: expect.stringContaining('--set <name>') })
    expect(await t.failure('keys:reconcile', { adopt: [{ account }] })).toMatchObject({
      code: 'ERR_SET_NOT_FOUND',
      message: expect.stringContaining('--set'),
    })
    expect((await t.failure('keys:reconcile', { remove: [randomUUID()] })).code).toBe('ERR_KEY_NOT_ORPHAN')
    const removed = await t.call('keys:reconcile', { remove: [account] })
    expect(removed.performed).toEqual([`deleted orphaned keychain entry ${account} (kid "orphan-kid")`])
    expect(memory.entries.has(account)).toBe(false)
  })

  it('reports keys whose secret is missing, records it on request, and notices when it comes back', async () => {
    const { t, memory } = await setUp()
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'ES256', activate: true })
    const saved = memory.entries.get(key.id)!
    memory.entries.delete(key.id)
    const report = await t.call('keys:reconcile', undefined)
    expect(report.missing).toEqual([
      {
        kid: key.kid,
        set: 'prod',
        state: 'active',
        foundIn: null,
        action: expect.stringContaining(`--mark-missing=${key.kid}`),
      },
    ])
    expect((await t.call('keys:list', undefined)).keys[0]!.secret).toBe('present')
    await t.call('keys:reconcile', { markMissing: [key.kid] })
    expect((await t.call('keys:list', undefined)).keys[0]!.secret).toBe('missing')
    expect((await t.failure('sign:token', { set: 'prod', claims: {} })).code).toBe('ERR_KEY_SECRET_MISSING')
    memory.entries.set(key.id, saved)
    const healed = await t.call('keys:reconcile', undefined)
    expect(healed.performed).toEqual([`the secret of "${key.kid}" is back in the keychain; recorded as present`])
    expect(healed.missing).toEqual([])
    expect((await t.call('sign:token', { set: 'prod', claims: {} })).kid).toBe(key.kid)
  })

  it('reports the leftover secret of a destroyed key', async () => {
    const { t, memory } = await setUp()
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'EdDSA' })
    const saved = memory.entries.get(key.id)!
    await t.call('keys:unpublish', { kid: key.kid })
    await t.call('keys:destroy', { kid: key.kid })
    memory.entries.set(key.id, saved)
    const report = await t.call('keys:reconcile', undefined)
    expect(report.orphans).toEqual([
      expect.objectContaining({ account: key.id, kid: key.kid, kind: 'destroyed-leftover' }),
    ])
    expect((await t.failure('keys:reconcile', { adopt: [{ account: key.id }] })).code).toBe('ERR_KEY_NOT_ORPHAN')
    await t.call('keys:reconcile', { remove: [key.id] })
    expect(memory.entries.has(key.id)).toBe(false)
  })

  it('destroying refuses to mark a key destroyed while the keychain keeps its secret', async () => {
    const { t, keychain, memory } = await setUp()
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'ES256' })
    await t.call('keys:unpublish', { kid: key.kid })
    keychain.faults.failDelete = true
    expect((await t.failure('keys:destroy', { kid: key.kid })).code).toBe('ERR_KEYCHAIN_UNAVAILABLE')
    expect((await t.call('keys:list', undefined)).keys[0]!.state).toBe('unpublished')
    expect(memory.entries.has(key.id)).toBe(true)
  })
})
