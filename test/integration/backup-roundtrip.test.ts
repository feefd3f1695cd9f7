import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importJWK, jwtVerify, SignJWT, type JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKeychain } from '#electron/adapters/keychain'
import { confBackend } from '#electron/adapters/store-conf'
import { createBackup } from '#electron/services/backup/create-backup'
import { inspectBackup } from '#electron/services/backup/inspect-backup'
import { restoreBackup } from '#electron/services/backup/restore-backup'
import { createContext, type ServiceContext } from '#electron/services/context'
import { argvConfirms } from '#electron/services/confirm'
import { argvPicker, chooseBackupFile } from '#electron/services/file-picker'
import type { FilePurpose } from '#electron/services/files/file-handles'
import { createHandlers } from '#electron/services/handlers'
import { withdrawSecret } from '#electron/services/managed-keys/custody'
import { exportJwks } from '#electron/services/managed-keys/export-jwks'
import { generateKey } from '#electron/services/managed-keys/generate-key'
import { createSet } from '#electron/services/managed-keys/key-sets'
import { signToken } from '#electron/services/managed-keys/sign-token'
import { transitionKey } from '#electron/services/managed-keys/transition-key'
import type { KeyRecord } from '#shared/managed-keys/types'
import { runCli } from '../support/run-cli'

// Runs inside scripts/with-private-keyring.sh: real keychain (one service per "machine"), real
// store files, real PBES2 at 600,000 iterations, the real CLI as a child process.
const passphrase = 'velvet orbit mango tundra quill'
const run = `${process.pid}-${Date.now()}`
let source: ServiceContext
let backupPath: string

function context(name: string): ServiceContext {
  return createContext({
    dataDir: mkdtempSync(join(tmpdir(), `signet-${name}-`)),
    version: '0.1.0-test',
    storeBackend: confBackend,
    keychain: createKeychain(`Signet-it-backup-${name}-${run}`),
    confirm: argvConfirms,
  })
}

/** What the CLI does with its argument: a handle for a path main was given (not one from the page). */
async function fileFor(ctx: ServiceContext, purpose: FilePurpose, path: string): Promise<string> {
  return (await chooseBackupFile({ files: argvPicker(path), fileHandles: ctx.fileHandles }, purpose)).handle!
}

const byKid = (ctx: ServiceContext) => new Map(ctx.store.read().keys.map((k) => [k.kid, k]))

/** Signs with the private half as the keychain holds it, and verifies with the original key. */
async function signsLikeTheOriginal(restored: ServiceContext, key: KeyRecord, original: KeyRecord): Promise<void> {
  const secret = await withdrawSecret(restored.keychain, key)
  const members = Object.fromEntries(
    Object.entries(secret).filter(([name]) => !['kid', 'alg', 'use', 'x-signet-set'].includes(name)),
  ) as JWK
  const token = await new SignJWT({ sub: 'round-trip' })
    .setProtectedHeader({ alg: key.alg, kid: key.kid })
    .sign(await importJWK(members, key.alg))
  const verifyWith =
    original.publicJwk !== null
      ? await importJWK(original.publicJwk as JWK, original.alg)
      : await importJWK(await withdrawSecret(source.keychain, original), original.alg)
  const { payload } = await jwtVerify(token, verifyWith, { algorithms: [original.alg] })
  expect(payload.sub).toBe('round-trip')
}

beforeAll(async () => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
  source = context('source')
  await createSet(source, { name: 'prod', issuer: 'https://issuer.example' })
  await createSet(source, { name: 'staging' })
  const old = await generateKey(source, { set: 'prod', alg: 'ES256', activate: true, kid: 'prod-2025' })
  for (const alg of ['RS256', 'PS384', 'ES384', 'ES512', 'EdDSA', 'HS256'] as const) {
    await generateKey(source, { set: alg === 'HS256' ? 'staging' : 'prod', alg, kid: `k-${alg.toLowerCase()}` })
  }
  await transitionKey(source, 'activate', { kid: 'k-eddsa' }) // retires prod-2025
  await generateKey(source, { set: 'staging', alg: 'ES256', kid: 'doomed' })
  await transitionKey(source, 'unpublish', { kid: 'doomed' })
  await transitionKey(source, 'destroy', { kid: 'doomed' })
  expect(byKid(source).get(old.key.kid)?.state).toBe('retired')
  backupPath = join(mkdtempSync(join(tmpdir(), 'signet-backups-')), 'all.signet-backup')
}, 60_000)

