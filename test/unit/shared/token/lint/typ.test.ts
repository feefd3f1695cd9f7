import { describe, expect, it } from 'vitest'
import { lintToken, normaliseTyp } from '#shared/token/lint'
import { compact, find, ids, now } from './tokens'

const sig = Buffer.alloc(64, 1).toString('base64url')
const lint = (header: object, claims: object, policy?: object) =>
  lintToken(compact({ alg: 'ES256', ...header }, { exp: now + 60, ...claims }, sig), {
    now,
    ...(policy ? { policy } : {}),
  })
const accessClaims = {
  iss: 'https://as.example',
  aud: 'api',
  sub: 'u',
  client_id: 'c',
  iat: now,
  jti: 'j',
  scope: 'read',
}

describe('lint — typ', () => {
  it('normalises media types', () => {
    expect(normaliseTyp('application/AT+JWT')).toBe('at+jwt')
  })

  it('says typ is missing: info by default, low for access-token-like claims, medium under a policy', () => {
    expect(find(lint({}, { aud: 'x' }), 'typ-missing')?.severity).toBe('info')
    const access = find(lint({}, accessClaims), 'typ-missing')!
    expect(access.severity).toBe('low')
    expect(access.message).toMatch(/at\+jwt/)
    expect(find(lint({}, { aud: 'x' }, { expectedTyp: 'at+jwt' }), 'typ-missing')?.severity).toBe('medium')
  })

  it('flags a typ other than the policy expects, ignoring case and the application/ prefix', () => {
    expect(find(lint({ typ: 'JWT' }, accessClaims, { expectedTyp: 'at+jwt' }), 'typ-unexpected')?.message).toContain(
      '"JWT"',
    )
    expect(ids(lint({ typ: 'application/AT+JWT' }, accessClaims, { expectedTyp: 'at+jwt' }))).not.toContain(
      'typ-unexpected',
    )
  })

  it('checks RFC 9068 required claims and ID-token claims in at+jwt', () => {
    expect(ids(lint({ typ: 'at+jwt' }, accessClaims))).not.toContain('at-jwt-claims-missing')
    const missing = find(lint({ typ: 'at+jwt' }, { aud: 'api', sub: 'u' }), 'at-jwt-claims-missing')!
    expect(missing.message).toContain('"iss", "client_id", "iat", "jti"')
    expect(find(lint({ typ: 'at+jwt' }, { ...accessClaims, nonce: 'n' }), 'typ-unexpected')?.title).toMatch(/ID-token/)
  })
})
