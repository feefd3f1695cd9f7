import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalJWKSet, errors, jwtVerify, type JSONWebKeySet } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKeychain } from '#electron/adapters/keychain'
import type { KeyInfo } from '#shared/managed-keys/types'
import { keyTestContext, testClock } from '../support/key-context'
import { runCli } from '../support/run-cli'

// Runs inside scripts/with-private-keyring.sh: a real gnome-keyring in a private D-Bus session, real
// store files, the real CLI as a child process.
beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

const run = `${process.pid}-${Date.now()}`
const issuer = 'https://auth.example.com'

async function verifyWith(jwksText: string, token: string, currentDate?: Date) {
  return jwtVerify(token, createLocalJWKSet(JSON.parse(jwksText) as JSONWebKeySet), {
    issuer,
    ...(currentDate ? { currentDate } : {}),
  })
}

describe('the whole key lifecycle through the CLI', () => {
  const service = `Signet-it-lifecycle-cli-${run}`
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-lifecycle-cli-'))
  const env = { SIGNET_KEYCHAIN_SERVICE: service }
  const signet = (args: string[], input?: string) =>
    runCli(['--data-dir', dataDir, ...args], { env, ...(input !== undefined ? { input } : {}) })
  const listKeys = async () =>
    (JSON.parse((await signet(['keys', 'list', '--set', 'prod', '--json'])).stdout) as { keys: KeyInfo[] }).keys

  it('generate → sign → verify with the exported JWKS → rotate → old tokens still verify → unpublish refused → compromise removes it at once', async () => {
    const created = await signet([
      'sets',
      'create',
      'prod',
      '--issuer',
      issuer,
      '--max-token-lifetime',
      '1h',
      '--jwks-cache',
      '15m',
    ])
    expect(created.code, created.stderr).toBe(0)
    const listed = JSON.parse((await signet(['sets', 'list', '--json'])).stdout).sets
    expect(listed).toEqual([
      expect.objectContaining({ name: 'prod', issuer, maxTokenLifetime: 3600, jwksCacheTime: 900 }),
    ])

    const generated = await signet(['keys', 'generate', '--set', 'prod', '--alg', 'ES256', '--activate'])
    expect(generated.code, generated.stderr).toBe(0)
    const oldKid = generated.stdout.trim()
    expect(oldKid).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const [oldKey] = await listKeys()
    expect(oldKey).toMatchObject({ kid: oldKid, state: 'active', alg: 'ES256' })
    // The private half is in the real keychain, under the key's internal id.
    expect(JSON.parse((await createKeychain(service).get(oldKey!.id))!)).toMatchObject({
      kid: oldKid,
      d: expect.any(String),
    })

    const signed = await signet(
      ['sign', '--set', 'prod', '--claims', '-', '--exp', '10m'],
      JSON.stringify({ sub: 'alice', scope: 'read' }),
    )
    expect(signed.code, signed.stderr).toBe(0)
    const oldToken = signed.stdout.trim()
    const jwksFile = join(dataDir, 'jwks-1.json')
    expect((await signet(['jwks', 'export', '--set', 'prod', '--out', jwksFile])).code).toBe(0)
    const firstJwks = readFileSync(jwksFile, 'utf8')
    const verified = await verifyWith(firstJwks, oldToken)
    expect(verified.payload).toMatchObject({ iss: issuer, sub: 'alice', scope: 'read' })
    expect(verified.protectedHeader).toMatchObject({ alg: 'ES256', kid: oldKid, typ: 'JWT' })

    const rotated = await signet(['keys', 'rotate', '--set', 'prod', '--now'])
    expect(rotated.code, rotated.stderr).toBe(0)
    expect(rotated.stderr).toMatch(/warning: .*cached the JWKS/)
    const newKid = rotated.stdout.trim()
    expect(newKid).not.toBe(oldKid)
    expect((await listKeys()).map((k) => [k.kid, k.state])).toEqual([
      [oldKid, 'retired'],
      [newKid, 'active'],
    ])

    const newToken = (await signet(['sign', '--set', 'prod', '--claims', '-'], '{"sub":"bob"}')).stdout.trim()
    const secondJwks = (await signet(['jwks', 'export', '--set', 'prod'])).stdout
    expect(
      JSON.parse(secondJwks)
        .keys.map((k: { kid: string }) => k.kid)
        .sort(),
    ).toEqual([oldKid, newKid].sort())
    expect((await verifyWith(secondJwks, newToken)).protectedHeader.kid).toBe(newKid)
    // The old token still verifies: its key is retired but published.
    expect((await verifyWith(secondJwks, oldToken)).payload.sub).toBe('alice')

    const refused = await signet(['keys', 'unpublish', `--kid=${oldKid}`])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/^signet: ERR_LIFECYCLE_TOO_EARLY: Tokens key ".+" signed can still be valid until /)
    expect((await listKeys())[0]!.state).toBe('retired')
    const noReason = await signet(['keys', 'unpublish', `--kid=${oldKid}`, '--force'])
    expect(noReason.code).toBe(1)
    expect(noReason.stderr).toContain('ERR_LIFECYCLE_REASON_REQUIRED')

    const compromised = await signet([
      'keys',
      'compromise',
      `--kid=${oldKid}`,
      '--reason',
      'private key found in a CI log',
    ])
    expect(compromised.code, compromised.stderr).toBe(0)
    const thirdJwks = (await signet(['jwks', 'export', '--set', 'prod'])).stdout
    expect(JSON.parse(thirdJwks).keys.map((k: { kid: string }) => k.kid)).toEqual([newKid])
    await expect(verifyWith(thirdJwks, oldToken)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey)
    expect((await verifyWith(thirdJwks, newToken)).payload.sub).toBe('bob')

    const destroyed = await signet(['keys', 'destroy', `--kid=${oldKid}`])
    expect(destroyed.code, destroyed.stderr).toBe(0)
    expect(await createKeychain(service).get(oldKey!.id)).toBeNull()
    const final = await listKeys()
    expect(final[0]!.history.map((h) => h.state)).toEqual(['staged', 'active', 'retired', 'compromised', 'destroyed'])
    expect(final[0]!.history[3]).toMatchObject({ reason: 'private key found in a CI log' })

    const human = await signet(['keys', 'list'])
    expect(human.stdout).toMatch(new RegExp(`${newKid}\\s+prod\\s+ES256\\s+active`))
    const audit = readFileSync(join(dataDir, 'audit.log.jsonl'), 'utf8')
    for (const action of [
      'set.create',
      'key.generate',
      'token.sign',
      'jwks.export',
      'key.rotate',
      'key.compromise',
      'key.destroy',
    ])
      expect(audit).toContain(`"action":"${action}"`)
  }, 120_000)

  it('imports an encrypted PKCS#8 key with a passphrase file, and reports unusable input with exit 2', async () => {
    const { generateKeyPairSync } = await import('node:crypto')
    const { writeFileSync } = await import('node:fs')
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const keyFile = join(dataDir, 'imported.pem')
    writeFileSync(
      keyFile,
      pair.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hunter2 hunter2' }),
    )
    const passFile = join(dataDir, 'pass.txt')
    writeFileSync(passFile, 'hunter2 hunter2\n')
    expect(await signet(['keys', 'import', keyFile, '--set', 'prod'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ERR_KEY_PASSPHRASE_REQUIRED'),
    })
    const imported = await signet([
      'keys',
      'import',
      keyFile,
      '--set',
      'prod',
      '--passphrase-file',
      passFile,
      '--alg',
      'PS256',
    ])
    expect(imported.code, imported.stderr).toBe(0)
    expect((await listKeys()).find((k) => k.kid === imported.stdout.trim())).toMatchObject({
      alg: 'PS256',
      bits: 2048,
      origin: 'imported',
      state: 'staged',
    })
    const weak = join(dataDir, 'weak.pem')
    writeFileSync(
      weak,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }),
    )
    const refused = await signet(['keys', 'import', weak, '--set', 'prod'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/ERR_KEY_TOO_WEAK: This RSA key has 1024 bits; Signet requires at least 2048/)
    expect((await signet(['keys', 'generate', '--set', 'nope', '--alg', 'ES256'])).code).toBe(2)
    expect((await signet(['keys', 'generate', '--set', 'prod', '--alg', 'XS256'])).code).toBe(2)
  }, 60_000)
})

