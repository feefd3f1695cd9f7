import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { secretKeySource } from '#shared/key-material/source'
import { parsePolicy } from '#shared/validation-policy/policy'
import { verifyToken } from '#shared/token/verify/verify-token'

/** Issue 10 item 16: a future iat is local policy (reject | warn | ignore), and the message does not accuse. */
describe('future iat handling', () => {
  const at = 1_900_000_000
  const secret = 'an HMAC secret that is at least thirty-two bytes long'
  const token = () =>
    new SignJWT({ iat: at + 3600, exp: at + 7200 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(secret))

  it('rejects by default, without calling the token forged, and says how to relax it', async () => {
    const report = await verifyToken(await token(), secretKeySource(secret, 'utf8'), parsePolicy({}), { at })
    expect(report.trace.verdict).toBe('invalid')
    expect(report.trace.reason).toMatch(
      /^Issued at \(iat\): Issued in the future .*issuer's clock is probably ahead.*futureIat: "reject"/,
    )
    expect(report.trace.reason).not.toMatch(/forged/)
  })

  it('warns or ignores as the policy says, while exp keeps the normal skew', async () => {
    const warn = await verifyToken(await token(), secretKeySource(secret, 'utf8'), parsePolicy({ futureIat: 'warn' }), {
      at,
    })
    expect(warn.trace.verdict).toBe('valid')
    expect(warn.trace.checks.find((c) => c.id === 'iat')!.status).toBe('warn')
    const ignore = await verifyToken(
      await token(),
      secretKeySource(secret, 'utf8'),
      parsePolicy({ futureIat: 'ignore' }),
      { at },
    )
    expect(ignore.trace.checks.find((c) => c.id === 'iat')!.status).toBe('pass')
    const expired = await verifyToken(
      await token(),
      secretKeySource(secret, 'utf8'),
      parsePolicy({ futureIat: 'ignore' }),
      { at: at + 7300 },
    )
    expect(expired.trace.verdict).toBe('invalid')
    expect(() => parsePolicy({ futureIat: 'maybe' })).toThrow(/futureIat must be one of "reject", "warn", "ignore"/)
  })
})
