import { describe, expect, it } from 'vitest'
import { lintToken } from '#shared/token/lint'
import { compact, find, ids, now } from './tokens'

const header = { alg: 'ES256', typ: 'JWT' }
const lint = (claims: object, policy?: object) =>
  lintToken(compact(header, claims), { now, ...(policy ? { policy } : {}) })

describe('lint — time claims', () => {
  it('flags a missing exp (medium) and nothing time-related on a sane token', () => {
    expect(find(lint({ sub: 'a', aud: 'b', iat: now }), 'exp-missing')?.severity).toBe('medium')
    const sane = ids(lint({ sub: 'a', aud: 'b', iat: now - 10, nbf: now - 10, exp: now + 900 }))
    expect(sane.filter((id) => /exp|iat|nbf|lifetime|claim-type/.test(id))).toEqual([])
  })

  it('flags exp at or before iat, naming both instants', () => {
    const finding = find(lint({ aud: 'b', iat: now, exp: now - 3600 }), 'exp-before-iat')!
    expect(finding.message).toContain('2024-05-01T12:00:00Z')
    expect(finding.message).toContain('1 h before')
    expect(find(lint({ aud: 'b', iat: now, exp: now }), 'exp-before-iat')?.message).toMatch(/equal to/)
  })

  it('flags an empty validity window', () => {
    expect(find(lint({ aud: 'b', nbf: now + 100, exp: now + 50 }), 'nbf-after-exp')).toBeDefined()
  })

  it('flags iat in the future beyond the skew, and tolerates it within', () => {
    const finding = find(lint({ aud: 'b', iat: now + 7200, exp: now + 9000 }), 'iat-future')!
    expect(finding.message).toContain('2 h after')
    expect(ids(lint({ aud: 'b', iat: now + 30, exp: now + 900 }))).not.toContain('iat-future')
    expect(ids(lint({ aud: 'b', iat: now + 30, exp: now + 900 }, { clockSkewSeconds: 10 }))).toContain('iat-future')
  })

  it('measures lifetime against the policy (medium) or the 30-day default (low)', () => {
    const withPolicy = find(
      lint({ aud: 'b', iat: now, exp: now + 7200 }, { maxLifetimeSeconds: 3600 }),
      'lifetime-excessive',
    )!
    expect(withPolicy.severity).toBe('medium')
    expect(withPolicy.message).toContain('2 h')
    expect(withPolicy.message).toContain('policy limit of 1 h')
    expect(ids(lint({ aud: 'b', iat: now, exp: now + 7200 }))).not.toContain('lifetime-excessive')
    const yearLong = find(lint({ aud: 'b', iat: now, exp: now + 365 * 86400 }), 'lifetime-excessive')!
    expect(yearLong.severity).toBe('low')
    // without iat or nbf the lifetime is measured from the evaluation time
    expect(find(lint({ aud: 'b', exp: now + 90 * 86400 }), 'lifetime-excessive')?.message).toMatch(/from now/)
  })

  it('flags time claims that are not NumericDates and millisecond timestamps', () => {
    const string = find(lint({ aud: 'b', exp: '1714565000' }), 'claim-type-invalid')!
    expect(string.location?.path).toBe('exp')
    expect(string.message).toContain('"1714565000"')
    expect(ids(lint({ aud: 'b', exp: '1714565000' }))).not.toContain('exp-missing')
    const millis = find(lint({ aud: 'b', iat: now * 1000, exp: now * 1000 + 60000 }), 'claim-type-invalid')!
    expect(millis.title).toMatch(/milliseconds/)
    expect(millis.message).toContain('2024-05-01T12:00:00Z')
  })

  it('flags a missing audience as low', () => {
    expect(find(lint({ exp: now + 60 }), 'aud-missing')?.severity).toBe('low')
    expect(ids(lint({ exp: now + 60, aud: ['a', 'b'] }))).not.toContain('aud-missing')
  })

  it('does not ask DPoP proofs or Security Event Tokens for exp (or DPoP proofs for aud)', () => {
    const dpop = ids(
      lintToken(
        compact({ alg: 'ES256', typ: 'dpop+jwt' }, { jti: 'j', htm: 'POST', htu: 'https://rs.example/x', iat: now }),
        { now },
      ),
    )
    expect(dpop).not.toContain('exp-missing')
    expect(dpop).not.toContain('aud-missing')
    const set = ids(
      lintToken(
        compact({ alg: 'ES256', typ: 'secevent+jwt' }, { iss: 'i', aud: 'a', jti: 'j', iat: now, events: {} }),
        { now },
      ),
    )
    expect(set).not.toContain('exp-missing')
    expect(ids(lint({ iat: now }))).toContain('exp-missing')
  })

  it('runs no claim rules on a non-JSON payload', () => {
    const text = lintToken(`${compact(header, {}).split('.')[0]}.aGVsbG8.c2ln`, { now })
    expect(ids(text).filter((id) => /exp|aud|lifetime/.test(id))).toEqual([])
  })
})
