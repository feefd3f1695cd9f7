import { createHmac, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, type CliResult } from '../support/run-cli'

/**
 * Terminal escape injection (issue #10.3): hostile text from tokens, key files, the store, the audit
 * log, backups and file names goes through EVERY human output of the real CLI, and no raw control
 * or bidi character may reach stdout or stderr (colour is off in a pipe, so none at all; our own
 * styling is checked in the unit test of write.ts).
 */
beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING) throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

// CR + erase line + green "VALID": the attack from the issue; then C1 CSI, a bidi override, an isolate, LRM.
const hostile = '\r\u001b[2K\u001b[32mVALID  signature ok\u001b[0m\u009b2K\u202eevil\u2066x\u2069\u200e\u061c\u0007'
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const forbidden = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

function expectClean(result: CliResult, what: string): void {
  for (const [stream, text] of [['stdout', result.stdout], ['stderr', result.stderr]] as const) {
    const match = forbidden.exec(text)
    expect(match, `${what}: raw U+${match?.[0].charCodeAt(0).toString(16).padStart(4, '0')} on ${stream}: ${JSON.stringify(text.slice(Math.max(0, (match?.index ?? 0) - 40), (match?.index ?? 0) + 20))}`).toBeNull()
  }
}

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const secret = 'correct horse battery staple, long enough for HS256!'

function hs256(header: object, claims: object): string {
  const input = `${b64(header)}.${b64(claims)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

const token = hs256(
  { alg: 'HS256', typ: `JWT${hostile}`, kid: `kid${hostile}`, crit: [`x${hostile}`], [`x${hostile}`]: 1, [`name${hostile}`]: hostile },
  { iss: `https://iss${hostile}`, aud: [`aud${hostile}`], sub: hostile, exp: 4102444800, [`claim${hostile}`]: { [`nested${hostile}`]: hostile } },
)

let dir: string
let dataDir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-escapes-'))
  dataDir = mkdtempSync(join(tmpdir(), `signet-escapes-data-\u001b[31m-`))
})

describe('no raw control or bidi character reaches the terminal', () => {
  it('decode, verify, lint of a token full of control and bidi characters', async () => {
    const decode = await runCli(['decode', token])
    expect(decode.code).toBe(0)
    expect(decode.stdout).toContain('\\r\\e[2K\\e[32mVALID')
    expectClean(decode, 'decode')
    const verify = await runCli(['verify', token, '--secret', secret])
    expect(verify.code).toBe(1)
    expect(verify.stdout.trim().split('\n').at(-1)).toMatch(/^INVALID/)
    expectClean(verify, 'verify')
    for (const args of [['verify', token, '--secret', secret, '--iss', hostile, '--aud', hostile, '--typ', hostile], ['lint', token], ['decode', `${token}${hostile}`], ['verify', hostile, '--secret', 'x']]) {
      expectClean(await runCli(args), args.join(' '))
    }
  }, 240_000)

  it('decrypt of a JWE whose header is hostile, and of a nested hostile JWS', async () => {
    const jwe = `${b64({ alg: 'dir', enc: 'A256GCM', kid: hostile, [hostile]: hostile })}..${b64('123456789012')}.${b64('x')}.${b64('1234567890123456')}`
    const keyFile = join(dir, 'dir.jwk')
    writeFileSync(keyFile, JSON.stringify({ kty: 'oct', k: Buffer.alloc(32, 7).toString('base64url'), kid: hostile }))
    const result = await runCli(['decrypt', jwe, '--key', keyFile])
    expect(result.code).not.toBe(0)
    expectClean(result, 'decrypt')
    expectClean(await runCli(['decrypt', jwe, '--password-file', join(dir, `missing${hostile}`)]), 'decrypt missing file')
  }, 240_000)

  it('thumbprint, and key files, JWKS and file names in verify', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' })
    const jwkFile = join(dir, 'hostile.jwk')
    writeFileSync(jwkFile, JSON.stringify({ ...ec, kid: hostile, alg: 'ES256', use: hostile }))
    const jwksFile = join(dir, 'hostile.jwks')
    writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...ec, kid: hostile }, { kty: hostile }] }))
    for (const args of [
      ['thumbprint', jwkFile],
      ['thumbprint', join(dir, `no-such${hostile}.jwk`)],
      ['verify', token, '--key', jwkFile],
      ['verify', token, '--jwks', jwksFile],
      ['verify', token, '--key', join(dir, `no-such${hostile}`)],
      [`--unknown${hostile}`],
      ['decode', '--json', `--x${hostile}`],
    ]) {
      expectClean(await runCli(args), args.join(' '))
    }
  }, 240_000)

  it('info, sets, keys list/export, audit list, jwks export, backup inspect with hostile store contents and paths', async () => {
    const d = ['--data-dir', dataDir]
    expectClean(await runCli(['info', ...d]), 'info')
    const created = await runCli(['sets', 'create', 'prod', '--issuer', 'https://issuer.example', '--description', hostile, ...d])
    expect(created.code, created.stderr).toBe(0)
    expectClean(created, 'sets create')
    const imported = join(dir, 'import.jwk')
    writeFileSync(imported, JSON.stringify({ ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid: `k${hostile}` }))
    expectClean(await runCli(['keys', 'import', imported, '--set', 'prod', '--alg', 'ES256', ...d]), 'keys import')
    const generated = await runCli(['keys', 'generate', '--set', 'prod', '--alg', 'ES256', '--activate', ...d])
    expect(generated.code, generated.stderr).toBe(0)
    for (const args of [
      ['sets', 'create', 'x', '--issuer', `https://x${hostile}`],
      ['sets', 'list'],
      ['keys', 'list'],
      ['keys', 'export-public', `--kid=${hostile}`],
      ['keys', 'activate', `--kid=${hostile}`],
      ['audit', 'list'],
      ['audit', 'list', '--search', hostile],
      ['audit', 'verify'],
      ['jwks', 'export', '--set', 'prod'],
      ['sign', '--set', `p${hostile}`, '--claims', '-'],
    ]) {
      expectClean(await runCli([...args, ...d], { input: '{}' }), args.join(' '))
    }
    const pass = join(dir, 'pass.txt')
    writeFileSync(pass, 'a long and unguessable passphrase for the test')
    const backupFile = join(dir, `backup${hostile}.jwe`)
    const backup = await runCli(['backup', 'create', '--out', backupFile, '--passphrase-file', pass, ...d])
    expect(backup.code, backup.stderr).toBe(0)
    expectClean(backup, 'backup create')
    const inspected = await runCli(['backup', 'inspect', backupFile])
    expect(inspected.stdout).toMatch(/unverified until decrypted/i)
    expectClean(inspected, 'backup inspect')
    // A hand-edited summary in the unauthenticated header.
    const [header, ...rest] = readFileSync(backupFile, 'utf8').trim().split('.')
    const edited = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as { signet: Record<string, unknown> }
    edited.signet.app = hostile
    const editedFile = join(dir, 'edited.jwe')
    writeFileSync(editedFile, [b64(edited), ...rest].join('.'))
    expectClean(await runCli(['backup', 'inspect', editedFile]), 'backup inspect edited')
    expectClean(await runCli(['backup', 'restore', editedFile, '--passphrase-file', pass, '--dry-run', ...d]), 'backup restore edited')
  }, 240_000)
})
