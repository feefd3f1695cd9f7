import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createKeychain } from '#electron/adapters/keychain'
import { recoverStore } from '#electron/services/store-recovery'
import { channels, type Channel, type ChannelInput } from '#shared/contract'
import { signingAlgorithms } from '#shared/managed-keys/types'
import { findPrivateMaterial, keyTestContext, testClock } from '../support/key-context'
import { runCli } from '../support/run-cli'

// Runs inside scripts/with-private-keyring.sh: a real gnome-keyring in a private D-Bus session.
beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

/**
 * Everything Signet shows or writes outside the keychain, across the key manager's flows: every IPC
 * result and event, every console line, all CLI output, the store files, the audit logs and anything
 * else in the data directories. None of it may hold a private JWK member or a PEM private key block,
 * nor the value of any private member the keychain holds, nor the import passphrase.
 */
const run = `${process.pid}-${Date.now()}`
const passphrase = `leak-canary ${randomUUID()}`
const captured: { where: string; text: string }[] = []
const dataDirs: string[] = []
const services: string[] = []
const consoleSpies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method))

afterAll(() => consoleSpies.forEach((spy) => spy.mockRestore()))

function capture(where: string, value: unknown): void {
  captured.push({ where, text: typeof value === 'string' ? value : JSON.stringify(value) })
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

function keyMaterialFiles(dir: string) {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const encrypted = join(dir, 'encrypted.pem')
  writeFileSync(encrypted, rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }))
  const passFile = join(dir, 'pass.txt')
  writeFileSync(passFile, passphrase)
  const jwkFile = join(dir, 'key.jwk')
  writeFileSync(
    jwkFile,
    JSON.stringify({
      ...generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey.export({ format: 'jwk' }),
      kid: 'imported-ec',
    }),
  )
  const sec1 = join(dir, 'sec1.pem')
  writeFileSync(
    sec1,
    generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }),
  )
  const publicPem = join(dir, 'public.pem')
  writeFileSync(publicPem, rsa.publicKey.export({ type: 'spki', format: 'pem' }))
  return { encrypted, passFile, jwkFile, sec1, publicPem, encryptedText: readFileSync(encrypted, 'utf8') }
}

