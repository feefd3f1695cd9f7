import { describe, expect, it } from 'vitest'
import { lintToken } from '#shared/token/lint'
import { b64, compact, find, ids, json, now } from './tokens'

const claims = { sub: 'u1', aud: 'api', iat: now - 60, exp: now + 600 }

describe('lint — algorithm', () => {
  it('flags alg "none" as high and says anyone can forge it', () => {
    const findings = lintToken(`${json({ alg: 'none' })}.${json(claims)}.`, { now })
    const finding = find(findings, 'alg-none')!
    expect(finding.severity).toBe('high')
    expect(finding.message).toMatch(/anyone can write one/)
    expect(finding.location).toEqual({ segment: 'header', path: 'alg' })
    expect(findings[0]!.id).toBe('alg-none')
  })

  it.each(['None', 'NONE', 'nOnE', ' none'])('flags the disguised variant %j', (alg) => {
    const finding = find(lintToken(compact({ alg }, claims), { now }), 'alg-none-variant')
    expect(finding?.severity).toBe('high')
    expect(finding?.message).toContain(JSON.stringify(alg))
  })

  it('flags a missing or non-string alg', () => {
    expect(find(lintToken(compact({ typ: 'JWT' }, claims), { now }), 'alg-missing')?.severity).toBe('high')
    expect(find(lintToken(compact({ alg: ['HS256'] }, claims), { now }), 'alg-missing')?.title).toMatch(/not a string/)
  })

  it('reports an unregistered alg as low, and a registered one not at all', () => {
    expect(find(lintToken(compact({ alg: 'HS257' }, claims), { now }), 'alg-unrecognized')?.severity).toBe('low')
    expect(ids(lintToken(compact({ alg: 'PS384', typ: 'JWT' }, claims), { now }))).not.toContain('alg-unrecognized')
  })

  it('flags RSA1_5 key management in a JWE', () => {
    const jwe = `${json({ alg: 'RSA1_5', enc: 'A128CBC-HS256' })}.${b64('k'.repeat(256))}.${b64('iv-16-bytes-long')}.${b64('ciphertext')}.${b64('tag-16-bytes-lon')}`
    const finding = find(lintToken(jwe, { now }), 'rsa1_5')
    expect(finding?.severity).toBe('high')
    expect(finding?.remediation).toMatch(/RSA-OAEP-256/)
  })

  it('flags a huge and a tiny PBES2 count and compression in a JWE', () => {
    const jwe = (header: object) =>
      `${json(header)}.${b64('k'.repeat(40))}.${b64('iv-16-bytes-long')}.${b64('ciphertext')}.${b64('tag-16-bytes-lon')}`
    const huge = lintToken(jwe({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 50_000_000, p2s: 'c2FsdA' }), { now })
    expect(find(huge, 'pbes2-count')?.title).toMatch(/Huge/)
    const tiny = lintToken(jwe({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 10, p2s: 'c2FsdA', zip: 'DEF' }), {
      now,
    })
    expect(find(tiny, 'pbes2-count')?.title).toMatch(/Low/)
    expect(find(tiny, 'jwe-compression')?.severity).toBe('low')
  })

  it('flags b64:false, and raises it to high when "b64" is not critical', () => {
    const listed = lintToken(`${json({ alg: 'HS256', b64: false, crit: ['b64'] })}.payload.c2ln`, { now })
    expect(find(listed, 'b64-false')?.severity).toBe('medium')
    expect(ids(listed)).not.toContain('crit-unknown')
    const unlisted = lintToken(`${json({ alg: 'HS256', b64: false })}.payload.c2ln`, { now })
    expect(find(unlisted, 'b64-false')?.severity).toBe('high')
    expect(find(unlisted, 'b64-false')?.message).toMatch(/does not list "b64" in "crit"/)
  })

  it('flags unknown critical extensions by name, and malformed crit', () => {
    const unknown = find(
      lintToken(compact({ alg: 'ES256', crit: ['http://example.com/ext'], 'http://example.com/ext': 1 }, claims), {
        now,
      }),
      'crit-unknown',
    )
    expect(unknown?.message).toContain('"http://example.com/ext"')
    expect(find(lintToken(compact({ alg: 'ES256', crit: [] }, claims), { now }), 'crit-invalid')).toBeDefined()
    expect(find(lintToken(compact({ alg: 'ES256', crit: ['alg'] }, claims), { now }), 'crit-invalid')?.title).toMatch(
      /registered/,
    )
    expect(find(lintToken(compact({ alg: 'ES256', crit: ['exp'] }, claims), { now }), 'crit-invalid')?.title).toMatch(
      /absent/,
    )
  })

  it('checks every signature of a JWS JSON serialization and names it', () => {
    const general = JSON.stringify({
      payload: json(claims),
      signatures: [
        { protected: json({ alg: 'ES256' }), signature: b64('x'.repeat(64)) },
        { protected: json({ alg: 'none' }), signature: '' },
      ],
    })
    const finding = find(lintToken(general, { now }), 'alg-none')
    expect(finding?.location?.segment).toBe('signatures[1].header')
  })
})
