import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { faultyKeychain, memoryKeychain } from '../../../../support/memory-keychain'
import { findPrivateMaterial, keyTestContext } from '../../../../support/key-context'

async function setUp(faults: Parameters<typeof faultyKeychain>[1] = {}) {
  const memory = memoryKeychain()
  const keychain = faultyKeychain(memory, faults)
  const t = keyTestContext({ keychain })
  await t.call('sets:create', { name: 'prod' })
  return { t, memory, keychain }
}

/** A key whose secret was moved to another keychain account (a keychain restored under other ids). */
async function moved(
  t: Awaited<ReturnType<typeof setUp>>['t'],
  memory: Awaited<ReturnType<typeof setUp>>['memory'],
  alg: 'ES256' | 'HS256' | 'RS256' = 'ES256',
) {
  const { key } = await t.call('keys:generate', { set: 'prod', alg, activate: true })
  const account = randomUUID()
  memory.entries.set(account, memory.entries.get(key.id)!)
  memory.entries.delete(key.id)
  return { key, account }
}

describe('reconcile: an orphan and a missing key that are the same key', () => {
  it('pairs them by thumbprint and re-links them in one action; the key signs again', async () => {
    const { t, memory } = await setUp()
    const { key, account } = await moved(t, memory)
    const report = await t.call('keys:reconcile', undefined)
    expect(report.orphans).toEqual([
      expect.objectContaining({ account, sameKeyAs: key.kid, action: expect.stringContaining(`--relink ${account}`) }),
    ])
    expect(report.missing).toEqual([expect.objectContaining({ kid: key.kid, foundIn: account })])
    // The page learns the pairing, never the material it was computed from.
    expect(findPrivateMaterial(JSON.stringify(report))).toBeNull()
    expect((await t.failure('sign:token', { set: 'prod', claims: {} })).code).toBe('ERR_KEY_SECRET_MISSING')

    const relinked = await t.call('keys:reconcile', { relink: [{ account, kid: key.kid }] })
    expect(relinked.performed).toEqual([
      `re-linked keychain entry ${account} to key "${key.kid}": its private key is back under the key's own entry`,
    ])
    expect(relinked.orphans).toEqual([])
    expect(relinked.missing).toEqual([])
    expect(relinked.accountedFor).toBe(1)
    expect(memory.entries.has(account)).toBe(false)
    expect(memory.entries.has(key.id)).toBe(true)
    expect((await t.call('sign:token', { set: 'prod', claims: {} })).kid).toBe(key.kid)
  })

  it('pairs HMAC keys too (their thumbprint covers the secret, compared in main only)', async () => {
    const { t, memory } = await setUp()
    const { key, account } = await moved(t, memory, 'HS256')
    const report = await t.call('keys:reconcile', undefined)
    expect(report.orphans[0]!.sameKeyAs).toBe(key.kid)
    await t.call('keys:reconcile', { relink: [{ account, kid: key.kid }] })
    expect((await t.call('sign:token', { set: 'prod', claims: {} })).kid).toBe(key.kid)
  })

  it('does not pair different keys, and refuses a re-link the report did not offer', async () => {
    const { t, memory } = await setUp()
    const { key } = await moved(t, memory)
    // A second, different key's secret under a stray account, while the first key's secret is gone for good.
    const other = await t.call('keys:generate', { set: 'prod', alg: 'ES256' })
    const stray = randomUUID()
    memory.entries.set(stray, memory.entries.get(other.key.id)!)
    for (const [account] of memory.entries)
      if (account !== stray && account !== other.key.id) memory.entries.delete(account)
    const report = await t.call('keys:reconcile', undefined)
    expect(report.orphans).toEqual([expect.objectContaining({ account: stray, sameKeyAs: null })])
    expect(report.missing).toEqual([expect.objectContaining({ kid: key.kid, foundIn: null })])
    expect(await t.failure('keys:reconcile', { relink: [{ account: stray, kid: key.kid }] })).toMatchObject({
      code: 'ERR_KEY_NOT_ORPHAN',
      message: expect.stringContaining('does not hold the key'),
    })
    expect((await t.failure('keys:reconcile', { relink: [{ account: randomUUID(), kid: key.kid }] })).code).toBe(
      'ERR_KEY_NOT_ORPHAN',
    )
    // Nothing changed.
    expect(memory.entries.has(stray)).toBe(true)
  })

  it('a keychain that cannot delete the old entry still has the key back, and says the copy remains', async () => {
    const { t, memory, keychain } = await setUp()
    const { key, account } = await moved(t, memory)
    keychain.faults.failDelete = true
    const failure = await t.failure('keys:reconcile', { relink: [{ account, kid: key.kid }] })
    expect(failure).toMatchObject({
      code: 'ERR_KEYCHAIN_UNAVAILABLE',
      message: expect.stringContaining(`--remove ${account}`),
    })
    keychain.faults.failDelete = false
    expect((await t.call('sign:token', { set: 'prod', claims: {} })).kid).toBe(key.kid)
    const report = await t.call('keys:reconcile', undefined)
    expect(report.missing).toEqual([])
    expect(report.orphans).toEqual([expect.objectContaining({ account, sameKeyAs: null })])
  })
})