describe('no private key material outside the keychain', () => {
  it('through the handler table: every result and event', async () => {
    const service = `Signet-it-leaks-handlers-${run}`
    services.push(service)
    const keychain = createKeychain(service)
    const clock = testClock(new Date())
    const t = keyTestContext({ keychain, clock })
    dataDirs.push(t.dataDir)
    const files = keyMaterialFiles(mkdtempSync(join(tmpdir(), 'signet-leak-input-')))

    await t.result('sets:create', { name: 'prod', issuer: 'https://auth.example.com', jwksCacheTime: '5m' })
    await t.result('sets:create', { name: 'hmac' })
    const kids: string[] = []
    for (const alg of signingAlgorithms) {
      const outcome = await t.result('keys:generate', {
        set: alg.startsWith('HS') ? 'hmac' : 'prod',
        alg,
        activate: true,
      })
      if (outcome.ok) kids.push(outcome.value.key.kid)
    }
    expect(kids).toHaveLength(signingAlgorithms.length)
    await t.result('keys:import', { set: 'prod', source: files.encryptedText, passphrase, alg: 'PS384' })
    await t.result('keys:import', { set: 'prod', source: files.encryptedText, passphrase: 'wrong passphrase' })
    await t.result('keys:import', { set: 'prod', source: files.encryptedText })
    await t.result('keys:import', { set: 'prod', source: readFileSync(files.jwkFile, 'utf8') })
    await t.result('keys:import', { set: 'prod', source: readFileSync(files.sec1, 'utf8') })
    await t.result('keys:import', { set: 'prod', source: readFileSync(files.publicPem, 'utf8') })
    await t.result('keys:import', {
      set: 'hmac',
      source: JSON.stringify({ kty: 'oct', k: Buffer.alloc(8, 7).toString('base64url') }),
    })
    for (const kid of kids) await t.result('keys:export-public', { kid })
    await t.result('jwks:export', { set: 'prod' })
    await t.result('jwks:export', { set: 'hmac' })
    const recipient = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' })
    for (const set of ['prod', 'hmac']) {
      const signed = await t.result('sign:token', { set, claims: { sub: 'alice' } })
      if (signed.ok) await t.result('keys:verify-token', { token: signed.value.token })
      await t.result('sign:token', { set, claims: { sub: 'bob' }, encryptTo: { jwk: recipient } })
    }
    await t.result('sign:token', {
      set: 'prod',
      claims: {},
      encryptTo: { jwk: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) },
    })
    await t.result('keys:rotate', { set: 'prod' })
    await t.result('keys:rotate', { set: 'hmac', immediately: true })
    clock.advance(600)
    await t.result('keys:list', undefined)
    await t.result('sets:list', undefined)
    const [first] = kids
    await t.result('keys:compromise', { kid: first!, reason: 'leak test' })
    await t.result('keys:destroy', { kid: first! })
    // An orphan (a crash between the two writes) shows up in the report with public facts only.
    const orphan = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' })
    await keychain.set(randomUUID(), JSON.stringify({ ...orphan, kid: 'orphan', alg: 'EdDSA' }))
    await t.result('keys:reconcile', undefined)
    await t.result('keys:list', { includeDestroyed: true })

    expect(t.results.filter((r) => r.ok).length).toBeGreaterThan(40)
    expect(t.results.filter((r) => !r.ok).length).toBeGreaterThanOrEqual(6)
    t.results.forEach((result, i) => capture(`IPC result #${i}`, result))
    t.events.forEach((event, i) => capture(`event #${i}`, event))
  }, 240_000)

  it('through every channel of the contract, error results included (backup and dialog handles, status lists, store recovery)', async () => {
    const service = `Signet-it-leaks-channels-${run}`
    services.push(service)
    const keychain = createKeychain(service)
    const dataDir = mkdtempSync(join(tmpdir(), 'signet-leak-channels-'))
    const backups = mkdtempSync(join(tmpdir(), 'signet-leak-backups-'))
    // the backup file is scanned too: encrypted, it must not hold a private member in the clear
    dataDirs.push(dataDir, backups)
    // an unreadable store, recovered at start-up as main does, so the recovery channel has one to acknowledge
    writeFileSync(join(dataDir, 'signet.json'), '{"sets": garbage')
    let saved = ''
    const picker = {
      saveBackup: async () => (saved = join(backups, `b-${randomUUID()}.signet-backup`)),
      openBackup: async () => saved,
      saveStatusList: async () => join(backups, `l-${randomUUID()}.jwt`),
      savePublicKey: async () => join(backups, `p-${randomUUID()}.pem`),
      chooseFolder: async () => mkdtempSync(join(backups, 'site-')),
      saveRevocationList: async () => join(backups, `r-${randomUUID()}.jwt`),
      saveAuditExport: async () => join(backups, `a-${randomUUID()}.csv`),
      saveScanReport: async () => join(backups, `s-${randomUUID()}.json`),
    }
    const t = keyTestContext({ keychain, dataDir, files: picker })
    await recoverStore(t.context)
    const called = new Set<Channel>()
    const call = async <C extends Channel>(channel: C, input: ChannelInput<C>) => (
      called.add(channel),
      t.result(channel, input)
    )

    const info = await call('app:info', undefined)
    expect(info.ok && info.value.storeRecovery).toBeTruthy()
    await call('store:acknowledge-recovery', { at: '2000-01-01T00:00:00.000Z' })
    if (info.ok && info.value.storeRecovery)
      await call('store:acknowledge-recovery', { at: info.value.storeRecovery.at })
    await call('keychain:status', { refresh: true })
    await call('sets:create', { name: 'prod', issuer: 'https://auth.example.com' })
    await call('sets:update', { set: 'prod', changes: { description: 'leak test' } })
    await call('sets:update', { set: 'missing', changes: {} })
    const es = await call('keys:generate', { set: 'prod', alg: 'ES256', activate: true })
    const hs = await call('keys:generate', { set: 'prod', alg: 'HS256' })
    expect(es.ok && hs.ok).toBe(true)
    const hsKid = hs.ok ? hs.value.key.kid : ''
    await call('keys:import', {
      set: 'prod',
      source: JSON.stringify({ kty: 'oct', k: Buffer.alloc(40, 9).toString('base64url') }),
    })
    await call('keys:export-public', { kid: hsKid })
    const esKid = es.ok ? es.value.key.kid : ''
    await call('keys:certificate', { kid: esKid, days: 30 })
    await call('keys:certificate', { kid: hsKid })
    const pubFile = await call('dialog:save-public-key', { kid: esKid, format: 'pem' })
    await call('keys:save-public', {
      kid: esKid,
      format: 'pem',
      file: pubFile.ok && pubFile.value.handle ? pubFile.value.handle : 'x'.repeat(43),
    })
    await call('keys:activate', { kid: hsKid })
    await call('keys:retire', { kid: hsKid })
    await call('keys:unpublish', { kid: hsKid })
    await call('keys:list', { includeDestroyed: true })
    await call('sets:list', undefined)
    await call('jwks:export', { set: 'prod' })
    const handleOf = (choice: Awaited<ReturnType<typeof call>>) =>
      choice.ok &&
      typeof choice.value === 'object' &&
      choice.value &&
      'handle' in choice.value &&
      typeof choice.value.handle === 'string'
        ? choice.value.handle
        : 'x'.repeat(43)
    // publishing: a dir target through main's folder dialog, a command target the user refuses, plan, publish, serve
    const folder = await call('dialog:choose-publish-folder', { kind: 'dir' })
    await call('jwks:add-target', { set: 'prod', name: 'site', kind: 'dir', folder: handleOf(folder) })
    t.answer = false
    await call('jwks:add-target', { set: 'prod', name: 'upload', kind: 'command', command: 'cat > /dev/null' })
    t.answer = true
    await call('jwks:targets', { set: 'prod' })
    await call('jwks:plan', { set: 'prod' })
    await call('jwks:publish', { set: 'prod' })
    await call('jwks:diff', { set: 'prod', jwks: '{"keys":[]}' })
    await call('jwks:diff', { set: 'prod', jwks: '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}' })
    await call('jwks:serve-start', { sets: ['prod'], port: 0 })
    await call('jwks:serve-status', undefined)
    await call('jwks:serve-stop', undefined)
    await call('jwks:remove-target', { set: 'prod', name: 'site' })
    // the legacy revocation list, signed and saved through main's dialog
    await call('revocations:add', { set: 'prod', jti: 'j-1', reason: 'leak test' })
    await call('revocations:add', { set: 'prod', sub: 'mallory' })
    await call('revocations:cutoff', { set: 'prod', before: Math.floor(Date.now() / 1000) - 60 })
    await call('revocations:list', { set: 'prod' })
    await call('revocations:diff', { set: 'prod' })
    await call('revocations:export', { set: 'prod' })
    const revocationFile = await call('dialog:save-revocation-list', { suggestedName: 'prod' })
    await call('revocations:export-file', { set: 'prod', file: handleOf(revocationFile) })
    await call('revocations:remove', { set: 'prod', jti: 'j-1' })
    await call('revocations:remove', { set: 'prod', jti: 'j-1' })
    // exports the page asks main to write: the audit log, a (redacted) scan report
    const auditFile = await call('dialog:save-audit-export', { format: 'csv' })
    await call('audit:export-file', { format: 'csv', file: handleOf(auditFile) })
    const reportFile = await call('dialog:save-scan-report', { format: 'json' })
    await call('scan:save-report', {
      handle: handleOf(reportFile),
      format: 'json',
      report: '{"schemaVersion":1,"tokens":[]}',
    })
    const token = await call('sign:token', { set: 'prod', claims: { sub: 'alice' } })
    await call('keys:verify-token', { token: token.ok ? token.value.token : 'not.a.token' })
    await call('keys:verify-token', { token: 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA' })
    await call('keys:rotate', { set: 'prod', immediately: true })
    await call('sets:create', { name: 'empty' })
    await call('sets:delete', { set: 'prod' })
    await call('sets:delete', { set: 'empty' })
    await call('keys:reconcile', undefined)
    await call('policies:save', { policy: { name: 'strict', issuer: ['https://auth.example.com'] } })
    await call('policies:list', undefined)
    await call('policies:delete', { name: 'strict' })
    await call('policies:delete', { name: 'strict' })

    await call('status-list:create', {
      name: 'revoked',
      set: 'prod',
      uri: 'https://auth.example.com/status/1',
      size: 1024,
    })
    await call('status-list:create', { name: 'revoked', set: 'prod', uri: 'https://auth.example.com/status/1' })
    const ref = await call('status-list:allocate', { name: 'revoked', jti: 'j-1', sub: 'alice' })
    const idx = ref.ok ? ref.value.idx : 0
    await call('status-list:set', { name: 'revoked', indexes: [idx], status: 1, reason: 'leak test' })
    await call('status-list:set', { name: 'revoked', indexes: [1_000_000], status: 1 })
    await call('status-list:get', { name: 'revoked', idx })
    await call('status-list:get', { name: 'revoked', idx: 99_999 })
    await call('status-list:update', { name: 'revoked', ttl: 1800, lifetime: 7200 })
    await call('status-list:update', { name: 'revoked', lifetime: 10 ** 12 })
    await call('status-list:diff', { name: 'revoked' })
    await call('status-list:export', { name: 'revoked' })
    await call('status-list:list', undefined)
    await call('status-list:contents', { name: 'revoked' })
    await call('status-list:last-token', { name: 'revoked' })
    await call('status-list:revoke-signed-by', { kid: esKid, dryRun: true })
    await call('status-list:revoke-signed-by', { kid: esKid, dryRun: false, reason: 'leak test' })
    const listFile = await call('dialog:save-status-list', { suggestedName: 'revoked' })
    await call('status-list:export-file', {
      name: 'revoked',
      file: listFile.ok && listFile.value.handle ? listFile.value.handle : 'x'.repeat(43),
    })

    const save = await call('dialog:save-backup', { suggestedName: 'leaks' })
    const handle = save.ok ? save.value.handle : null
    expect(handle).not.toBeNull()
    await call('backup:create', { file: handle!, passphrase: 'weak' })
    await call('backup:create', { file: handle!, passphrase: `${passphrase} backup`, overwrite: true })
    await call('backup:create', { file: handle!, passphrase: `${passphrase} backup` })
    const open = async () => {
      const opened = await call('dialog:open-backup', undefined)
      return opened.ok ? opened.value.handle! : ''
    }
    await call('backup:inspect', { file: await open() })
    await call('backup:restore', { file: await open(), passphrase: 'not the passphrase' })
    await call('backup:restore', { file: await open(), passphrase: `${passphrase} backup`, dryRun: true })
    t.answer = false
    await call('backup:restore', { file: await open(), passphrase: `${passphrase} backup`, onConflict: 'overwrite' })
    await call('keys:compromise', { kid: hsKid, reason: 'leak test' })
    await call('keys:destroy', { kid: hsKid })
    t.answer = true
    await call('keys:destroy', { kid: hsKid })
    await call('audit:list', { search: 'key' })
    await call('audit:verify', undefined)

    // every channel, so a channel added later fails this test until it is covered here
    expect(channels.filter((channel) => !called.has(channel))).toEqual([])
    expect(t.results.filter((r) => !r.ok).length).toBeGreaterThanOrEqual(8)
    t.results.forEach((result, i) => capture(`IPC result (every channel) #${i}`, result))
    t.events.forEach((event, i) => capture(`event (every channel) #${i}`, event))
  }, 240_000)

  it('through the CLI: every line of output', async () => {
    const service = `Signet-it-leaks-cli-${run}`
    services.push(service)
    const dataDir = mkdtempSync(join(tmpdir(), 'signet-leak-cli-'))
    dataDirs.push(dataDir)
    const files = keyMaterialFiles(mkdtempSync(join(tmpdir(), 'signet-leak-input-')))
    const signet = async (args: string[], input?: string) => {
      const result = await runCli(['--data-dir', dataDir, ...args], {
        env: { SIGNET_KEYCHAIN_SERVICE: service },
        ...(input !== undefined ? { input } : {}),
      })
      capture(`signet ${args.join(' ')} (stdout)`, result.stdout)
      capture(`signet ${args.join(' ')} (stderr)`, result.stderr)
      return result
    }
    await signet(['sets', 'create', 'prod', '--issuer', 'https://auth.example.com'])
    const es = (await signet(['keys', 'generate', '--set', 'prod', '--alg', 'ES256', '--activate'])).stdout.trim()
    const hs = (await signet(['keys', 'generate', '--set', 'prod', '--alg', 'HS512'])).stdout.trim()
    await signet(['keys', 'import', files.encrypted, '--set', 'prod', '--passphrase-file', files.passFile])
    await signet(['keys', 'import', files.encrypted, '--set', 'prod'])
    await signet(['keys', 'import', files.jwkFile, '--set', 'prod'])
    await signet(['keys', 'import', files.publicPem, '--set', 'prod'])
    await signet(['keys', 'list'])
    await signet(['keys', 'list', '--json'])
    await signet(['sets', 'list', '--json'])
    for (const flag of [[], ['--pem'], ['--thumbprint']])
      await signet(['keys', 'export-public', `--kid=${es}`, ...flag])
    await signet(['keys', 'export-public', `--kid=${hs}`])
    await signet(['jwks', 'export', '--set', 'prod'])
    await signet(['sign', '--set', 'prod', '--claims', '-', '--json'], '{"sub":"alice"}')
    await signet(['sign', '--set', 'prod', '--kid', hs, '--claims', '-'], '{"sub":"svc"}')
    await signet(['keys', 'rotate', '--set', 'prod', '--now'])
    await signet(['keys', 'compromise', `--kid=${es}`, '--reason', 'leak test'])
    await signet(['keys', 'destroy', `--kid=${es}`])
    await signet(['keys', 'reconcile', '--json'])
    await signet(['info', '--json'])
    expect(captured.filter((c) => c.where.startsWith('signet ')).length).toBeGreaterThan(30)
  }, 240_000)

  it('in error output: malformed private keys are never quoted, nor a parser message passed on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signet-leak-errors-'))
    const dataDir = mkdtempSync(join(tmpdir(), 'signet-leak-errors-data-'))
    dataDirs.push(dataDir)
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as Record<
      string,
      string
    >
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Record<
      string,
      string
    >
    const k = Buffer.from(`oct-canary-${randomUUID()}`).toString('base64url')
    const values = [ec.d!, rsa.d!, rsa.p!, rsa.q!, k]
    // JSON syntax errors placed right after, and right inside, each private member.
    const broken: Record<string, string> = {
      'ec-trailing-comma.jwk': JSON.stringify({ d: ec.d, ...ec }).replace(/}$/, ',}'),
      'ec-after-d.jwk': `{"d":"${ec.d}" "kty":"EC","crv":"P-256","x":"${ec.x}","y":"${ec.y}"}`,
      'rsa-truncated.jwk': JSON.stringify({ ...rsa, d: rsa.d }).slice(0, -40),
      'oct-bad.jwk': `{"kty":"oct","k":"${k}"x}`,
      'oct-unterminated.jwk': `{"kty":"oct","k":"${k}`,
      'jwks-bad.jwks': `{"keys":[{"kty":"oct","k":"${k}"},]}`,
    }
    expect((await runCli(['sets', 'create', 'leaks', '--data-dir', dataDir])).code).toBe(0)
    for (const [name, text] of Object.entries(broken)) {
      const file = join(dir, name)
      writeFileSync(file, text)
      for (const args of [
        ['verify', 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA', '--key', file],
        ['verify', 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA', '--jwks', file],
        [
          'decrypt',
          'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA',
          '--key',
          file,
        ],
        ['thumbprint', file],
        ['keys', 'import', file, '--set', 'leaks', '--data-dir', dataDir],
        ['keys', 'import', file, '--set', 'leaks', '--json', '--data-dir', dataDir],
        ['sign', '--set', 'leaks', '--claims', file, '--encrypt-to', file, '--data-dir', dataDir],
      ]) {
        const result = await runCli(args)
        expect(result.code, `${name}: ${args.join(' ')}`).not.toBe(0)
        capture(`cli error ${args[0]} ${name}`, result.stdout + result.stderr)
        for (const value of values) {
          for (let at = 0; at + 8 <= value.length; at += 4) {
            expect(result.stdout + result.stderr, `${name}: ${args.join(' ')} quotes private material`).not.toContain(
              value.slice(at, at + 8),
            )
          }
        }
      }
    }
  }, 180_000)

  it('in the store files, audit logs and everything else in the data directories, and on the console', async () => {
    for (const dir of dataDirs) for (const file of filesUnder(dir)) capture(file, readFileSync(file, 'utf8'))
    expect(captured.some((c) => c.where.endsWith('signet.json'))).toBe(true)
    expect(captured.some((c) => c.where.endsWith('audit.log.jsonl'))).toBe(true)
    for (const spy of consoleSpies)
      spy.mock.calls.forEach((call, i) => capture(`console #${i}`, call.map(String).join(' ')))

    // The private values the keychain holds, to look for verbatim (not only by member name).
    const secretValues: string[] = []
    for (const service of services) {
      const keychain = createKeychain(service)
      for (const account of await keychain.list()) {
        const text = (await keychain.get(account))!
        // Positive control: the scanner does recognise what the keychain holds.
        expect(findPrivateMaterial(text)).not.toBeNull()
        const jwk = JSON.parse(text) as Record<string, unknown>
        for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'])
          if (typeof jwk[member] === 'string') secretValues.push(jwk[member] as string)
      }
    }
    expect(secretValues.length).toBeGreaterThan(15)

    const leaks: string[] = []
    for (const { where, text } of captured) {
      const found = findPrivateMaterial(text)
      if (found) leaks.push(`${where}: ${found}`)
      for (const value of secretValues)
        if (text.includes(value)) leaks.push(`${where}: a private member value (${value.slice(0, 6)}…)`)
      if (text.includes(passphrase)) leaks.push(`${where}: the import passphrase`)
    }
    expect(leaks).toEqual([])
  }, 60_000)
})
