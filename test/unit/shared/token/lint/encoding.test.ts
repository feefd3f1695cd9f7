import { describe, expect, it } from 'vitest'
import { lintToken } from '#shared/token/lint'
import { b64, compact, find, ids, json, now } from './tokens'

describe('lint — encoding and size', () => {
  const header = { alg: 'ES256', typ: 'JWT' }

  it('reports size above 4 KiB as low and above 8 KiB as medium, with the byte count', () => {
    const small = lintToken(compact(header, { aud: 'a', exp: now + 60 }), { now })
    expect(ids(small)).not.toContain('token-size')
    const five = lintToken(compact(header, { aud: 'a', exp: now + 60, roles: 'r'.repeat(3800) }), { now })
    expect(find(five, 'token-size')?.severity).toBe('low')
    const nine = compact(header, { aud: 'a', exp: now + 60, roles: 'r'.repeat(6400) })
    const finding = find(lintToken(nine, { now }), 'token-size')!
    expect(finding.severity).toBe('medium')
    expect(finding.title).toBe('Token larger than 8 KiB')
    expect(finding.message).toContain(`(${nine.length.toLocaleString('en-US')} bytes)`)
  })

  it('reports non-canonical base64url per segment', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const [h, payload, s] = compact(header, { aud: 'a', exp: now + 60 }).split('.') as [string, string, string]
    // with a partial final group, setting the lowest (unused) bit of the last character keeps the bytes
    expect(payload.length % 4).not.toBe(0)
    const tweaked = payload.slice(0, -1) + alphabet[alphabet.indexOf(payload.at(-1)!) + 1]
    const findings = lintToken(`${h}.${tweaked}.${s}`, { now })
    expect(find(findings, 'non-canonical-base64url')?.location).toEqual({ segment: 'payload' })
    expect(ids(lintToken(`${h}.${payload}.${s}`, { now }))).not.toContain('non-canonical-base64url')
  })

  it('reports duplicate members instead of refusing the token', () => {
    const token = `${b64('{"alg":"ES256","alg":"none"}')}.${b64('{"sub":"user","sub":"admin","aud":"a","exp":1}')}.${b64('s'.repeat(64))}`
    const findings = lintToken(token, { now })
    const duplicates = findings.filter((f) => f.id === 'duplicate-member')
    expect(duplicates.map((f) => f.location)).toEqual([
      { segment: 'header', path: 'alg' },
      { segment: 'payload', path: 'sub' },
    ])
    expect(duplicates[0]!.severity).toBe('high')
  })

  it('says nothing about duplicates in a clean token', () => {
    expect(ids(lintToken(`${json(header)}.${json({ a: 1 })}.${b64('s'.repeat(64))}`, { now }))).not.toContain(
      'duplicate-member',
    )
  })
})