describe('backup and restore round trip', () => {
  it('writes one encrypted file and records it in the audit log', async () => {
    const result = await createBackup(source, { file: await fileFor(source, 'save-backup', backupPath), passphrase })
    expect(result.summary).toMatchObject({ sets: 2, keys: 8, secrets: 7 })
    expect(result.p2c).toBe(600_000)
    expect(result.warnings).toEqual([])
    const text = readFileSync(backupPath, 'utf8')
    expect(text).not.toContain(passphrase)
    expect(text).not.toContain('prod-2025') // metadata is encrypted too
    const inspection = await inspectBackup(source, { file: await fileFor(source, 'open-backup', backupPath) })
    expect(inspection).toMatchObject({
      alg: 'PBES2-HS512+A256KW',
      enc: 'A256GCM',
      p2c: 600_000,
      sha256: result.sha256,
      summary: { keys: 8 },
    })
    const entry = (await source.audit.list({ actions: ['backup.create'] })).entries[0]
    expect(entry?.details).toMatchObject({
      file: backupPath,
      sha256: result.sha256,
      keys: 8,
      keyMaterial: 7,
      p2c: 600_000,
    })
  })

  it('restores into a new data directory and keychain: byte-identical public JWKs, working private keys', async () => {
    const target = context('target')
    const result = await restoreBackup(target, { file: await fileFor(target, 'open-backup', backupPath), passphrase })
    expect(result.counts).toEqual({ restored: 8, overwritten: 0, keptBoth: 0, skipped: 0 })
    expect(result.sets).toEqual([
      { name: 'prod', outcome: 'created' },
      { name: 'staging', outcome: 'created' },
    ])

    const before = byKid(source)
    const after = byKid(target)
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort())
    for (const [kid, original] of before) {
      const restored = after.get(kid)!
      expect(JSON.stringify(restored.publicJwk), kid).toBe(JSON.stringify(original.publicJwk))
      expect(restored, kid).toEqual(original)
      if (original.secret === 'present') await signsLikeTheOriginal(target, restored, original)
    }
    expect(JSON.stringify(target.store.read().keySets)).toBe(JSON.stringify(source.store.read().keySets))
    for (const set of ['prod', 'staging']) {
      expect((await exportJwks(target, { set })).jwks).toBe((await exportJwks(source, { set })).jwks)
    }
    // the signing service itself works with the restored active key
    const signed = await signToken(target, { set: 'prod', claims: { sub: 'alice' } })
    const prodActive = [...before.values()].find((k) => k.kid === 'k-eddsa')!
    await jwtVerify(signed.token, await importJWK(prodActive.publicJwk as JWK, 'EdDSA'), {
      issuer: 'https://issuer.example',
    })
    // exactly the restored secrets are in the new keychain, under the recorded accounts
    const withSecrets = target.store
      .read()
      .keys.filter((k) => k.secret === 'present')
      .map((k) => k.id)
    expect((await target.keychain.list()).sort()).toEqual(withSecrets.sort())

    const log = await target.audit.list({ order: 'oldest' })
    expect(log.chain.intact).toBe(true)
    expect(log.entries.filter((e) => e.action === 'key.restore')).toHaveLength(8)
    expect(log.entries.find((e) => e.action === 'backup.restore')).toMatchObject({
      details: { restored: 8, skipped: 0, setsCreated: 2 },
    })
    const logText = readFileSync(target.audit.path, 'utf8') + readFileSync(source.audit.path, 'utf8')
    expect(logText).not.toContain(passphrase)
    for (const key of before.values()) {
      if (key.secret !== 'present') continue
      const secret = await withdrawSecret(source.keychain, key)
      expect(logText).not.toContain(String(secret.d ?? secret.k))
    }
  }, 60_000)

  it('store lost, keychain kept: reuses an account holding the same key, never writes over another', async () => {
    const keychain = createKeychain(`Signet-it-backup-kept-${run}`)
    const target = createContext({
      dataDir: mkdtempSync(join(tmpdir(), 'signet-kept-')),
      version: '0.1.0-test',
      storeBackend: confBackend,
      keychain,
    })
    const original = byKid(source)
    const es384 = original.get('k-es384')!
    const rs256 = original.get('k-rs256')!
    // the keychain survived with one key's entry intact, and something unrelated under another's account
    await keychain.set(es384.id, await source.keychain.get(es384.id).then((s) => s!))
    await keychain.set(rs256.id, 'unrelated entry that must survive')

    const result = await restoreBackup(target, { file: await fileFor(target, 'open-backup', backupPath), passphrase })
    expect(result.counts.restored).toBe(8)
    const after = byKid(target)
    expect(after.get('k-es384')!.id).toBe(es384.id)
    expect(after.get('k-rs256')!.id).not.toBe(rs256.id)
    expect(await keychain.get(rs256.id)).toBe('unrelated entry that must survive')
    await signsLikeTheOriginal(target, after.get('k-rs256')!, rs256)
    await signsLikeTheOriginal(target, after.get('k-es384')!, es384)
  }, 60_000)

  it('restoring onto itself: skip by default, overwrite swaps keychain entries, keep-both refuses twins', async () => {
    const target = context('again')
    await restoreBackup(target, { file: await fileFor(target, 'open-backup', backupPath), passphrase })
    const first = byKid(target)

    const skipped = await restoreBackup(target, { file: await fileFor(target, 'open-backup', backupPath), passphrase })
    expect(skipped.counts).toEqual({ restored: 0, overwritten: 0, keptBoth: 0, skipped: 8 })
    expect(skipped.keys.every((k) => k.conflict?.kind === 'same-key')).toBe(true)

    const twins = await restoreBackup(target, {
      file: await fileFor(target, 'open-backup', backupPath),
      passphrase,
      onConflict: 'keep-both',
    })
    expect(twins.counts.skipped).toBe(8)

    const overwritten = await restoreBackup(target, {
      file: await fileFor(target, 'open-backup', backupPath),
      passphrase,
      onConflict: 'overwrite',
      choices: { 'k-hs256': 'skip' },
    })
    expect(overwritten.counts).toEqual({ restored: 0, overwritten: 7, keptBoth: 0, skipped: 1 })
    const second = byKid(target)
    for (const [kid, key] of second) {
      expect(JSON.stringify(key.publicJwk)).toBe(JSON.stringify(first.get(kid)!.publicJwk))
      if (kid !== 'k-hs256') expect(key.id, kid).not.toBe(first.get(kid)!.id)
      if (key.secret === 'present') await signsLikeTheOriginal(target, key, byKid(source).get(kid)!)
    }
    const accounts = target.store
      .read()
      .keys.filter((k) => k.secret === 'present')
      .map((k) => k.id)
    expect((await target.keychain.list()).sort()).toEqual(accounts.sort()) // the replaced entries are gone
    expect((await target.audit.verify()).intact).toBe(true)
  }, 60_000)

  it('keep-both brings a different key with a taken kid in under a new kid, retired beside the active key', async () => {
    const target = context('clash')
    await createSet(target, { name: 'prod', issuer: 'https://issuer.example' })
    await generateKey(target, { set: 'prod', alg: 'ES256', kid: 'k-eddsa', activate: true }) // same kid, other key
    const dry = await restoreBackup(target, {
      file: await fileFor(target, 'open-backup', backupPath),
      passphrase,
      dryRun: true,
    })
    expect(dry.dryRun).toBe(true)
    expect(dry.keys.find((k) => k.kid === 'k-eddsa')?.conflict).toMatchObject({
      kind: 'kid-taken',
      kid: 'k-eddsa',
      state: 'active',
    })
    expect(target.store.read().keys).toHaveLength(1) // a dry run changes nothing

    const result = await restoreBackup(target, {
      file: await fileFor(target, 'open-backup', backupPath),
      passphrase,
      choices: { 'k-eddsa': 'keep-both' },
    })
    const kept = result.keys.find((k) => k.kid === 'k-eddsa')!
    expect(kept).toMatchObject({ outcome: 'kept-both', restoredKid: 'k-eddsa-restored', state: 'retired' })
    const record = byKid(target).get('k-eddsa-restored')!
    expect(record.publicJwk).toEqual({ ...byKid(source).get('k-eddsa')!.publicJwk, kid: 'k-eddsa-restored' })
    await signsLikeTheOriginal(target, record, byKid(source).get('k-eddsa')!)
    expect(byKid(target).get('k-eddsa')!.state).toBe('active')
    expect(result.warnings.map((w) => w.code)).toContain('WARN_RESTORE_RETIRED')
  }, 60_000)

  it('refuses a wrong passphrase and a tampered file, changing nothing', async () => {
    const target = context('refused')
    await expect(
      restoreBackup(target, {
        file: await fileFor(target, 'open-backup', backupPath),
        passphrase: 'velvet orbit mango tundra quilt',
      }),
    ).rejects.toMatchObject({ code: 'ERR_BACKUP_PASSPHRASE' })
    const parts = readFileSync(backupPath, 'utf8').trim().split('.')
    const ciphertext = Buffer.from(parts[3]!, 'base64url')
    ciphertext[100]! ^= 0x80
    parts[3] = ciphertext.toString('base64url')
    const tampered = backupPath.replace('all.', 'tampered.')
    writeFileSync(tampered, parts.join('.'))
    await expect(
      restoreBackup(target, { file: await fileFor(target, 'open-backup', tampered), passphrase }),
    ).rejects.toMatchObject({ code: 'ERR_BACKUP_CORRUPT' })
    expect(target.store.read().keys).toEqual([])
    expect(await target.keychain.list()).toEqual([])
  }, 30_000)

  it('refuses a weak passphrase and an empty store without writing a file', async () => {
    const weak = backupPath.replace('all.', 'weak.')
    await expect(
      createBackup(source, { file: await fileFor(source, 'save-backup', weak), passphrase: 'password123' }),
    ).rejects.toMatchObject({ code: 'ERR_BACKUP_WEAK_PASSPHRASE' })
    expect(existsSync(weak)).toBe(false)
    const empty = context('empty')
    await expect(
      createBackup(empty, { file: await fileFor(empty, 'save-backup', weak), passphrase }),
    ).rejects.toMatchObject({ code: 'ERR_BACKUP_EMPTY' })
    await expect(
      createBackup(source, { file: await fileFor(source, 'save-backup', backupPath), passphrase }),
    ).rejects.toMatchObject({ code: 'ERR_BACKUP_UNWRITABLE' })
  })

  it('the IPC handlers take only a handle main issued, never a path, and never return a secret', async () => {
    const handlers = createHandlers(source)
    const { dispatch } = await import('#electron/services/dispatch')
    expect(await dispatch(handlers, 'backup:inspect', { path: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'ERR_INVALID_ARGUMENT' },
    })
    expect(await dispatch(handlers, 'backup:inspect', { file: backupPath })).toMatchObject({
      ok: false,
      error: { code: 'ERR_INVALID_ARGUMENT' },
    })
    const ipc = context('ipc')
    const restored = await dispatch(createHandlers(ipc), 'backup:restore', {
      file: await fileFor(ipc, 'open-backup', backupPath),
      passphrase,
    })
    expect(restored.ok).toBe(true)
    const text = JSON.stringify(restored)
    expect(text).not.toContain(passphrase)
    for (const key of byKid(source).values()) {
      if (key.secret !== 'present') continue
      const secret = await withdrawSecret(source.keychain, key)
      expect(text).not.toContain(String(secret.d ?? secret.k))
    }
    const ipc2 = context('ipc2')
    const wrong = await dispatch(createHandlers(ipc2), 'backup:restore', {
      file: await fileFor(ipc2, 'open-backup', backupPath),
      passphrase: 'not the passphrase at all',
    })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'ERR_BACKUP_PASSPHRASE' } })
    expect(JSON.stringify(wrong)).not.toContain('not the passphrase at all')
  }, 30_000)
})

