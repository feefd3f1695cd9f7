import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { maxManagedRevocationEntries } from '#shared/limits'
import { parseRevocationsClaim } from '#shared/revocation-list/format'
import { fillRevocationList, revocationListContext } from '../../../../support/revocation-list-fixtures'

/** A set's Signet revocation list through the real dispatch path, a real store file and audit log. */

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

const seeded = (alg: 'ES256' | 'HS256' = 'ES256') => revocationListContext(dirs, alg)

const auditActions = async (t: Awaited<ReturnType<typeof seeded>>['t']) =>
  (await t.call('audit:list', undefined)).entries.map((e) => e.action)

describe('revocations:add / remove / cutoff / list', () => {
  it("adds by jti (until defaults to now + the set's maximum token lifetime) and by sub (no until), and lists them with the pending diff", async () => {
    const { t, now } = await seeded()
    await t.call('revocations:add', { set: 'prod', jti: 'j1', reason: 'stolen' })
    const { list } = await t.call('revocations:add', { set: 'prod', sub: 'mallory' })
    expect(list.entries.map((e) => [e.by, e.id, e.until, e.reason, e.expired])).toEqual([
      ['jti', 'j1', now() + 7200, 'stolen', false],
      ['sub', 'mallory', null, null, false],
    ])
    expect(list.diff.map((c) => c.kind)).toEqual(['added', 'added'])
    expect((await t.call('revocations:list', { set: 'prod' })).revision).toBe(2)
    expect(await auditActions(t)).toEqual(expect.arrayContaining(['revocations.add']))
  })

  it('replaces an entry for the same jti instead of duplicating it', async () => {
    const { t, now } = await seeded()
    await t.call('revocations:add', { set: 'prod', jti: 'j1', reason: 'first' })
    const { list } = await t.call('revocations:add', { set: 'prod', jti: 'j1', until: now() + 60, reason: 'second' })
    expect(list.entries).toHaveLength(1)
    expect(list.entries[0]).toMatchObject({ reason: 'second', until: now() + 60 })
  })

  it('removes an entry, and says so when there is none', async () => {
    const { t } = await seeded()
    await t.call('revocations:add', { set: 'prod', sub: 'bob' })
    expect((await t.call('revocations:remove', { set: 'prod', sub: 'bob' })).list.entries).toEqual([])
    const missing = await t.failure('revocations:remove', { set: 'prod', sub: 'bob' })
    expect(missing.code).toBe('ERR_REVOCATION_ENTRY_NOT_FOUND')
    expect(missing.message).toContain('"bob"')
  })

  it('sets and clears the cutoff, refusing one in the future', async () => {
    const { t, now } = await seeded()
    expect((await t.call('revocations:cutoff', { set: 'prod', before: now() - 10 })).list.notBefore).toBe(now() - 10)
    expect((await t.failure('revocations:cutoff', { set: 'prod', before: now() + 3600 })).code).toBe(
      'ERR_REVOCATION_ENTRY_INVALID',
    )
    expect((await t.call('revocations:cutoff', { set: 'prod', before: null })).list.notBefore).toBeNull()
  })

  it('refuses bad input at the boundary: both or neither of jti/sub, over-long identifiers and reasons, an until already past', async () => {
    const { t, now } = await seeded()
    expect((await t.failure('revocations:add', { set: 'prod', jti: 'a', sub: 'b' })).code).toBe('ERR_INVALID_ARGUMENT')
    expect((await t.failure('revocations:add', { set: 'prod' })).code).toBe('ERR_INVALID_ARGUMENT')
    expect((await t.failure('revocations:add', { set: 'prod', jti: 'x'.repeat(257) })).message).toContain(
      'at most 256 characters',
    )
    expect((await t.failure('revocations:add', { set: 'prod', jti: 'x', reason: 'r'.repeat(501) })).message).toContain(
      'at most 500 characters',
    )
    expect((await t.failure('revocations:add', { set: 'prod', jti: 'x', until: now() - 3600 })).code).toBe(
      'ERR_REVOCATION_ENTRY_INVALID',
    )
    expect((await t.failure('revocations:add', { set: 'nope', jti: 'x' })).code).toBe('ERR_SET_NOT_FOUND')
    expect((await t.call('revocations:list', { set: 'prod' })).entries).toEqual([])
  })

  it('refuses an entry beyond the budget with its own code, naming the limit, and changes nothing', async () => {
    const { t } = await seeded()
    fillRevocationList(t, { reason: null, revision: 7 })
    const full = await t.failure('revocations:add', { set: 'prod', jti: 'one-more' })
    expect(full.code).toBe('ERR_REVOCATION_LIST_FULL')
    expect(full.message).toContain(`${maxManagedRevocationEntries.toLocaleString('en-US')} entries`)
    expect(t.context.store.read().revocationLists[0]!.revision).toBe(7)
    // Replacing an entry already there is not growth: allowed.
    expect((await t.call('revocations:add', { set: 'prod', jti: 'j5', reason: 'updated' })).list.entries).toHaveLength(
      maxManagedRevocationEntries,
    )
  }, 30_000)

  it('serialises concurrent changes through the key lock: none is lost', async () => {
    const { t } = await seeded()
    await Promise.all(Array.from({ length: 8 }, (_, i) => t.call('revocations:add', { set: 'prod', sub: `user-${i}` })))
    const list = await t.call('revocations:list', { set: 'prod' })
    expect(list.entries.map((e) => e.id).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `user-${i}`))
    expect(list.revision).toBe(8)
  })
})

