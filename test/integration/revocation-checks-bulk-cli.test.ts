import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeStatuses } from '#shared/status-list/encode'
import { runCli } from '../support/run-cli'

/**
 * Revocation checks in bulk through the real CLI: ES256 tokens and a Status List Token and a
 * Signet revocation list signed with the same key (jose, here), then `signet verify --tokens` and
 * `signet scan` with --status-list and --revocations. Each bulk result is the one `signet verify
 * TOKEN --status-list … --revocations …` gives that token alone; scan's --jobs 1 and --jobs 2
 * outputs are byte for byte equal, and revoked or suspended tokens are invalid (exit 1).
 */

const now = Math.floor(Date.now() / 1000)
const uri = 'https://issuer.example/sl/1'
const size = 4096
let dir: string
let keyFile: string
let statusFile: string
let revocationsFile: string
const kinds = ['valid', 'revoked', 'suspended', 'no-status', 'jti-revoked', 'out-of-bounds'] as const
const tokens: { kind: (typeof kinds)[number]; token: string }[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-revbulk-'))
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true })
  keyFile = join(dir, 'key.jwk')
  writeFileSync(keyFile, JSON.stringify({ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }))
  const sign = (claims: Record<string, unknown>, typ = 'JWT') =>
    new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'k1', typ }).sign(privateKey)
  const statuses = new Array<number>(size).fill(0)
  for (let i = 0; i < 300; i++) {
    const kind = kinds[i % kinds.length]!
    if (kind === 'revoked') statuses[i] = 1
    if (kind === 'suspended') statuses[i] = 2
    const idx = kind === 'out-of-bounds' ? size + i : i
    const claims: Record<string, unknown> = { sub: `user-${i}`, jti: `jti-${i}`, iat: now - 60, exp: now + 3600 }
    if (kind !== 'no-status') claims.status = { status_list: { idx, uri } }
    tokens.push({ kind, token: await sign(claims) })
  }
  statusFile = join(dir, 'status.jwt')
  writeFileSync(
    statusFile,
    await sign(
      { sub: uri, iat: now - 10, exp: now + 3600, ttl: 300, status_list: encodeStatuses(statuses, 2) },
      'statuslist+jwt',
    ),
  )
  revocationsFile = join(dir, 'revocations.jwt')
  const revokedJtis = tokens.flatMap((t, i) => (t.kind === 'jti-revoked' ? [{ jti: `jti-${i}` }] : []))
  writeFileSync(
    revocationsFile,
    await sign(
      {
        iss: 'https://issuer.example',
        iat: now - 10,
        exp: now + 3600,
        revocations: { version: 1, entries: revokedJtis },
      },
      'signet-revocations+jwt',
    ),
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const lists = () => ['--status-list', statusFile, '--revocations', revocationsFile]

describe('signet verify --tokens with --status-list and --revocations', () => {
  it('gives each token the result `signet verify TOKEN` gives it, the lists verified once', async () => {
    const sample = tokens.slice(0, kinds.length)
    // a repeated line (the result cache) and every kind once
    const file = join(dir, 'tokens.txt')
    writeFileSync(file, [...sample.map((t) => t.token), sample[1]!.token, sample[0]!.token, ''].join('\n'))
    const at = ['--at', String(now)]
    const bulk = await runCli(['verify', '--tokens', file, '--key', keyFile, ...lists(), ...at, '--ndjson'])
    expect(bulk.stderr).toBe('')
    expect(bulk.code).toBe(1)
    const lines = bulk.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; line: number; verdict: string; reason: string; checks: unknown })
    const results = lines.filter((l) => l.type === 'token')
    expect(results).toHaveLength(sample.length + 2)
    const plain = await runCli(['verify', '--tokens', file, '--key', keyFile, ...lists(), ...at])
    const plainLines = plain.stdout.trim().split('\n')
    for (const [i, result] of results.entries()) {
      const { token, kind } = i < sample.length ? sample[i]! : sample[i === sample.length ? 1 : 0]!
      const one = await runCli(['verify', token, '--key', keyFile, ...lists(), ...at, '--json'])
      const alone = JSON.parse(one.stdout) as { verdict: string; reason: string; checks: unknown }
      expect(JSON.stringify({ verdict: result.verdict, reason: result.reason, checks: result.checks }), kind).toBe(
        JSON.stringify({ verdict: alone.verdict, reason: alone.reason, checks: alone.checks }),
      )
      expect(one.code).toBe(alone.verdict === 'valid' ? 0 : 1)
      expect(alone.verdict, kind).toBe(kind === 'valid' || kind === 'no-status' ? 'valid' : 'invalid')
      // the text form (through the fast path for a valid token) prints the same verdict and reason
      expect(plainLines[i]).toBe(`${alone.verdict.toUpperCase().padEnd(10)} line ${i + 1}  ${alone.reason}`)
    }
    expect(results[1]!.reason).toMatch(/revoked: the status at index 1 is INVALID/)
    expect(results[2]!.reason).toMatch(/suspended/)
    expect(results[3]!.reason).toMatch(/revocation checks raised 1 warning/)
    expect(results[4]!.reason).toMatch(/revocation list names its jti "jti-4"/)
    expect(plainLines.at(-1)).toBe(`${sample.length + 2} tokens: 3 valid, 5 invalid, 0 unverified, 0 malformed`)
  })

  it('without lists a revoked token stays valid (the lists are what catch it)', async () => {
    const one = await runCli(['verify', tokens[1]!.token, '--key', keyFile])
    expect(one.code).toBe(0)
  })
})

