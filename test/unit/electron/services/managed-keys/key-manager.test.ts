import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLocalJWKSet, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { memoryKeychain } from '../../../../support/memory-keychain'
import { findPrivateMaterial, keyTestContext } from '../../../../support/key-context'

function auditActions(dataDir: string): string[] {
  return readFileSync(join(dataDir, 'audit.log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { action: string }).action)
}

describe('key sets', () => {
  it('are created with defaults, listed, updated and deleted', async () => {
    const t = keyTestContext()
    const created = await t.call('sets:create', {
      name: 'prod',
      issuer: 'https://auth.example.com',
      maxTokenLifetime: '2h',
      jwksCacheTime: '10m',
    })
    expect(created.set).toMatchObject({
      name: 'prod',
      issuer: 'https://auth.example.com',
      defaultTokenLifetime: 900,
      maxTokenLifetime: 7200,
      jwksCacheTime: 600,
      clockSkew: 60,
      rotationPeriod: null,
      activeKid: null,
    })
    expect(created.set.rotation.status).toBe('no-active-key')
    await t.call('sets:create', { name: 'staging' })
    expect((await t.call('sets:list', undefined)).sets.map((s) => s.name)).toEqual(['prod', 'staging'])

    const updated = await t.call('sets:update', {
      set: 'prod',
      changes: { name: 'production', rotationPeriod: '90d', description: 'customer-facing API' },
    })
    expect(updated.set).toMatchObject({
      name: 'production',
      rotationPeriod: 90 * 86_400,
      description: 'customer-facing API',
      revision: 1,
    })
    expect((await t.call('sets:delete', { set: 'staging' })).deleted).toBe('staging')
    expect((await t.call('sets:list', undefined)).sets.map((s) => s.name)).toEqual(['production'])
    expect(auditActions(t.dataDir)).toEqual(['audit.genesis', 'set.create', 'set.create', 'set.update', 'set.delete'])
  })

  it('refuse bad names, duplicates (any case), and inconsistent policies', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod' })
    expect((await t.failure('sets:create', { name: 'PROD' })).code).toBe('ERR_SET_EXISTS')
    expect((await t.failure('sets:create', { name: '-x' })).code).toBe('ERR_INVALID_ARGUMENT')
    expect(
      (await t.failure('sets:create', { name: 'a', defaultTokenLifetime: '2h', maxTokenLifetime: '1h' })).code,
    ).toBe('ERR_SET_INVALID')
    expect(
      (await t.failure('sets:create', { name: 'b', rotationPeriod: '10m', jwksCacheTime: '15m' })).message,
    ).toMatch(/must be longer than the JWKS cache time/)
    expect((await t.failure('sets:create', { name: 'c', issuer: 'https://exa mple' })).code).toBe('ERR_SET_INVALID')
    expect((await t.failure('sets:create', { name: 'd', jwksCacheTime: 'soon' })).message).toMatch(
      /"soon" is not a valid duration/,
    )
    expect((await t.failure('sets:update', { set: 'nope', changes: {} })).code).toBe('ERR_SET_NOT_FOUND')
  })

  it('a lower maximum token lifetime pulls the default down instead of failing', async () => {
    const t = keyTestContext()
    expect((await t.call('sets:create', { name: 'short', maxTokenLifetime: '5m' })).set.defaultTokenLifetime).toBe(300)
  })

  it('cannot be deleted while they hold keys that are not destroyed', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod', jwksCacheTime: 0 })
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'ES256' })
    const refused = await t.failure('sets:delete', { set: 'prod' })
    expect(refused.code).toBe('ERR_SET_NOT_EMPTY')
    expect(refused.message).toContain(`${key.kid} (staged)`)
    await t.call('keys:unpublish', { kid: key.kid })
    await t.call('keys:destroy', { kid: key.kid })
    expect(await t.call('sets:delete', { set: 'prod' })).toEqual({ deleted: 'prod', tombstones: 1 })
    // The tombstone stays, so its kid is never handed out again.
    expect((await t.call('keys:list', undefined)).keys[0]).toMatchObject({
      kid: key.kid,
      state: 'destroyed',
      setName: '(deleted set)',
    })
  })

  it('raise the policy marks of published keys when the policy grows, and keep them when it shrinks', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod', maxTokenLifetime: '1h' })
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'ES256', activate: true })
    await t.call('sets:update', { set: 'prod', changes: { maxTokenLifetime: '1d' } })
    const lowered = await t.call('sets:update', { set: 'prod', changes: { maxTokenLifetime: '1h' } })
    expect(lowered.warnings.map((w) => w.code)).toContain('WARN_POLICY_LOWERED')
    const [listed] = (await t.call('keys:list', { set: 'prod' })).keys
    expect(listed).toMatchObject({ kid: key.kid, policy: { maxTokenLifetime: 86_400 } })
  })
})