describe('signet backup (CLI)', () => {
  it('creates, inspects and restores through the command line with --passphrase-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signet-cli-backup-'))
    const passFile = join(dir, 'pass.txt')
    writeFileSync(passFile, `${passphrase}\n`)
    chmodSync(passFile, 0o600)
    const out = join(dir, 'cli.signet-backup')
    const sourceEnv = { SIGNET_KEYCHAIN_SERVICE: source.keychain.service }

    const created = await runCli(
      ['--data-dir', source.dataDir, 'backup', 'create', '--out', out, '--passphrase-file', passFile],
      { env: sourceEnv },
    )
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    expect(created.stdout).toContain('Backup written')
    expect(created.stdout).toMatch(/2 sets, 8 keys \(7 with private halves\)/)

    const inspected = await runCli(['backup', 'inspect', out, '--json'])
    expect(inspected.code).toBe(0)
    expect(JSON.parse(inspected.stdout)).toMatchObject({ p2c: 600_000, summary: { keys: 8 } })

    const targetDir = mkdtempSync(join(tmpdir(), 'signet-cli-target-'))
    const targetEnv = { SIGNET_KEYCHAIN_SERVICE: `Signet-it-backup-cli-${run}` }
    const restored = await runCli(
      ['--data-dir', targetDir, 'backup', 'restore', out, '--passphrase-file', passFile, '--json'],
      { env: targetEnv, timeoutMs: 30_000 },
    )
    expect(restored.code).toBe(0)
    expect(JSON.parse(restored.stdout).counts).toEqual({ restored: 8, overwritten: 0, keptBoth: 0, skipped: 0 })

    const again = await runCli(
      [
        '--data-dir',
        targetDir,
        'backup',
        'restore',
        out,
        '--passphrase-file',
        passFile,
        '--on-conflict',
        'keep-both',
        '--dry-run',
      ],
      { env: targetEnv, timeoutMs: 30_000 },
    )
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Dry run')
    expect(again.stdout).toMatch(/k-eddsa\s+prod\s+skipped/)

    const verify = await runCli(['--data-dir', targetDir, 'audit', 'verify'], { env: targetEnv })
    expect(verify.code).toBe(0)
    for (const output of [created, inspected, restored, again, verify])
      expect(output.stdout + output.stderr).not.toContain(passphrase)
  }, 60_000)

  it('fails with exit 2 and one line for a wrong passphrase, bad usage, a missing passphrase file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signet-cli-backup-bad-'))
    const wrong = join(dir, 'wrong.txt')
    writeFileSync(wrong, 'a different passphrase entirely\n', { mode: 0o600 })
    const bad = await runCli(['--data-dir', dir, 'backup', 'restore', backupPath, '--passphrase-file', wrong], {
      env: { SIGNET_KEYCHAIN_SERVICE: `Signet-it-backup-bad-${run}` },
    })
    expect(bad.code).toBe(2)
    expect(bad.stderr.trim().split('\n')).toHaveLength(1)
    expect(bad.stderr).toMatch(/^signet: ERR_BACKUP_PASSPHRASE: /)
    expect(bad.stderr).not.toContain('different passphrase')

    const missing = await runCli(['backup', 'restore', backupPath, '--passphrase-file', join(dir, 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/ERR_FILE_UNREADABLE/)
    const usage = await runCli(['backup', 'restore', backupPath, '--passphrase-file', wrong, '--on-conflict', 'merge'])
    expect(usage.code).toBe(2)
    expect((await runCli(['backup', 'create', '--out', join(dir, 'x.signet-backup')])).code).toBe(2)

    const loose = join(dir, 'loose.txt')
    writeFileSync(loose, `${passphrase}\n`, { mode: 0o644 })
    chmodSync(loose, 0o644)
    const weakPerms = await runCli(
      ['backup', 'restore', backupPath, '--passphrase-file', loose, '--dry-run', '--data-dir', dir],
      { env: { SIGNET_KEYCHAIN_SERVICE: `Signet-it-backup-perm-${run}` } },
    )
    expect(weakPerms.stderr).toContain('can be read by other users')
  }, 60_000)
})
