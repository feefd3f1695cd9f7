import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import type { KeySource } from '#shared/key-material/types'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { parseRevocationsClaim } from '#shared/revocation-list/format'
import type { JsonObject } from '#shared/encoding/json'
import type { Check } from '#shared/token/verify/check'
import { prepareRevocationList, revocationListChecks } from '#shared/token/verify/revocation-check'

const now = 1_900_000_000
let issuer: { publicKey: CryptoKey; privateKey: CryptoKey }
let source: KeySource

beforeAll(async () => {
  issuer = await generateKeyPair('ES256', { extractable: true })
  source = keySourceFromParsed(await parseKeyText(JSON.stringify(await exportJWK(issuer.publicKey))), { at: now })
})

async function list(revocations: unknown, typ = 'signet-revocations+jwt'): Promise<string> {
  return new SignJWT({ iat: now - 60, exp: now + 3600, revocations })
    .setProtectedHeader({ alg: 'ES256', typ })
    .sign(issuer.privateKey)
}

async function revoked(claims: JsonObject, token: string): Promise<Check> {
  const checks = revocationListChecks(claims, await prepareRevocationList(token, source, defaultPolicy()), now, 60)
  return checks.find((c) => c.id === 'revoked')!
}

describe('Signet revocation list checks', () => {
  const entries = [{ jti: 'j-1', reason: 'lost laptop' }, { sub: 'mallory' }, { jti: 'j-old', until: now - 10 }]

  it('rejects a listed jti or sub, and ignores entries whose until has passed', async () => {
    const token = await list({ version: 1, entries })
    expect(await revoked({ jti: 'j-1', sub: 'alice', iat: now }, token)).toMatchObject({
      status: 'fail',
      message: 'The token is revoked: the revocation list names its jti "j-1" (reason: lost laptop).',
    })
    expect((await revoked({ jti: 'j-2', sub: 'mallory', iat: now }, token)).status).toBe('fail')
    expect((await revoked({ jti: 'j-old', sub: 'alice', iat: now }, token)).status).toBe('pass')
  })

  it('rejects tokens issued before the cutoff, and tokens without iat when there is one', async () => {
    const token = await list({ version: 1, not_before: now - 100, entries: [] })
    expect((await revoked({ jti: 'x', iat: now - 200 }, token)).status).toBe('fail')
    expect((await revoked({ jti: 'x' }, token)).status).toBe('fail')
    expect((await revoked({ jti: 'x', iat: now - 50 }, token)).status).toBe('pass')
  })

  it('fails malformed lists, wrong typ and lists over the budget with clear messages', async () => {
    expect(
      (await revoked({ jti: 'x' }, await list({ version: 1, entries: [{ jti: 'a', sub: 'b' }] }))).message,
    ).toContain('exactly one of "jti" or "sub"')
    const wrongTyp = revocationListChecks(
      { jti: 'x' },
      await prepareRevocationList(await list({ version: 1, entries: [] }, 'JWT'), source, defaultPolicy()),
      now,
      60,
    )
    expect(wrongTyp[0]).toMatchObject({ id: 'revocation-list-signature', status: 'fail' })
    const huge = Array.from({ length: 100_001 }, (_, i) => ({ jti: `j${i}` }))
    expect(() => parseRevocationsClaim({ version: 1, entries: huge })).toThrow(/more than 100,000 entries/)
    // A token that large is refused by the token decoder's own size budget first, and the check says so.
    expect((await revoked({ jti: 'x' }, await list({ version: 1, entries: huge }))).message).toMatch(
      /could not be read: .+/,
    )
  })
})