describe('generating and importing keys', () => {
  it('stores the private JWK in the keychain under the key id and only public data in the store', async () => {
    const keychain = memoryKeychain()
    const t = keyTestContext({ keychain })
    await t.call('sets:create', { name: 'prod' })
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'ES256' })
    expect(key).toMatchObject({
      kid: key.thumbprint,
      setName: 'prod',
      state: 'staged',
      origin: 'generated',
      secret: 'present',
      crv: 'P-256',
    })
    expect(key.publicJwk).toMatchObject({ kty: 'EC', kid: key.kid, alg: 'ES256', use: 'sig' })
    const secret = JSON.parse(keychain.entries.get(key.id)!)
    expect(secret).toMatchObject({ kty: 'EC', kid: key.kid, alg: 'ES256', d: expect.any(String) })
    const storeText = readFileSync(join(t.dataDir, 'signet.json'), 'utf8')
    expect(findPrivateMaterial(storeText)).toBeNull()
    expect(storeText).toContain(key.kid)
  })

  it('uses a custom kid, unique across sets and tombstones', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'a' })
    await t.call('sets:create', { name: 'b' })
    expect((await t.call('keys:generate', { set: 'a', alg: 'HS256', kid: 'k1' })).key.kid).toBe('k1')
    const taken = await t.failure('keys:generate', { set: 'b', alg: 'ES256', kid: 'k1' })
    expect(taken).toMatchObject({ code: 'ERR_KEY_KID_TAKEN', message: expect.stringContaining('set "a"') })
    expect((await t.failure('keys:generate', { set: 'b', alg: 'ES256', kid: 'has space' })).code).toBe(
      'ERR_INVALID_ARGUMENT',
    )
  })

  it('activating a key retires the previous active one: never two active keys', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod' })
    const first = await t.call('keys:generate', { set: 'prod', alg: 'EdDSA', activate: true })
    expect(first.warnings).toEqual([])
    const second = await t.call('keys:generate', { set: 'prod', alg: 'EdDSA', activate: true })
    expect(second.warnings.map((w) => w.code)).toEqual(['WARN_JWKS_CACHE'])
    const keys = (await t.call('keys:list', { set: 'prod' })).keys
    expect(keys.map((k) => [k.kid, k.state])).toEqual([
      [first.key.kid, 'retired'],
      [second.key.kid, 'active'],
    ])
  })

  it("imports PEM and JWK keys, keeping a JWK's kid, refusing the same key twice", async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod' })
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' })
    const pem = ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString()
    const imported = await t.call('keys:import', { set: 'prod', source: pem })
    expect(imported.key).toMatchObject({ alg: 'ES384', origin: 'imported', crv: 'P-384' })
    const again = await t.failure('keys:import', {
      set: 'prod',
      source: JSON.stringify({ ...ec.privateKey.export({ format: 'jwk' }), kid: 'other' }),
    })
    expect(again).toMatchObject({ code: 'ERR_KEY_DUPLICATE', message: expect.stringContaining(imported.key.kid) })
    const ed = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })
    expect(
      (await t.call('keys:import', { set: 'prod', source: JSON.stringify({ ...ed, kid: 'signing-2030' }) })).key.kid,
    ).toBe('signing-2030')
  })

  it('refuses RSA under 2048 bits on import, with the reason', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod' })
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString()
    expect(await t.failure('keys:import', { set: 'prod', source: weak })).toMatchObject({
      code: 'ERR_KEY_TOO_WEAK',
      message: expect.stringContaining('1024 bits'),
    })
    expect((await t.call('keys:list', undefined)).keys).toEqual([])
  })

  it('refuses unknown sets and bad input at the contract', async () => {
    const t = keyTestContext()
    expect((await t.failure('keys:generate', { set: 'nope', alg: 'ES256' })).code).toBe('ERR_SET_NOT_FOUND')
    expect((await t.failure('keys:generate', { set: 'x', alg: 'none' as 'ES256' })).code).toBe('ERR_INVALID_ARGUMENT')
    expect((await t.failure('keys:generate', { set: 'x', alg: 'ES256', extra: 1 } as never)).code).toBe(
      'ERR_INVALID_ARGUMENT',
    )
  })
})

