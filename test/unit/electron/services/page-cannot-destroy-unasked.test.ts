import { describe, expect, it } from 'vitest'
import { confBackend } from '#electron/adapters/store-conf'
import { createContext } from '#electron/services/context'
import { dispatch } from '#electron/services/dispatch'
import { createHandlers } from '#electron/services/handlers'
import { keyTestContext, type KeyTestContext } from '../../../support/key-context'
import { memoryKeychain, type MemoryKeychain } from '../../../support/memory-keychain'

// A compromised page calls `dispatch` with whatever it likes. Every channel whose effect cannot be
// undone (a private key deleted, a key compromised) must stop at main's own question — the native
// message box in the app — whatever flags the page sends; "no" leaves the keychain, the store and
// the audit log as they were.

interface World {
  t: KeyTestContext
  keychain: MemoryKeychain
}

async function world(): Promise<World> {
  const keychain = memoryKeychain()
  const t = keyTestContext({ keychain })
  await t.call('sets:create', { name: 'prod' })
  await t.call('keys:generate', { set: 'prod', alg: 'ES256', kid: 'live', activate: true })
  await t.call('keys:generate', { set: 'prod', alg: 'ES256', kid: 'old' })
  await t.call('keys:compromise', { kid: 'old' }) // compromised: the one step before destroy
  t.asked.splice(0)
  return { t, keychain }
}

function snapshot(w: World) {
  return { keychain: JSON.stringify([...w.keychain.entries]), store: JSON.stringify(w.t.context.store.read()) }
}

async function auditActions(w: World): Promise<string[]> {
  return (await w.t.context.audit.list({ order: 'oldest' })).entries.map((e) => e.action)
}

const pageFlags = [{ confirmed: true }, { force: true, reason: 'the page says so' }, { yes: true }]

describe('keys:destroy and keys:compromise: the page alone cannot do them', () => {
  for (const action of ['destroy', 'compromise'] as const) {
    const kid = action === 'destroy' ? 'old' : 'live'
    it(`${action}: "no" to main's question, or any flag the page adds, changes nothing`, async () => {
      const w = await world()
      const before = snapshot(w)
      const log = await auditActions(w)
      w.t.answer = false
      for (const flag of pageFlags) {
        const outcome = await w.t.result(`keys:${action}`, { kid, ...flag } as never)
        expect(outcome.ok, JSON.stringify(flag)).toBe(false)
      }
      const declined = await w.t.failure(`keys:${action}`, { kid })
      expect(declined.code).toBe('ERR_NOT_CONFIRMED')
      // force+reason is a real option for guards, never a substitute for the question
      expect((await w.t.failure(`keys:${action}`, { kid, force: true, reason: 'page insists' })).code).toBe(
        'ERR_NOT_CONFIRMED',
      )
      expect(w.t.asked.map((q) => q.action)).toEqual([`key.${action}`, `key.${action}`, `key.${action}`])
      expect(w.t.asked[0]!.message).toContain(`"${kid}"`)
      expect(snapshot(w)).toEqual(before)
      expect(await auditActions(w)).toEqual(log)

      w.t.answer = true
      await w.t.call(`keys:${action}`, { kid })
      expect(snapshot(w)).not.toEqual(before)
      if (action === 'destroy') expect(w.keychain.entries.size).toBe(1)
    })
  }

  it('asks nothing for a move the lifecycle refuses anyway (the refusal comes first)', async () => {
    const w = await world()
    expect((await w.t.failure('keys:destroy', { kid: 'live' })).code).toBe('ERR_LIFECYCLE_TRANSITION')
    expect((await w.t.failure('keys:destroy', { kid: 'nobody' })).code).toBe('ERR_KEY_NOT_FOUND')
    expect(w.t.asked).toEqual([])
  })
})