describe('signet scan with --status-list and --revocations', () => {
  it('judges revoked tokens invalid, the same with --jobs 1 and --jobs 2', async () => {
    writeFileSync(join(dir, 'a.log'), tokens.map((t) => `Authorization: Bearer ${t.token}`).join('\n'))
    const scan = (jobs: string) =>
      runCli(
        ['scan', join(dir, 'a.log'), '--key', keyFile, ...lists(), '--at', String(now), '--json', '--jobs', jobs],
        {
          timeoutMs: 120_000,
        },
      )
    const one = await scan('1')
    const two = await scan('2')
    expect(one.stderr).toBe('')
    expect(one.code).toBe(1)
    expect(two.code).toBe(1)
    expect(two.stdout).toBe(one.stdout)
    const report = JSON.parse(one.stdout) as {
      summary: { byVerdict: Record<string, number> }
      tokens: { verdict: string; failedChecks: string[]; reason: string }[]
    }
    expect(report.tokens).toHaveLength(300)
    for (const [i, t] of report.tokens.entries()) {
      const kind = tokens[i]!.kind
      if (kind === 'valid' || kind === 'no-status') expect(t.verdict, kind).toBe('valid')
      else expect(t.verdict, kind).toBe('invalid')
      if (kind === 'revoked' || kind === 'suspended') expect(t.failedChecks).toEqual(['status'])
      if (kind === 'jti-revoked') expect(t.failedChecks).toEqual(['revoked'])
      if (kind === 'out-of-bounds') expect(t.failedChecks).toEqual(['status-index', 'status'])
    }
    expect(report.summary.byVerdict).toEqual({ valid: 100, invalid: 200 })
  })

  it('refuses lists without a key to verify them with', async () => {
    writeFileSync(join(dir, 'b.log'), tokens[0]!.token)
    const result = await runCli(['scan', join(dir, 'b.log'), ...lists()])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/ERR_USAGE.*--status-list and --revocations are verified with the tokens' keys/)
  })

  it('refuses a list file that is not one signed JWT before reading any token, naming the file (exit 2)', async () => {
    writeFileSync(join(dir, 'c.log'), tokens[0]!.token)
    // a token list given as a status list; a JWKS given as a revocation list
    const twoTokens = join(dir, 'two-tokens.txt')
    writeFileSync(twoTokens, `${tokens[0]!.token}\n${tokens[1]!.token}\n`)
    const jwks = join(dir, 'jwks.json')
    writeFileSync(jwks, '{"keys":[]}')
    for (const [args, code, said] of [
      [['--status-list', twoTokens], 'ERR_STATUS_LIST_TOKEN', `status list file ${twoTokens} holds 2 tokens`],
      [['--revocations', jwks], 'ERR_REVOCATION_LIST_INVALID', `revocation list file ${jwks} holds JSON`],
    ] as const) {
      for (const command of [
        ['scan', join(dir, 'c.log')],
        ['verify', '--tokens', join(dir, 'c.log')],
      ]) {
        const result = await runCli([...command, '--key', keyFile, ...args])
        expect({ command, code: result.code, stdout: result.stdout }).toEqual({ command, code: 2, stdout: '' })
        expect(result.stderr).toContain(`${code}: The ${said}`)
      }
    }
  })
})
