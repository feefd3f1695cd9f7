import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { formatDecoded } from '#cli/output/decoded'
import { secretKeySource } from '#shared/key-material/source'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { encodeBase64url } from '#shared/encoding/base64url'
import { decodeToken } from '#shared/token/decode'
import { lintToken } from '#shared/token/lint'
import { verifyToken } from '#shared/token/verify/verify-token'

/** Class: numbers beyond range (issue 10, item 9). A literal is shown as written; a NumericDate that cannot be a date is "out of range". */

const now = 1_900_000_000
const secret = 'an HMAC secret that is at least thirty-two bytes long'
const b64 = (text: string) => encodeBase64url(new TextEncoder().encode(text))
const token = (claimsJson: string) => {
  const input = `${b64('{"alg":"HS256","typ":"JWT"}')}.${b64(claimsJson)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}
const shown = (claimsJson: string) => formatDecoded(decodeToken(token(claimsJson)), { color: false, now })
const expFindings = (claimsJson: string) =>
  lintToken(token(claimsJson), { now, weakSecretQuickCheck: false }).filter((f) => f.location?.path === 'exp')

describe('numbers beyond range', () => {
  it('exp: 1e400 is shown as 1e400 (not null), and called out of range (not "null")', async () => {
    const claims = '{"sub":"u","exp":1e400}'
    expect(decodeToken(token(claims)).notes.numberLiterals).toEqual([
      { segment: 'payload', path: 'exp', literal: '1e400', exact: false },
    ])
    const text = shown(claims)
    expect(text).toMatch(/exp\s+1e400/)
    expect(text).toContain('out of range')
    expect(text).not.toMatch(/exp\s+null/)
    const [finding] = expFindings(claims)
    expect(finding?.title).toBe('"exp" is out of range')
    expect(finding?.message).toContain('"exp" is 1e400')
    expect(finding?.message).not.toContain('null')
    const report = await verifyToken(token(claims), secretKeySource(secret), defaultPolicy(), { at: now })
    expect(report.trace.checks.find((c) => c.id === 'exp')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('out of range'),
    })
  })

  it('exp: 1e20 is a number out of range, not "not a number"', () => {
    const [finding] = expFindings('{"exp":1e20}')
    expect(finding?.title).toBe('"exp" is out of range')
    expect(finding?.message).toContain('"exp" is 1e20')
    expect(finding?.message).not.toMatch(/not a (number|NumericDate)/)
    expect(shown('{"exp":1e20}')).toMatch(/exp\s+1e20/)
  })

  it('99999999999999999999999 is shown as written, not as 1e+23', () => {
    const claims = '{"exp":99999999999999999999999,"n":99999999999999999999999}'
    const text = shown(claims)
    expect(text).toMatch(/exp\s+99999999999999999999999/)
    expect(text).toMatch(/n\s+99999999999999999999999/)
    expect(text).not.toContain('1e+23')
    expect(decodeToken(token(claims)).notes.numberLiterals.find((n) => n.path === 'n')).toMatchObject({ exact: false })
    expect(expFindings(claims)[0]?.message).toContain('99999999999999999999999')
  })

  it('a NumericDate in range is still a date, and exact numbers record nothing', () => {
    expect(shown('{"exp":1900000060}')).toContain('2030-03-17')
    expect(decodeToken(token('{"exp":1900000060,"x":1.5}')).notes.numberLiterals).toEqual([])
    expect(expFindings('{"exp":1900000060}').filter((f) => f.id === 'claim-type-invalid')).toEqual([])
  })

  it('the largest date a JS Date holds is in range; one second more is not', () => {
    expect(expFindings('{"exp":8640000000000}').map((f) => f.title)).not.toContain('"exp" is out of range')
    expect(expFindings('{"exp":8640000000001}').map((f) => f.title)).toContain('"exp" is out of range')
  })
})