describe('keys:reconcile --remove: the page alone cannot delete keychain entries', () => {
  it('"no" keeps the orphaned private key; "yes" deletes exactly it', async () => {
    const w = await world()
    const orphan = '0b8f9a3c-1d2e-4f50-8a6b-7c8d9e0f1a2b'
    w.keychain.entries.set(
      orphan,
      JSON.stringify({ kty: 'oct', k: 'c2VjcmV0LXRoYXQtbXVzdC1zdXJ2aXZlLWEtcGFnZQ', alg: 'HS256', kid: 'lost' }),
    )
    const before = snapshot(w)
    w.t.answer = false
    expect((await w.t.failure('keys:reconcile', { remove: [orphan] })).code).toBe('ERR_NOT_CONFIRMED')
    expect((await w.t.failure('keys:reconcile', { remove: [orphan], confirmed: true } as never)).code).toBe(
      'ERR_INVALID_ARGUMENT',
    )
    expect(w.t.asked).toHaveLength(1)
    expect(w.t.asked[0]!.detail).toContain(orphan)
    expect(snapshot(w)).toEqual(before)
    // looking, adopting and recording are not deletions: no question
    expect((await w.t.call('keys:reconcile', undefined)).orphans.map((o) => o.account)).toEqual([orphan])
    expect(w.t.asked).toHaveLength(1)

    w.t.answer = true
    const done = await w.t.call('keys:reconcile', { remove: [orphan] })
    expect(done.performed).toHaveLength(1)
    expect(w.keychain.entries.has(orphan)).toBe(false)
  })
})

describe('keys:import with activate: the page alone cannot make outside material the signing key', () => {
  it('"no" to main\'s question imports nothing; importing without activate asks nothing; "yes" activates', async () => {
    const w = await world()
    const { generateKeyPairSync } = await import('node:crypto')
    const source = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString()
    const before = snapshot(w)
    const log = await auditActions(w)
    w.t.answer = false
    for (const flag of pageFlags) {
      const outcome = await w.t.result('keys:import', {
        set: 'prod',
        source,
        kid: 'outside',
        activate: true,
        ...flag,
      } as never)
      expect(outcome.ok, JSON.stringify(flag)).toBe(false)
    }
    expect((await w.t.failure('keys:import', { set: 'prod', source, kid: 'outside', activate: true })).code).toBe(
      'ERR_NOT_CONFIRMED',
    )
    expect(w.t.asked.map((q) => q.action)).toEqual(['key.import'])
    expect(w.t.asked[0]!.title).toContain('"outside"')
    expect(w.t.asked[0]!.message).toContain('set "prod"')
    expect(snapshot(w)).toEqual(before)
    expect(await auditActions(w)).toEqual(log)
    // A key that does not parse is refused before anyone is asked.
    expect((await w.t.failure('keys:import', { set: 'prod', source: 'not a key', activate: true })).code).not.toBe(
      'ERR_NOT_CONFIRMED',
    )
    expect(w.t.asked).toHaveLength(1)

    w.t.answer = true
    const imported = await w.t.call('keys:import', { set: 'prod', source, kid: 'outside', activate: true })
    expect(imported.key.state).toBe('active')
    expect(w.t.asked).toHaveLength(2)
    // Staged (not signing) needs no question.
    const staged = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString()
    expect((await w.t.call('keys:import', { set: 'prod', source: staged, kid: 'later' })).key.state).toBe('staged')
    expect(w.t.asked).toHaveLength(2)
  })
})

describe('without a confirmation port, irreversible actions are refused', () => {
  it('a context that cannot ask (no native dialog) refuses compromise and reconcile --remove', async () => {
    const keychain = memoryKeychain()
    const { mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const context = createContext({
      dataDir: mkdtempSync(join(tmpdir(), 'signet-no-confirm-')),
      version: 'test',
      storeBackend: confBackend,
      keychain,
    })
    const handlers = createHandlers(context)
    expect((await dispatch(handlers, 'sets:create', { name: 'prod' })).ok).toBe(true)
    expect(
      (await dispatch(handlers, 'keys:generate', { set: 'prod', alg: 'ES256', kid: 'live', activate: true })).ok,
    ).toBe(true)
    const before = JSON.stringify([...keychain.entries])
    expect(await dispatch(handlers, 'keys:compromise', { kid: 'live' })).toMatchObject({
      ok: false,
      error: { code: 'ERR_NOT_CONFIRMED' },
    })
    expect(
      await dispatch(handlers, 'keys:reconcile', { remove: ['0b8f9a3c-1d2e-4f50-8a6b-7c8d9e0f1a2b'] }),
    ).toMatchObject({ ok: false, error: { code: 'ERR_NOT_CONFIRMED' } })
    expect(JSON.stringify([...keychain.entries])).toBe(before)
    expect(context.store.read().keys[0]!.state).toBe('active')
  })
})

describe('sets:delete: no key material can be lost through it', () => {
  it('is refused while the set holds any key that is not destroyed (destroying needs main’s question)', async () => {
    const w = await world()
    const before = snapshot(w)
    expect((await w.t.failure('sets:delete', { set: 'prod' })).code).toBe('ERR_SET_NOT_EMPTY')
    expect(snapshot(w)).toEqual(before)
  })
})
