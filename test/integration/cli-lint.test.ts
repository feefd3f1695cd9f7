import { createHmac } from 'node:crypto'
import { generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { weakSecretDictionary } from '#shared/token/weak-secrets/dictionary'
import { runCli } from '../support/run-cli'

const jwtio =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
function hs256(claims: object, secret: string): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}
const nowSeconds = () => Math.floor(Date.now() / 1000)

describe('signet lint', () => {
  it("exits 1 on jwt.io's sample token, naming its well-known secret, grouped by severity", async () => {
    const result = await runCli(['lint', jwtio])
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^3 findings: 1 high, 1 medium, 1 low/)
    expect(result.stdout).toContain('the well-known secret "your-256-bit-secret"')
    const sections = ['HIGH', 'MEDIUM', 'LOW'].map((s) => result.stdout.indexOf(`\n${s}\n`))
    expect(sections.every((i) => i > 0)).toBe(true)
    expect(sections).toEqual([...sections].sort((a, b) => a - b))
    expect(result.stdout).toContain('[exp-missing] at payload › exp')
  })

  it('runs the whole dictionary, not only the quick first pass', async () => {
    const secret = weakSecretDictionary()[1500]!
    const result = await runCli(['lint', hs256({ sub: 'u', aud: 'api', exp: nowSeconds() + 600 }, secret), '--json'])
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout)
    const weak = report.findings.find((f: { id: string }) => f.id === 'weak-hmac-secret')
    expect(weak.message).toContain(JSON.stringify(secret))
  })

  it('exits 0 with "No findings" for a well-formed ES256 access token', async () => {
    const { privateKey } = await generateKeyPair('ES256')
    const token = await new SignJWT({ client_id: 'c', scope: 'read' })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' })
      .setIssuer('https://as.example')
      .setAudience('api')
      .setSubject('u1')
      .setJti('j1')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(privateKey)
    const result = await runCli(['lint', token])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^✔ No findings {2}JWS · compact\n$/)
  })

  it('exits 0 when the worst finding is medium, and still lists it', async () => {
    const { privateKey } = await generateKeyPair('ES256')
    const token = await new SignJWT({ sub: 'u', aud: 'api' })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .sign(privateKey)
    const result = await runCli(['lint', token])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('[exp-missing]')
  })

  it('reads "-" from standard input and prints JSON whose summary matches the findings', async () => {
    const token = `${b64({ alg: 'none' })}.${b64({ sub: 'admin', password: 'correct-horse-battery-staple' })}.`
    const result = await runCli(['lint', '-', '--json'], { input: `Bearer ${token}\n` })
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout)
    expect(report.form).toBe('unsecured-jwt')
    expect(report.findings.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining(['alg-none', 'sensitive-claim']),
    )
    const counted = { high: 0, medium: 0, low: 0, info: 0 } as Record<string, number>
    for (const f of report.findings as { severity: string }[]) counted[f.severity]!++
    expect(report.summary).toEqual(counted)
    // the finding names the claim but never prints the password
    expect(result.stdout).not.toContain('correct-horse-battery-staple')
  })

  it('exits 2 with one line on stderr for input that is not a token', async () => {
    const result = await runCli(['lint', 'definitely.not'])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^signet: ERR_TOKEN_SEGMENT_COUNT: /)
  })

  it('exits 2 when "-" is given but nothing arrives on standard input', async () => {
    const result = await runCli(['lint', '-'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^signet: ERR_TOKEN_EMPTY: /)
  })
})
