import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'

/**
 * Class: decode, verify and lint read the same input differently (issue 10, item 10), through the
 * real CLI: verify fails the encoding check with a trace and exit 1 (not exit 2 without one), decode
 * and lint say what was changed.
 */

const secret = 'an HMAC secret that is at least thirty-two bytes long'
const b64 = (text: string) => Buffer.from(text).toString('base64url')
const sign = (input: string) => `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
const exp = Math.floor(Date.now() / 1000) + 600
const clean = sign(`${b64('{"alg":"HS256"}')}.${b64(JSON.stringify({ sub: 'alice', exp }))}`)
const duplicated = sign(`${b64('{"alg":"HS256"}')}.${b64(`{"sub":"alice","sub":"admin","exp":${exp}}`)}`)

describe('signet: one normalisation', () => {
  it('verify: padding and duplicate members fail the encoding check with a trace, exit 1', async () => {
    for (const token of [`${clean}=`, duplicated]) {
      const result = await runCli(['verify', token, '--secret', secret, '--json'])
      expect(result.code).toBe(1)
      const checks = JSON.parse(result.stdout).checks as { id: string; status: string }[]
      expect(checks.find((c) => c.id === 'encoding')?.status).toBe('fail')
    }
    expect((await runCli(['verify', clean, '--secret', secret])).code).toBe(0)
  })

  it('a log line and an Authorization header line: the token is taken out, and the CLI says so', async () => {
    const verified = await runCli(['verify', '-', '--secret', secret], { input: `Authorization: Bearer ${clean}\n` })
    expect(verified.code).toBe(0)
    const decoded = await runCli(['decode', `12:00:01 INFO auth token=${clean} user=alice`])
    expect(decoded.code).toBe(0)
    expect(decoded.stdout).toContain('the text around the token')
    const linted = await runCli(['lint', '--json', `12:00:01 INFO auth token=${clean} user=alice`])
    expect(JSON.parse(linted.stdout).findings.map((f: { id: string }) => f.id)).toContain('token-extracted')
  })

  it('decode shows a token with duplicate members, with a note, and numbers as written', async () => {
    const result = await runCli([
      'decode',
      sign(`${b64('{"alg":"HS256"}')}.${b64('{"sub":"a","sub":"b","exp":1e400}')}`),
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('duplicate member "sub"')
    expect(result.stdout).toMatch(/exp\s+1e400/)
    expect(result.stdout).toContain('out of range')
  })
})