describe('lifecycle through the handler table', () => {
  it('runs staged → active → retired → unpublished → destroyed with timestamps for every step', async () => {
    const keychain = memoryKeychain()
    const t = keyTestContext({ keychain })
    await t.call('sets:create', { name: 'prod', maxTokenLifetime: '1h', jwksCacheTime: '15m', clockSkew: '1m' })
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'ES256' })
    t.clock.advance(900)
    await t.call('keys:activate', { kid: key.kid })
    t.clock.advance(3600)
    const retired = await t.call('keys:retire', { kid: key.kid })
    expect(retired.warnings.map((w) => w.code)).toEqual(['WARN_NO_ACTIVE_KEY'])
    t.clock.advance(3600 + 900 + 60 - 1)
    expect((await t.failure('keys:unpublish', { kid: key.kid })).code).toBe('ERR_LIFECYCLE_TOO_EARLY')
    t.clock.advance(1)
    await t.call('keys:unpublish', { kid: key.kid })
    const destroyed = await t.call('keys:destroy', { kid: key.kid })
    expect(destroyed.key).toMatchObject({ state: 'destroyed', secret: 'destroyed' })
    expect(destroyed.key.history.map((h) => h.state)).toEqual([
      'staged',
      'active',
      'retired',
      'unpublished',
      'destroyed',
    ])
    expect(new Set(destroyed.key.history.map((h) => h.at)).size).toBe(4)
    expect(keychain.entries.has(key.id)).toBe(false)
    expect(auditActions(t.dataDir).slice(2)).toEqual([
      'key.generate',
      'key.activate',
      'key.retire',
      'key.unpublish',
      'key.destroy',
    ])
    expect(t.events.map((e) => (e.payload as { action: string }).action)).toEqual([
      'set.create',
      'key.generate',
      'key.activate',
      'key.retire',
      'key.unpublish',
      'key.destroy',
    ])
  })

  it('forcing an early unpublish needs a reason, which the history and audit log keep', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod' })
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'ES256', activate: true })
    await t.call('keys:retire', { kid: key.kid })
    expect((await t.failure('keys:unpublish', { kid: key.kid, force: true })).code).toBe(
      'ERR_LIFECYCLE_REASON_REQUIRED',
    )
    const forced = await t.call('keys:unpublish', {
      kid: key.kid,
      force: true,
      reason: 'all sessions revoked at the gateway',
    })
    expect(forced.key.history.at(-1)).toMatchObject({
      state: 'unpublished',
      forced: true,
      reason: 'all sessions revoked at the gateway',
    })
    expect(forced.warnings.map((w) => w.code)).toEqual(['WARN_FORCED_EARLY'])
    expect(readFileSync(join(t.dataDir, 'audit.log.jsonl'), 'utf8')).toContain('all sessions revoked at the gateway')
  })

  it('refuses moves the lifecycle does not allow, and unknown kids', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod' })
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'ES256' })
    expect(await t.failure('keys:retire', { kid: key.kid })).toMatchObject({
      code: 'ERR_LIFECYCLE_TRANSITION',
      message: expect.stringContaining('From staged it can: activate, unpublish, compromise'),
    })
    expect((await t.failure('keys:destroy', { kid: key.kid })).code).toBe('ERR_LIFECYCLE_TRANSITION')
    expect((await t.failure('keys:activate', { kid: 'nope' })).code).toBe('ERR_KEY_NOT_FOUND')
  })

  it('compromise removes the key from the JWKS at once', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod' })
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'ES256', activate: true })
    expect((await t.call('jwks:export', { set: 'prod' })).keys.map((k) => k.kid)).toEqual([key.kid])
    await t.call('keys:compromise', { kid: key.kid, reason: 'found in a public repository' })
    expect((await t.call('jwks:export', { set: 'prod' })).keys).toEqual([])
  })
})