describe('pruning', () => {
  it('drops expired entries at the next change, audited as part of it, and shows them as expired until then', async () => {
    const { t, now } = await seeded()
    await t.call('revocations:add', { set: 'prod', jti: 'short', until: now() + 100 })
    await t.call('revocations:add', { set: 'prod', sub: 'keeps' })
    t.clock.advance(100 + 60 + 1)
    const listed = await t.call('revocations:list', { set: 'prod' })
    expect(listed.expired).toBe(1)
    expect(listed.entries.find((e) => e.id === 'short')!.expired).toBe(true)
    const changed = await t.call('revocations:add', { set: 'prod', sub: 'another' })
    expect(changed.pruned).toBe(1)
    expect(changed.list.entries.map((e) => e.id)).toEqual(['keeps', 'another'])
    const entry = (await t.call('audit:list', undefined)).entries.find(
      (e) => e.action === 'revocations.add' && e.details.id === 'another',
    )!
    expect(entry.details).toMatchObject({ pruned: 1, prunedIds: 'jti:short', entries: 2 })
  })

  it('drops expired entries at export too, and the diff shows them removed', async () => {
    const { t, now } = await seeded()
    await t.call('revocations:add', { set: 'prod', jti: 'short', until: now() + 100 })
    await t.call('revocations:export', { set: 'prod' })
    t.clock.advance(200)
    const exported = await t.call('revocations:export', { set: 'prod' })
    expect(exported.pruned).toBe(1)
    expect(exported.diff).toEqual([{ kind: 'removed', by: 'jti', id: 'short', until: now() - 100, reason: null }])
    expect(exported.claim.entries).toEqual([])
    expect(t.context.store.read().revocationLists[0]!.entries).toEqual([])
  })
})

describe('revocations:export', () => {
  it('signs the documented format with the active key, records the export and diffs the next one against it', async () => {
    const { t, now } = await seeded()
    await t.call('revocations:add', { set: 'prod', jti: 'j1', until: now() + 600, reason: 'stolen' })
    await t.call('revocations:cutoff', { set: 'prod', before: now() - 60 })
    const exported = await t.call('revocations:export', { set: 'prod' })
    expect(decodeProtectedHeader(exported.token)).toEqual({
      alg: 'ES256',
      kid: 'prod-1',
      typ: 'signet-revocations+jwt',
    })
    const claims = decodeJwt(exported.token)
    expect(claims).toMatchObject({ iss: 'https://issuer.example', iat: now(), exp: now() + 7200, ttl: 3600 })
    expect(parseRevocationsClaim(claims.revocations)).toEqual({
      version: 1,
      not_before: now() - 60,
      entries: [{ jti: 'j1', until: now() + 600, reason: 'stolen' }],
    })
    expect(exported.diff.map((c) => c.kind)).toEqual(['added', 'cutoff'])
    expect(exported.warnings).toEqual([])
    expect((await t.call('revocations:diff', { set: 'prod' })).diff).toEqual([])
    expect((await t.call('revocations:list', { set: 'prod' })).lastExportAt).toBe(t.clock.now().toISOString())
    await t.call('revocations:remove', { set: 'prod', jti: 'j1' })
    expect((await t.call('revocations:diff', { set: 'prod' })).diff).toEqual([
      { kind: 'removed', by: 'jti', id: 'j1', until: now() + 600, reason: 'stolen' },
    ])
    const audit = (await t.call('audit:list', undefined)).entries.find((e) => e.action === 'revocations.export')!
    expect(audit).toMatchObject({
      subject: { set: 'prod', kid: 'prod-1' },
      details: { entries: 1, changed: 2, pruned: 0 },
    })
  })

  it('exports an empty list for a set that never revoked anything', async () => {
    const { t } = await seeded()
    expect((await t.call('revocations:export', { set: 'prod' })).claim).toEqual({ version: 1, entries: [] })
  })

  it('signs with an HMAC key only with a warning', async () => {
    const { t } = await seeded('HS256')
    const exported = await t.call('revocations:export', { set: 'prod' })
    expect(exported.warnings.map((w) => w.code)).toContain('WARN_REVOCATION_LIST_MAC')
  })

  it("writes to the file main's dialog chose through a one-time handle bound to its purpose", async () => {
    const { t, dir } = await seeded()
    await t.call('revocations:add', { set: 'prod', sub: 'mallory' })
    const choice = await t.call('dialog:save-revocation-list', { suggestedName: 'prod' })
    expect(choice.path).toBe(join(dir, 'prod.revocations.jwt'))
    const saved = await t.call('revocations:export-file', { set: 'prod', file: choice.handle! })
    expect(readFileSync(choice.path!, 'utf8')).toBe(`${saved.token}\n`)
    expect(saved.bytes).toBe(saved.token.length + 1)
    expect((await t.failure('revocations:export-file', { set: 'prod', file: choice.handle! })).code).toBe(
      'ERR_FILE_HANDLE_INVALID',
    )
    const statusListHandle = await t.call('dialog:save-status-list', { suggestedName: 'x' })
    expect((await t.failure('revocations:export-file', { set: 'prod', file: statusListHandle.handle! })).code).toBe(
      'ERR_FILE_HANDLE_PURPOSE',
    )
    expect((await t.failure('revocations:export-file', { set: 'prod', file: '/etc/passwd' } as never)).code).toBe(
      'ERR_INVALID_ARGUMENT',
    )
  })
})
