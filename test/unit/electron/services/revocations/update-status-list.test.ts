import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeJwt } from 'jose'
import { keyTestContext } from '../../../../support/key-context'

// Through the dispatch path IPC uses (schema parse, handler, Result), on a real store and audit log.
async function listContext() {
  const t = keyTestContext()
  await t.call('sets:create', { name: 'prod', maxTokenLifetime: '2h' })
  await t.call('keys:generate', { set: 'prod', alg: 'ES256', activate: true })
  await t.call('status-list:create', { name: 'tokens', set: 'prod', uri: 'https://issuer.example/s/1', size: 64 })
  return t
}

describe('status-list:update', () => {
  it('changes ttl and lifetime, audited with before and after, and the next export uses them', async () => {
    const t = await listContext()
    await t.call('status-list:allocate', { name: 'tokens', jti: 'a', sub: null })
    const before = (await t.call('status-list:list', undefined)).lists[0]!
    const result = await t.call('status-list:update', { name: 'tokens', ttl: '5m', lifetime: '90m' })
    expect(result.changed).toEqual([
      { field: 'ttl', from: 3600, to: 300 },
      { field: 'lifetime', from: before.lifetime, to: 5400 },
    ])
    expect(result.list).toMatchObject({ ttl: 300, lifetime: 5400, allocated: 1, revision: before.revision })
    const exported = await t.call('status-list:export', { name: 'tokens' })
    const claims = decodeJwt(exported.token)
    expect(claims.ttl).toBe(300)
    expect(claims.exp! - claims.iat!).toBe(5400)
    const audit = readFileSync(join(t.dataDir, 'audit.log.jsonl'), 'utf8')
    const entry = audit
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string; details: Record<string, unknown> })
      .find((e) => e.action === 'status-list.update')
    expect(entry?.details).toMatchObject({ list: 'tokens', ttlFrom: 3600, ttlTo: 300, lifetimeTo: 5400 })
  })

  it('drops the ttl claim with null, and changes nothing (no audit entry) when the values are the same', async () => {
    const t = await listContext()
    expect((await t.call('status-list:update', { name: 'tokens', ttl: null })).list.ttl).toBeNull()
    const again = await t.call('status-list:update', { name: 'tokens', ttl: null })
    expect(again.changed).toEqual([])
    const updates = readFileSync(join(t.dataDir, 'audit.log.jsonl'), 'utf8').match(/"status-list\.update"/g)
    expect(updates).toHaveLength(1)
  })

  it("refuses a lifetime beyond the set's maximum with the shared rule's message, changing nothing", async () => {
    const t = await listContext()
    const failure = await t.failure('status-list:update', { name: 'tokens', lifetime: '3h' })
    expect(failure.code).toBe('ERR_STATUS_LIST_INVALID')
    expect(failure.message).toContain('longer than set "prod" allows for any token (7200 s, 2h)')
    expect(failure.message).toContain('Nothing was changed')
    expect((await t.call('status-list:list', undefined)).lists[0]!.lifetime).not.toBe(10_800)
  })

  it('refuses an update that names nothing to change, and an unknown list', async () => {
    const t = await listContext()
    expect((await t.failure('status-list:update', { name: 'tokens' })).code).toBe('ERR_INVALID_ARGUMENT')
    expect((await t.failure('status-list:update', { name: 'nope', ttl: '1m' })).code).toBe('ERR_STATUS_LIST_NOT_FOUND')
  })
})