describe('rotation', () => {
  it('stages a key of the same spec and activates it after the JWKS cache time, retiring the old one then', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod', jwksCacheTime: '15m' })
    const { key: old } = await t.call('keys:generate', { set: 'prod', alg: 'PS256', bits: 2048, activate: true })
    const rotated = await t.call('keys:rotate', { set: 'prod' })
    expect(rotated.key).toMatchObject({
      alg: 'PS256',
      bits: 2048,
      state: 'staged',
      origin: 'rotated',
      rotatedFrom: old.kid,
    })
    expect(rotated.activateAt).toBe(new Date(t.clock.now().getTime() + 900_000).toISOString())
    expect(rotated.warnings.map((w) => w.code)).toEqual(['INFO_ACTIVATION_SCHEDULED'])
    expect((await t.call('sets:list', undefined)).sets[0]!.rotation).toMatchObject({
      status: 'pending',
      pending: { kid: rotated.key.kid },
    })
    expect((await t.failure('keys:rotate', { set: 'prod' })).code).toBe('ERR_LIFECYCLE_ROTATION_PENDING')

    t.clock.advance(899)
    expect((await t.call('keys:list', { set: 'prod' })).keys.map((k) => k.state)).toEqual(['active', 'staged'])
    t.clock.advance(1)
    const after = (await t.call('keys:list', { set: 'prod' })).keys
    expect(after.map((k) => k.state)).toEqual(['retired', 'active'])
    expect(after[0]!.history.at(-1)!.at).toBe(rotated.activateAt)
    expect(after[1]!.history.at(-1)!.at).toBe(rotated.activateAt)
    expect(auditActions(t.dataDir)).toContain('key.rotate')
  })

  it('--now activates at once, with a warning about caches', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod' })
    const { key: old } = await t.call('keys:generate', { set: 'prod', alg: 'ES384', activate: true })
    const rotated = await t.call('keys:rotate', { set: 'prod', immediately: true })
    expect(rotated.activateAt).toBeNull()
    expect(rotated.key.state).toBe('active')
    expect(rotated.previous).toMatchObject({ kid: old.kid, state: 'retired' })
    expect(rotated.warnings.map((w) => w.code)).toEqual(['WARN_JWKS_CACHE'])
  })

  it('needs an active key to take the spec from', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod' })
    expect((await t.failure('keys:rotate', { set: 'prod' })).code).toBe('ERR_SET_NO_ACTIVE_KEY')
  })

  it('shows due and overdue rotations', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod', rotationPeriod: '30d', jwksCacheTime: '1d' })
    await t.call('keys:generate', { set: 'prod', alg: 'ES256', activate: true })
    const status = async () => (await t.call('sets:list', undefined)).sets[0]!.rotation.status
    expect(await status()).toBe('ok')
    t.clock.advance(29 * 86_400)
    expect(await status()).toBe('due')
    t.clock.advance(86_400)
    expect(await status()).toBe('overdue')
  })
})

describe('public export and JWKS', () => {
  it('exports JWK, SPKI PEM and thumbprint; the JWKS verifies tokens the set signs', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod', issuer: 'https://auth.example.com' })
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'RS256', activate: true })
    const exported = await t.call('keys:export-public', { kid: key.kid })
    expect(exported.pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    expect(exported).toMatchObject({
      kid: key.kid,
      thumbprint: key.thumbprint,
      thumbprintUri: `urn:ietf:params:oauth:jwk-thumbprint:sha-256:${key.thumbprint}`,
    })
    expect(Object.keys(exported.jwk)).toEqual(['kty', 'use', 'alg', 'kid', 'n', 'e'])

    const { token } = await t.call('sign:token', { set: 'prod', claims: { sub: 'alice' } })
    const jwks = await t.call('jwks:export', { set: 'prod' })
    const { payload } = await jwtVerify(token, createLocalJWKSet(JSON.parse(jwks.jwks)), {
      issuer: 'https://auth.example.com',
      currentDate: t.clock.now(),
    })
    expect(payload.sub).toBe('alice')
  })

  it('leaves HS keys out of the JWKS and refuses to export them', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod' })
    const { key } = await t.call('keys:generate', { set: 'prod', alg: 'HS512' })
    expect(await t.call('jwks:export', { set: 'prod' })).toMatchObject({ keys: [], omittedSymmetric: [key.kid] })
    expect((await t.failure('keys:export-public', { kid: key.kid })).code).toBe('ERR_KEY_SYMMETRIC')
  })

  it('gives byte-identical exports for the same keys, and a different hash when they change', async () => {
    const t = keyTestContext()
    await t.call('sets:create', { name: 'prod' })
    for (const alg of ['ES256', 'EdDSA', 'ES512'] as const) await t.call('keys:generate', { set: 'prod', alg })
    const first = await t.call('jwks:export', { set: 'prod' })
    const second = await t.call('jwks:export', { set: 'prod' })
    expect(second.jwks).toBe(first.jwks)
    expect(second.sha256).toBe(first.sha256)
    expect(first.keys.map((k) => k.kid)).toEqual([...first.keys.map((k) => k.kid)].sort())
    await t.call('keys:compromise', { kid: first.keys[0]!.kid })
    expect((await t.call('jwks:export', { set: 'prod' })).sha256).not.toBe(first.sha256)
  })
})
