import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'

/** Issue 10 items 6, 7, 16 and issue 12 item 14 through the real CLI: exit codes and the leading reason. */

let dir: string
const now = Math.floor(Date.now() / 1000)

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-cli-explain-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet verify explains the true cause', () => {
  it('a right but weak HMAC secret: exit 1, the signature matches and the key is too weak; --min-hmac-bytes accepts it with a warning', async () => {
    const token = await new SignJWT({ exp: now + 600 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('short-secret'))
    const weak = await runCli(['verify', token, '--secret', 'short-secret', '--secret-encoding', 'utf8'])
    expect(weak.code).toBe(1)
    expect(weak.stdout).toMatch(
      /INVALID {2}The signature matches secret \(UTF-8[^)]*\), but the key is too weak under the policy/,
    )
    const lenient = await runCli([
      'verify',
      token,
      '--secret',
      'short-secret',
      '--secret-encoding',
      'utf8',
      '--min-hmac-bytes',
      '12',
    ])
    expect(lenient.code).toBe(0)
    expect(lenient.stdout).toMatch(/VALID/)
  })

  it('a JWKS with a duplicate kid still verifies a token naming a unique kid (exit 0, not ERR_KEY_SET_AMBIGUOUS)', async () => {
    const [a, b, c] = await Promise.all([generateKeyPair('ES256'), generateKeyPair('ES256'), generateKeyPair('ES256')])
    const jwks = join(dir, 'dup.jwks')
    writeFileSync(
      jwks,
      JSON.stringify({
        keys: [
          { ...(await exportJWK(a.publicKey)), kid: 'dup' },
          { ...(await exportJWK(b.publicKey)), kid: 'dup' },
          { ...(await exportJWK(c.publicKey)), kid: 'unique' },
        ],
      }),
    )
    const token = await new SignJWT({ exp: now + 600 })
      .setProtectedHeader({ alg: 'ES256', kid: 'unique' })
      .sign(c.privateKey)
    const result = await runCli(['verify', token, '--jwks', jwks, '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const trace = JSON.parse(result.stdout) as {
      verdict: string
      checks: { id: string; detail?: { duplicateKids?: unknown } }[]
    }
    expect(trace.verdict).toBe('valid')
    expect(trace.checks.find((x) => x.id === 'key-select')!.detail?.duplicateKids).toEqual([
      { kid: 'dup', keys: [1, 2] },
    ])
  })

  it('a future iat is rejected by default without accusing, and --future-iat warn accepts it', async () => {
    const secret = 'an HMAC secret that is at least thirty-two bytes long'
    const token = await new SignJWT({ iat: now + 3600, exp: now + 7200 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(secret))
    const strict = await runCli(['verify', token, '--secret', secret, '--secret-encoding', 'utf8'])
    expect(strict.code).toBe(1)
    expect(strict.stdout).not.toMatch(/forged/)
    expect(strict.stdout).toMatch(/futureIat: "reject"/)
    const warn = await runCli([
      'verify',
      token,
      '--secret',
      secret,
      '--secret-encoding',
      'utf8',
      '--future-iat',
      'warn',
    ])
    expect(warn.code).toBe(0)
  })
})

describe('signet lint --fail-on', () => {
  it('exits 1 at or above the chosen severity, 0 below it, 2 for an unknown one', async () => {
    // No exp: a finding below "high"; the secret is strong, so nothing is high.
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('Kq8vN3xZp2LmR7tY9wB4cD6fH1jS5gU0eA'))
    const json = JSON.parse((await runCli(['lint', token, '--json'])).stdout) as { findings: { severity: string }[] }
    const worst = ['high', 'medium', 'low', 'info'].find((s) => json.findings.some((f) => f.severity === s))!
    expect(worst).not.toBe('high')
    expect((await runCli(['lint', token])).code).toBe(0)
    expect((await runCli(['lint', token, '--fail-on', worst])).code).toBe(1)
    expect((await runCli(['lint', token, '--fail-on', 'never'])).code).toBe(0)
    const bad = await runCli(['lint', token, '--fail-on', 'severe'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--fail-on takes one of high, medium, low, info or never/)
  })
})
