import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import { parsePolicy } from '#shared/validation-policy/policy'
import { verifyToken } from '#shared/token/verify/verify-token'

/** Issue 10 item 7: one shared kid no longer makes a whole JWKS unusable (RFC 7517 §4.5: SHOULD). */
describe('a JWKS with a duplicate kid', () => {
  it('verifies a token whose kid is another, unique one, and reports the duplicate', async () => {
    const [a, b, c] = await Promise.all([generateKeyPair('ES256'), generateKeyPair('ES256'), generateKeyPair('ES256')])
    const jwks = JSON.stringify({
      keys: [
        { ...(await exportJWK(a.publicKey)), kid: 'dup' },
        { ...(await exportJWK(b.publicKey)), kid: 'dup' },
        { ...(await exportJWK(c.publicKey)), kid: 'unique' },
      ],
    })
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'unique' }).sign(c.privateKey)
    const report = await verifyToken(token, keySourceFromParsed(await parseKeyText(jwks)), parsePolicy({}), {
      at: 1_900_000_000,
    })
    expect(report.trace.verdict).toBe('valid')
    const selection = report.trace.checks.find((x) => x.id === 'key-select')!
    expect(selection.message).toMatch(/keys 1 and 2 share kid "dup"; RFC 7517 §4.5 says kids SHOULD be distinct/)
    expect(selection.detail?.duplicateKids).toEqual([{ kid: 'dup', keys: [1, 2] }])
  })

  it("tries every key that shares the token's kid and names the one that verified", async () => {
    const [a, b] = await Promise.all([generateKeyPair('ES256'), generateKeyPair('ES256')])
    const jwks = JSON.stringify({
      keys: [
        { ...(await exportJWK(a.publicKey)), kid: 'dup' },
        { ...(await exportJWK(b.publicKey)), kid: 'dup' },
      ],
    })
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'dup' }).sign(b.privateKey)
    const report = await verifyToken(token, keySourceFromParsed(await parseKeyText(jwks)), parsePolicy({}), {
      at: 1_900_000_000,
    })
    expect(report.trace.verdict).toBe('valid')
    expect(report.trace.checks.find((x) => x.id === 'key-select')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/shared by 2 keys of the set/),
    })
    expect(report.trace.checks.find((x) => x.id === 'signature')!.message).toMatch(
      /verifies with pasted JWKS: key 2 kid=dup .*\(1 other key tried first\)/,
    )
    expect(report.key?.index).toBe(1)
  })
})
