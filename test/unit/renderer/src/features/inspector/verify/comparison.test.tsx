import { describe, expect, it } from 'vitest'
import { encodeBase64url } from '#shared/encoding/base64url'
import { comparisonFromText, guessTokenKind } from '#renderer/features/inspector/verify/comparison'

const utf8 = (text: string) => encodeBase64url(new TextEncoder().encode(text))
const b64 = (value: unknown) => utf8(JSON.stringify(value))
const jwt = (header: object, claims: object) => `${b64(header)}.${b64(claims)}.c2ln`

describe('comparison tokens', () => {
  it('are labelled by what they are', () => {
    expect(guessTokenKind({ typ: 'at+jwt' }, {})).toBe('access token')
    expect(guessTokenKind({ typ: 'application/at+jwt' }, {})).toBe('access token')
    expect(guessTokenKind({ typ: 'JWT' }, { nonce: 'n' })).toBe('ID token')
    expect(guessTokenKind({}, { azp: 'c', auth_time: 1 })).toBe('ID token')
    expect(guessTokenKind({}, { token_use: 'refresh' })).toBe('refresh token')
    expect(guessTokenKind({}, { scope: 'a b' })).toBe('access token')
    expect(guessTokenKind({ typ: 'dpop+jwt' }, {})).toBe('DPoP proof')
    expect(guessTokenKind({}, { sub: 'x' })).toBe('token')
  })

  it('are read from a pasted token; a label the user gives wins', () => {
    const token = comparisonFromText(jwt({ alg: 'ES256' }, { sub: 'a', nonce: 'n', exp: 10 }))
    expect(token).toMatchObject({ label: 'ID token', claims: { exp: 10 } })
    expect(comparisonFromText(jwt({ alg: 'ES256' }, { exp: 10 }), ' refresh (old) ').label).toBe('refresh (old)')
    expect(comparisonFromText(jwt({ alg: 'ES256' }, { exp: 10 })).id).not.toBe(token.id)
  })

  it('refuse what has no times to show, saying why', () => {
    expect(() => comparisonFromText('eyJhbGciOiJBMTI4S1ciLCJlbmMiOiJBMTI4R0NNIn0.a.b.c.d')).toThrow(/encrypted/)
    expect(() => comparisonFromText(`${b64({ alg: 'HS256' })}.${utf8('hello')}.c2ln`)).toThrow(/not a JSON claims set/)
    expect(() => comparisonFromText('nonsense')).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^ERR_TOKEN_/) }),
    )
  })
})