describe('the whole key lifecycle through the handler table', () => {
  it('with a real keychain and a scheduled rotation', async () => {
    const clock = testClock(new Date())
    const keychain = createKeychain(`Signet-it-lifecycle-handlers-${run}`)
    const t = keyTestContext({ keychain, clock })
    await t.call('sets:create', { name: 'prod', issuer, maxTokenLifetime: '1h', jwksCacheTime: '15m', clockSkew: '1m' })
    const { key: old } = await t.call('keys:generate', { set: 'prod', alg: 'RS256', bits: 2048, activate: true })
    const oldToken = (await t.call('sign:token', { set: 'prod', claims: { sub: 'alice' }, expiresIn: '1h' })).token
    const firstJwks = (await t.call('jwks:export', { set: 'prod' })).jwks
    expect((await verifyWith(firstJwks, oldToken, clock.now())).payload.sub).toBe('alice')

    const rotated = await t.call('keys:rotate', { set: 'prod' })
    expect(rotated.key).toMatchObject({ state: 'staged', alg: 'RS256', bits: 2048 })
    // Published at once, signing only after the JWKS cache time.
    expect((await t.call('jwks:export', { set: 'prod' })).keys.map((k) => k.kid).sort()).toEqual(
      [old.kid, rotated.key.kid].sort(),
    )
    expect((await t.call('sign:token', { set: 'prod', claims: {} })).kid).toBe(old.kid)
    clock.advance(15 * 60)
    const afterSwitch = await t.call('sign:token', { set: 'prod', claims: { sub: 'bob' } })
    expect(afterSwitch.kid).toBe(rotated.key.kid)
    const keys = (await t.call('keys:list', { set: 'prod' })).keys
    expect(keys.map((k) => k.state)).toEqual(['retired', 'active'])

    const jwks = (await t.call('jwks:export', { set: 'prod' })).jwks
    expect((await verifyWith(jwks, oldToken, clock.now())).payload.sub).toBe('alice')
    expect(await t.call('keys:verify-token', { token: oldToken })).toMatchObject({ valid: true, keyState: 'retired' })
    expect((await t.failure('keys:unpublish', { kid: old.kid })).code).toBe('ERR_LIFECYCLE_TOO_EARLY')

    await t.call('keys:compromise', { kid: old.kid, reason: 'laptop stolen' })
    expect((await t.call('jwks:export', { set: 'prod' })).keys.map((k) => k.kid)).toEqual([rotated.key.kid])
    expect(await t.call('keys:verify-token', { token: oldToken })).toMatchObject({
      valid: false,
      signatureValid: true,
      problems: [{ code: 'KEY_COMPROMISED' }],
    })

    // Once the safe date has passed, unpublishing a retired key is allowed without force.
    const { key: third } = await t.call('keys:rotate', { set: 'prod', immediately: true })
    clock.advance(3600 + 900 + 60)
    expect((await t.call('keys:unpublish', { kid: rotated.key.kid })).key.state).toBe('unpublished')
    expect((await t.call('keys:list', { set: 'prod' })).keys.map((k) => [k.kid, k.state])).toEqual([
      [old.kid, 'compromised'],
      [rotated.key.kid, 'unpublished'],
      [third.kid, 'active'],
    ])
  }, 120_000)

  it('HS keys sign and verify in main with the secret read from the real keychain', async () => {
    const keychain = createKeychain(`Signet-it-lifecycle-hs-${run}`)
    const t = keyTestContext({ keychain, clock: testClock(new Date()) })
    await t.call('sets:create', { name: 'internal' })
    const { key } = await t.call('keys:generate', { set: 'internal', alg: 'HS384', activate: true })
    expect(JSON.parse((await keychain.get(key.id))!)).toMatchObject({ kty: 'oct', k: expect.any(String) })
    const { token } = await t.call('sign:token', { set: 'internal', claims: { sub: 'svc' } })
    expect(await t.call('keys:verify-token', { token })).toMatchObject({ valid: true, alg: 'HS384', kid: key.kid })
    expect(await t.call('keys:reconcile', undefined)).toMatchObject({ accountedFor: 1, orphans: [], missing: [] })
  }, 60_000)
})
