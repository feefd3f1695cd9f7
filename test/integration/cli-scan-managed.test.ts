import { createHash, createHmac } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKeychain } from '#electron/adapters/keychain'
import { runCli } from '../support/run-cli'

/**
 * `signet scan --managed` through the real CLI, the private keyring and real store files: tokens
 * signed by two managed sets (ES256 and HS256), one by a key Signet does not manage and two that
 * are expired at the scan's instant. The scan says valid / unverifiable / expired, and for every
 * token its verify verdict and failing checks are those `signet verify` gives one by one (with the
 * set's exported JWKS, or the HMAC secret read from the same keychain by this test). The HMAC
 * secret never appears in the scan's output.
 */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
let dir: string
let env: Record<string, string>
const service = `signet-scan-managed-${process.pid}`
const cli = (args: string[], input?: string) =>
  runCli(args, { env, timeoutMs: 60_000, ...(input !== undefined ? { input } : {}) })

beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-managed-'))
  env = { SIGNET_DATA_DIR: join(dir, 'data'), SIGNET_KEYCHAIN_SERVICE: service }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface ScannedToken {
  sha256: string
  verdict: string
  verifyVerdict: string | null
  failedChecks: string[]
  kid: string | null
  reason: string
}

describe('signet scan --managed', () => {
  it('verifies with the store and keychain keys, with the verdicts signet verify gives one by one', async () => {
    const ok = async (args: string[]) => {
      const result = await cli(args)
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0)
      return result.stdout.trim()
    }
    await ok(['sets', 'create', 'prod', '--issuer', 'https://prod.example'])
    await ok(['sets', 'create', 'internal', '--issuer', 'https://internal.example'])
    const ecKid = await ok(['keys', 'generate', '--set', 'prod', '--alg', 'ES256', '--activate'])
    const hsKid = await ok(['keys', 'generate', '--set', 'internal', '--alg', 'HS256', '--activate'])
    writeFileSync(join(dir, 'claims.json'), '{"sub":"alice","aud":"api"}')
    const sign = (set: string, exp: string) =>
      ok(['sign', '--set', set, '--claims', join(dir, 'claims.json'), '--exp', exp])
    const tokens = {
      ecLive: await sign('prod', '1h'),
      ecExpired: await sign('prod', '10m'),
      hsLive: await sign('internal', '1h'),
      hsExpired: await sign('internal', '10m'),
    }
    const stranger = await generateKeyPair('ES256')
    const unknown = await new SignJWT({ sub: 'mallory', exp: Math.floor(Date.now() / 1000) + 7200 })
      .setProtectedHeader({ alg: 'ES256', kid: 'not-managed' })
      .sign(stranger.privateKey)
    const all = { ...tokens, unknown }
    // Half an hour on: the 10-minute tokens have expired, the 1-hour ones have not.
    const at = String(Math.floor(Date.now() / 1000) + 1800)
    writeFileSync(
      join(dir, 'gateway.log'),
      Object.entries(all)
        .map(([name, token], i) => `2026-11-30T10:0${i}:00Z ${name} Authorization: Bearer ${token}\n`)
        .join(''),
    )

    const scan = await cli(['scan', '--managed', '--json', '--at', at, '--jobs', '1', join(dir, 'gateway.log')])
    expect(scan.code, scan.stderr).toBe(1)
    const report = JSON.parse(scan.stdout) as { tokens: ScannedToken[]; summary: { byVerdict: object } }
    const byKid = (kid: string) => report.tokens.filter((t) => t.kid === kid)
    expect(report.tokens).toHaveLength(5)
    expect(report.summary.byVerdict).toEqual({ valid: 2, expired: 2, unverifiable: 1 })
    const verdictOf = (token: string) =>
      report.tokens.find((t) => t.sha256 === createHash('sha256').update(token).digest('hex'))!
    expect(verdictOf(tokens.ecLive).verdict).toBe('valid')
    expect(verdictOf(tokens.hsLive).verdict).toBe('valid')
    expect(verdictOf(tokens.ecExpired).verdict).toBe('expired')
    expect(verdictOf(tokens.hsExpired).verdict).toBe('expired')
    expect(verdictOf(unknown).verdict).toBe('unverifiable')
    expect(verdictOf(unknown).reason).toContain('not-managed')
    expect(byKid(hsKid)).toHaveLength(2)
    expect(byKid(ecKid)).toHaveLength(2)
    // The HMAC key was checked by this process with the keychain's secret, and says so.
    expect(verdictOf(tokens.hsExpired).reason).not.toContain('main process')

    // signet verify, one by one: the prod set's JWKS for ES256 and the stranger, the secret for HS256.
    writeFileSync(join(dir, 'prod.jwks'), await ok(['jwks', 'export', '--set', 'prod']))
    const listed = JSON.parse(await ok(['keys', 'list', '--json'])) as { keys: { kid: string; id: string }[] }
    const hsId = listed.keys.find((k) => k.kid === hsKid)!.id
    const secretJwk = JSON.parse((await createKeychain(service).get(hsId))!) as { k: string }
    writeFileSync(join(dir, 'hs.secret'), secretJwk.k)
    const verifyArgs = (name: keyof typeof all) =>
      name.startsWith('hs')
        ? ['--secret-file', join(dir, 'hs.secret'), '--secret-encoding', 'base64url']
        : ['--jwks', join(dir, 'prod.jwks')]
    for (const [name, token] of Object.entries(all) as [keyof typeof all, string][]) {
      const verified = await cli(['verify', '--json', '--at', at, ...verifyArgs(name), token])
      const trace = JSON.parse(verified.stdout) as { verdict: string; checks: { id: string; status: string }[] }
      const scanned = verdictOf(token)
      expect(scanned.verifyVerdict, name).toBe(trace.verdict)
      const failing = trace.checks.filter((c) => c.status === 'fail').map((c) => c.id)
      expect(scanned.failedChecks, name).toEqual(failing)
      expect(verified.code, name).toBe(trace.verdict === 'valid' ? 0 : 1)
    }

    for (const output of [scan.stdout, scan.stderr]) {
      expect(output).not.toContain(secretJwk.k)
      for (const token of Object.values(all)) expect(output).not.toContain(token)
    }
    // On worker threads (more distinct tokens than one batch): each worker rebuilds the managed source, HMAC
    // secrets included, and the output is that of one thread.
    const many = Array.from({ length: 300 }, (_, i) => {
      const input = `${b64({ alg: 'HS256', kid: hsKid })}.${b64({ n: i, exp: Number(at) + (i % 4 === 0 ? -3600 : 600) })}`
      return `${input}.${createHmac('sha256', Buffer.from(secretJwk.k, 'base64url')).update(input).digest('base64url')}`
    })
    const stream = `${[...many, unknown, tokens.ecLive].join('\n')}\n`
    const parallel = async (jobs: string) =>
      cli(['scan', '--managed', '--ndjson', '--at', at, '--jobs', jobs, '-'], stream)
    const [one, three] = [await parallel('1'), await parallel('3')]
    expect(one.code, one.stderr).toBe(1)
    expect(three.stdout).toBe(one.stdout)
    const last = JSON.parse(one.stdout.trim().split('\n').at(-1)!) as { byVerdict: object }
    expect(last.byVerdict).toEqual({ valid: 226, expired: 75, unverifiable: 1 })

    const human = await cli(['scan', '--managed', '--at', at, join(dir, 'gateway.log')])
    expect(human.code, human.stderr).toBe(1)
    expect(human.stdout + human.stderr).not.toContain(secretJwk.k)
  }, 180_000)

  it('refuses --managed together with a key option', async () => {
    writeFileSync(join(dir, 's.secret'), 'x'.repeat(32))
    const result = await cli(['scan', '--managed', '--secret-file', join(dir, 's.secret'), '-'], 'nothing here\n')
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--managed')
  })
})
