import { createHmac } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '#test/support/run-cli'

/**
 * A scan reports tokens found in a log to people beyond the one who holds them — a SARIF upload, a
 * ticket — so a credential it recovers must not be in the report: the weak-secret check finds the
 * HMAC secret of a token signed with a dictionary secret (jwt.io's "your-256-bit-secret"), and every
 * format names the finding with the secret masked. (`signet lint` of one token still names it: the
 * person asking holds the token.)
 */

const secret = 'your-256-bit-secret'
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
let dir: string
let log: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-secrets-'))
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })}`
  const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
  log = join(dir, 'gateway.log')
  writeFileSync(log, `GET /api Authorization: Bearer ${token}\n`)
}, 30_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet scan never prints an HMAC secret it recovers', () => {
  for (const format of [[], ['--json'], ['--ndjson'], ['--sarif']]) {
    it(`${format[0] ?? 'human'}: the weak-hmac-secret finding is there, the secret only masked`, async () => {
      const result = await runCli(['scan', log, ...format])
      expect(result.code, result.stderr).toBe(1)
      const all = result.stdout + result.stderr
      expect(all).toContain('weak-hmac-secret')
      expect(all).not.toContain(secret)
      if (format.length) expect(all).toContain('yo***************et')
    })
  }

  it('signet lint of the one token still names it', async () => {
    const token = /Bearer (\S+)/.exec(readFileSync(log, 'utf8'))![1]!
    const result = await runCli(['lint', token])
    expect(result.stdout).toContain(`the well-known secret "${secret}"`)
  })
})
