import { describe, expect, it } from 'vitest'
import { buildSignRequest, checkClaims, parseRecipient, type SignForm } from '#renderer/features/sign/sign-request'
import { at, keyInfo, makeSet, setInfo } from '../keys/fixtures'

const form = (changes: Partial<SignForm> = {}): SignForm => ({
  claimsText: '{ "sub": "alice" }',
  typ: 'JWT',
  cty: '',
  expiresIn: '',
  notBefore: '',
  jti: true,
  kid: null,
  encrypt: false,
  recipientText: '',
  jweAlg: '',
  jweEnc: '',
  ...changes,
})

const set = makeSet()
const active = keyInfo('active-key', [
  ['staged', 0],
  ['active', 0],
])
const staged = keyInfo('staged-key', [['staged', 10]], { alg: 'EdDSA', kty: 'OKP', crv: 'Ed25519' })
const leaked = keyInfo('leaked', [
  ['staged', 0],
  ['compromised', 5],
])
const keys = [active, staged, leaked]
const now = at(1000)
const info = setInfo(set, keys, now)

describe('checkClaims', () => {
  it('points at each claim of the wrong type, at its offset in the text', () => {
    const text = '{ "sub": 42, "exp": "tomorrow", "aud": [1], "iss": "https://evil.example" }'
    const { problems } = checkClaims(text, info)
    expect(problems.map((p) => p.message)).toEqual([
      '"exp" must be a NumericDate (seconds since 1970), not the string "tomorrow".',
      '"sub" must be a string, not a number.',
      '"aud" must be a string or an array of strings.',
      '"iss" differs from set prod’s issuer "https://auth.example.com". Leave "iss" out: Signet fills it in.',
    ])
    expect(text.slice(problems[0]!.offset!, problems[0]!.offset! + problems[0]!.length!)).toBe('"tomorrow"')
  })

  it('refuses duplicate claim names, which verifiers resolve differently', () => {
    const { problems } = checkClaims('{ "sub": "a", "sub": "b" }', info)
    expect(problems[0]!.message).toContain('"sub" appears more than once')
  })

  it('reports JSON that does not parse, and a value that is not an object', () => {
    expect(checkClaims('{ "sub": ', info).claims).toBeNull()
    expect(checkClaims('[1, 2]', info).problems[0]!.message).toContain('must be a JSON object')
    expect(checkClaims('', info)).toEqual({ claims: {}, problems: [] })
  })
})

describe('buildSignRequest', () => {
  it('signs with the active key by default, leaving the lifetime to the set', () => {
    const plan = buildSignRequest(form(), info, keys, now.getTime())
    expect(plan.problems).toEqual([])
    expect(plan.key?.kid).toBe('active-key')
    expect(plan.input).toEqual({ set: set.id, claims: { sub: 'alice' }, typ: 'JWT', jti: true })
    expect(plan.expiresAt).toBe(now.getTime() + 900_000)
    expect(plan.expSource).toContain('default lifetime, 15m')
  })

  it('turns the helpers into durations and names a non-active key explicitly', () => {
    const plan = buildSignRequest(
      form({ kid: 'staged-key', expiresIn: '5m', notBefore: '0s', typ: '', cty: 'JWT', jti: false }),
      info,
      keys,
      now.getTime(),
    )
    expect(plan.input).toEqual({
      set: set.id,
      claims: { sub: 'alice' },
      typ: null,
      jti: false,
      kid: 'staged-key',
      cty: 'JWT',
      expiresIn: 300,
      notBefore: 0,
    })
  })

  it('refuses a lifetime beyond the set’s maximum, wherever it comes from', () => {
    expect(buildSignRequest(form({ expiresIn: '2h' }), info, keys, now.getTime()).problems[0]).toMatchObject({
      field: 'expiresIn',
      message: expect.stringContaining('Longer than set prod allows (1h)'),
    })
    const exp = Math.floor(now.getTime() / 1000) + 7200
    const fromClaims = buildSignRequest(
      form({ claimsText: `{ "exp": ${exp} }`, expiresIn: '5m' }),
      info,
      keys,
      now.getTime(),
    )
    expect(fromClaims.problems[0]).toMatchObject({ field: 'claims' })
    expect(fromClaims.expSource).toBe('"exp" in the claims')
  })

  it('does not send the lifetime twice when the claims carry exp', () => {
    const exp = Math.floor(now.getTime() / 1000) + 600
    const plan = buildSignRequest(form({ claimsText: `{ "exp": ${exp} }`, expiresIn: '5m' }), info, keys, now.getTime())
    expect(plan.input).not.toHaveProperty('expiresIn')
    expect(plan.expiresAt).toBe(exp * 1000)
  })

  it('refuses a token that would never be valid, and bad durations', () => {
    expect(
      buildSignRequest(form({ expiresIn: '5m', notBefore: '10m' }), info, keys, now.getTime()).problems[0]!.message,
    ).toBe('It would become valid only after it expires.')
    expect(buildSignRequest(form({ expiresIn: '5 minutes' }), info, keys, now.getTime()).problems[0]!.field).toBe(
      'expiresIn',
    )
  })

  it('will not sign with a compromised key, nor in a set without an active one', () => {
    expect(buildSignRequest(form({ kid: 'leaked' }), info, keys, now.getTime()).problems[0]!.message).toBe(
      'leaked is compromised: Signet does not sign with it.',
    )
    const empty = setInfo(set, [staged], now)
    expect(buildSignRequest(form(), empty, [staged], now.getTime()).problems[0]!.message).toContain('has no active key')
  })

  it('adds the JWE recipient and its algorithms when encrypting', () => {
    const jwk = { kty: 'RSA', n: 'abc', e: 'AQAB' }
    const plan = buildSignRequest(
      form({ encrypt: true, recipientText: JSON.stringify(jwk), jweAlg: 'RSA-OAEP', jweEnc: 'A128GCM' }),
      info,
      keys,
      now.getTime(),
    )
    expect(plan.input?.encryptTo).toEqual({ jwk, alg: 'RSA-OAEP', enc: 'A128GCM' })
  })
})

describe('parseRecipient', () => {
  it('takes a public JWK or a JWKS of one, and refuses private or ambiguous ones', () => {
    expect(parseRecipient('{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b"}]}')).toEqual({
      jwk: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' },
    })
    expect(parseRecipient('{"kty":"RSA","n":"a","e":"AQAB","d":"secret"}')).toEqual({
      problem: expect.stringContaining('private member "d"'),
    })
    expect(parseRecipient('{"keys":[{},{}]}')).toEqual({ problem: expect.stringContaining('holds 2 keys') })
    expect(parseRecipient('{"n":"a"}')).toEqual({ problem: expect.stringContaining('with "kty"') })
    expect(parseRecipient('nope')).toEqual({ problem: expect.stringContaining('not valid JSON') })
  })
})
