import { createHmac, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '#test/support/run-cli'

/**
 * What makes `signet scan` exit 1, from an attacker review's findings: an HS256 token HMAC-signed
 * with the issuer's own RSA public key (the algorithm-confusion forgery, RFC 8725 §2.1) and a token
 * with a kid the set does not hold are "unverifiable" — a capture holds tokens of many issuers — but
 * `--fail-unverifiable` makes them fail a gate; a token the strict decoder refuses (duplicate
 * members) fails it always, as `signet verify` refuses it.
 */

const now = Math.floor(Date.now() / 1000)
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const claims = { iss: 'https://issuer.example', sub: 'admin', aud: 'api', iat: now, exp: now + 3600 }

let dir: string
let jwksPath: string

function hs256(header: object, payload: string, secret: string | Buffer): string {
  const input = `${b64(header)}.${payload}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-exit-'))
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  jwksPath = join(dir, 'jwks.json')
  writeFileSync(jwksPath, JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'rsa-1' }] }))
  const pem = publicKey.export({ format: 'pem', type: 'spki' }) as string
  // The forgery: the public key's PEM text as the HMAC secret, no kid.
  writeFileSync(join(dir, 'confusion.log'), `Authorization: Bearer ${hs256({ alg: 'HS256' }, b64(claims), pem)}\n`)
  writeFileSync(
    join(dir, 'unknown-kid.log'),
    `Authorization: Bearer ${hs256({ alg: 'HS256', kid: 'not-in-the-set' }, b64(claims), 'x'.repeat(32))}\n`,
  )
  // Duplicate "sub": the decoder refuses the ambiguity.
  const duplicate = Buffer.from('{"sub":"user","sub":"admin","exp":' + String(now + 3600) + '}').toString('base64url')
  writeFileSync(join(dir, 'duplicate.log'), `token=${hs256({ alg: 'HS256', typ: 'JWT' }, duplicate, 'y'.repeat(32))}\n`)
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet scan exit rules', () => {
  it('an HS256 token signed with the set’s public key: unverifiable, exit 0; with --fail-unverifiable, exit 1', async () => {
    const plain = await runCli(['scan', join(dir, 'confusion.log'), '--jwks', jwksPath, '--json'])
    expect(plain.code).toBe(0)
    const report = JSON.parse(plain.stdout) as { tokens: { verdict: string; reason: string }[] }
    expect(report.tokens).toHaveLength(1)
    expect(report.tokens[0]!.verdict).toBe('unverifiable')
    expect(report.tokens[0]!.reason).toMatch(
      /none of the 1 keys in the set can verify HS256 \(the set holds RSA 2048\)/,
    )
    const gate = await runCli(['scan', join(dir, 'confusion.log'), '--jwks', jwksPath, '--fail-unverifiable'])
    expect(gate.code).toBe(1)
  })

  it('a kid the set does not hold: unverifiable, exit 1 under --fail-unverifiable', async () => {
    const gate = await runCli([
      'scan',
      join(dir, 'unknown-kid.log'),
      '--jwks',
      jwksPath,
      '--fail-unverifiable',
      '--json',
    ])
    expect(gate.code).toBe(1)
    expect(JSON.parse(gate.stdout)).toMatchObject({ summary: { byVerdict: { unverifiable: 1 }, exitCode: 1 } })
  })

  it('--fail-unverifiable without keys is a usage error', async () => {
    const result = await runCli(['scan', join(dir, 'unknown-kid.log'), '--fail-unverifiable'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/ERR_USAGE: --fail-unverifiable needs keys to verify with/)
  })

  it('a token with duplicate members: malformed, exit 1, and a SARIF error at its location', async () => {
    const result = await runCli(['scan', join(dir, 'duplicate.log'), '--secret', 'y'.repeat(32), '--sarif'])
    expect(result.code).toBe(1)
    const sarif = JSON.parse(result.stdout) as {
      runs: { results: { ruleId: string; level: string; locations: unknown[] }[] }[]
    }
    const malformed = sarif.runs[0]!.results.filter((r) => r.ruleId === 'token-malformed')
    expect(malformed).toHaveLength(1)
    expect(malformed[0]!.level).toBe('error')
    expect(malformed[0]!.locations).toHaveLength(1)
  })
})
