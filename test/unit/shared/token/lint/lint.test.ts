import { describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { decodeToken } from '#shared/token/decode'
import { lintToken, severities, sortFindings, type Finding } from '#shared/token/lint'
import { b64, compact, hmacToken, ids, json, now } from './tokens'

describe('lintToken', () => {
  it('orders findings by severity and gives every one the full shape', () => {
    const token = hmacToken(
      { jku: 'http://evil.example/jwks', kid: '../../dev/null' },
      { password: 'p4ssw0rd-value', iat: now + 9999 },
      'secret',
    )
    const findings = lintToken(token, { now })
    const ranks = findings.map((f) => severities.indexOf(f.severity))
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b))
    expect(ids(findings)).toEqual(
      expect.arrayContaining([
        'weak-hmac-secret',
        'jku-present',
        'kid-path-traversal',
        'sensitive-claim',
        'exp-missing',
        'iat-future',
        'aud-missing',
      ]),
    )
    for (const finding of findings) {
      expect(finding.id).toMatch(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/)
      expect(finding.title.length).toBeGreaterThan(5)
      expect(finding.message.length).toBeGreaterThan(20)
      expect(finding.remediation.length).toBeGreaterThan(10)
    }
    expect(JSON.stringify(findings)).not.toContain('p4ssw0rd-value')
  })

  it('keeps the reporting order within a severity (stable sort)', () => {
    const mk = (id: string, severity: Finding['severity']): Finding => ({
      id,
      severity,
      title: id,
      message: id,
      remediation: id,
    })
    expect(
      sortFindings([mk('a', 'low'), mk('b', 'high'), mk('c', 'low'), mk('d', 'info'), mk('e', 'high')]).map(
        (f) => f.id,
      ),
    ).toEqual(['b', 'e', 'a', 'c', 'd'])
  })

  it('returns nothing alarming for a well-formed, well-typed access token', () => {
    const claims = {
      iss: 'https://as.example',
      aud: 'api',
      sub: 'u',
      client_id: 'c',
      iat: now,
      exp: now + 900,
      jti: 'j1',
      scope: 'read',
    }
    const token = compact({ alg: 'ES256', typ: 'at+jwt', kid: 'k1' }, claims, Buffer.alloc(64, 1).toString('base64url'))
    expect(lintToken(token, { now })).toEqual([])
  })

  it('accepts a DecodedToken (duplicates decoded leniently by the caller)', () => {
    const text = `${b64('{"alg":"ES256","typ":"JWT"}')}.${b64('{"aud":"a","aud":"b","exp":1}')}.${Buffer.alloc(64, 1).toString('base64url')}`
    const decoded = decodeToken(text, { allowDuplicateMembers: true })
    expect(ids(lintToken(decoded, { now }))).toContain('duplicate-member')
  })

  it('lints JWE headers but not the (encrypted) claims', () => {
    const jwe = `${json({ alg: 'dir', enc: 'A256GCM', jku: 'https://k.example/jwks' })}..${b64('iv-12-bytes!')}.${b64('ciphertext')}.${b64('tag-16-bytes-lon')}`
    const found = ids(lintToken(jwe, { now }))
    expect(found).toContain('jku-present')
    expect(found.filter((id) => /exp|aud|typ|sensitive/.test(id))).toEqual([])
  })

  it("throws the decoder's error for input that is not a token", () => {
    expect(() => lintToken('not a token', { now })).toThrow(SignetError)
    try {
      lintToken('a.b', { now })
    } catch (error) {
      expect((error as SignetError).code).toBe('ERR_TOKEN_SEGMENT_COUNT')
    }
    expect(() => lintToken(compact({ alg: 'ES256' }, {}), { now: Number.NaN })).toThrow(/finite/)
  })

  it('uses the current time when none is given', () => {
    const future = compact(
      { alg: 'ES256', typ: 'JWT' },
      { aud: 'a', iat: Date.now() / 1000 + 86400, exp: Date.now() / 1000 + 90000 },
      Buffer.alloc(64, 1).toString('base64url'),
    )
    expect(ids(lintToken(future))).toContain('iat-future')
  })
})
