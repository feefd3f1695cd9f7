import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  audRule,
  claimStatuses,
  expRule,
  iatRule,
  issRule,
  lifetimeRule,
  maxAgeRule,
  nbfRule,
  requiredRule,
  subRule,
  typRule,
} from '#shared/token/verify/claim-statuses'
import { validateClaims } from '#shared/token/verify/validate-claims'
import { type Policy } from '#shared/validation-policy/policy'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import type { JsonObject } from '#shared/encoding/json'

/**
 * The claim rules at their boundaries, then the one thing the two readers of the rules could still
 * disagree on: validateClaims reports a check per rule, claimStatuses folds the same outcomes, so a
 * rule added to one and not the other shows up as a different verdict over generated claims.
 */

const at = 1_750_000_000
const time = fc.oneof(
  { arbitrary: fc.integer({ min: at - 200_000, max: at + 200_000 }), weight: 1 },
  { arbitrary: fc.integer({ min: at - 120, max: at + 120 }), weight: 4 },
  { arbitrary: fc.constantFrom(at, at + 60, at - 60, at + 61, at - 61, Number.MAX_VALUE, -1, 1.5), weight: 2 },
  { arbitrary: fc.constantFrom<unknown>('1750000000', null, true, [1]), weight: 1 },
)
const claimsArbitrary = fc.record(
  {
    exp: time,
    nbf: time,
    iat: time,
    iss: fc.constantFrom<unknown>('https://a.example', 'https://b.example', 7),
    aud: fc.constantFrom<unknown>('api', 'web', ['api', 'web'], ['web'], [1], []),
    sub: fc.constantFrom<unknown>('alice', 'bob', 3),
    jti: fc.string({ maxLength: 4 }),
  },
  { requiredKeys: [] },
)
const policyArbitrary = fc.record(
  {
    issuer: fc.constantFrom(['https://a.example'], [], ['https://a.example', 'https://b.example']),
    audience: fc.constantFrom(['api'], ['other'], []),
    subject: fc.constantFrom('alice', 'carol'),
    typ: fc.constantFrom('JWT', 'application/jwt', 'at+jwt', 'application/at+jwt/x'),
    requiredClaims: fc.constantFrom(['sub'], ['jti', 'exp'], []),
    maxTokenAge: fc.integer({ min: 1, max: 300_000 }),
    maxLifetime: fc.integer({ min: 1, max: 300_000 }),
    futureIat: fc.constantFrom('reject', 'warn', 'ignore'),
    clockSkew: fc.constantFrom(0, 60, 300),
  },
  { requiredKeys: [] },
)
const headerArbitrary = fc.record(
  { typ: fc.constantFrom<unknown>('JWT', 'jwt', 'application/JWT', 'AT+JWT', 'jose', 5) },
  { requiredKeys: [] },
)

describe('the claim rules at their boundaries', () => {
  it('exp: absent, not a NumericDate, expired beyond / within the skew, valid', () => {
    expect(expRule(undefined, at, 60)).toBe('absent')
    expect(expRule('1750000000', at, 60)).toBe('not-numeric')
    expect(expRule(Number.MAX_VALUE, at, 60)).toBe('not-numeric')
    expect(expRule(at - 60, at, 60)).toBe('expired')
    expect(expRule(at - 59, at, 60)).toBe('expired-within-skew')
    expect(expRule(at, at, 60)).toBe('expired-within-skew')
    expect(expRule(at + 1, at, 60)).toBe('valid')
    expect(expRule(at, at, 0)).toBe('expired')
  })
  it('nbf: beyond / within the skew, valid from the instant itself', () => {
    expect(nbfRule(undefined, at, 60)).toBe('absent')
    expect(nbfRule(null, at, 60)).toBe('not-numeric')
    expect(nbfRule(at + 61, at, 60)).toBe('not-yet')
    expect(nbfRule(at + 60, at, 60)).toBe('not-yet-within-skew')
    expect(nbfRule(at, at, 60)).toBe('valid')
  })
  it('iat: a future iat beyond the skew follows futureIat, rejecting by default', () => {
    expect(iatRule(undefined, at, 60)).toBe('absent')
    expect(iatRule(true, at, 60)).toBe('not-numeric')
    expect(iatRule(at + 61, at, 60)).toBe('future-reject')
    expect(iatRule(at + 61, at, 60, 'warn')).toBe('future-warn')
    expect(iatRule(at + 61, at, 60, 'ignore')).toBe('future-ignore')
    expect(iatRule(at + 60, at, 60, 'reject')).toBe('future-within-skew')
    expect(iatRule(at, at, 60)).toBe('valid')
  })
  it('max-age: the age may exceed the limit by the skew and no more', () => {
    expect(maxAgeRule(at - 1000, undefined, at, 60)).toBe('unset')
    expect(maxAgeRule(undefined, 100, at, 60)).toBe('no-iat')
    expect(maxAgeRule('x', 100, at, 60)).toBe('not-numeric')
    expect(maxAgeRule(at - 160, 100, at, 60)).toBe('ok')
    expect(maxAgeRule(at - 161, 100, at, 60)).toBe('too-old')
  })
  it('lifetime: measured from iat, else nbf; no exp is unbounded', () => {
    expect(lifetimeRule({ exp: at }, undefined)).toBe('unset')
    expect(lifetimeRule({ iat: at }, 100)).toBe('unbounded')
    expect(lifetimeRule({ exp: at }, 100)).toBe('no-start')
    expect(lifetimeRule({ exp: at + 100, iat: at }, 100)).toBe('ok')
    expect(lifetimeRule({ exp: at + 101, iat: at }, 100)).toBe('too-long')
    expect(lifetimeRule({ exp: at + 101, iat: 'x', nbf: at }, 100)).toBe('too-long')
    expect(lifetimeRule({ exp: at + 101, iat: at + 1, nbf: at }, 100)).toBe('ok')
  })
  it('iss, aud, sub: an empty accepted list accepts nothing; aud may be a string or an array of strings', () => {
    expect(issRule('a', undefined)).toBe('unset')
    expect(issRule(undefined, ['a'])).toBe('absent')
    expect(issRule(7, ['a'])).toBe('not-string')
    expect(issRule('a', ['a', 'b'])).toBe('accepted')
    expect(issRule('a', [])).toBe('rejected')
    expect(audRule('api', undefined)).toBe('unset')
    expect(audRule(undefined, ['api'])).toBe('absent')
    expect(audRule(['api', 1], ['api'])).toBe('malformed')
    expect(audRule({ api: true }, ['api'])).toBe('malformed')
    expect(audRule(['web', 'api'], ['api'])).toBe('accepted')
    expect(audRule('api', ['api'])).toBe('accepted')
    expect(audRule([], ['api'])).toBe('rejected')
    expect(subRule('alice', undefined)).toBe('unset')
    expect(subRule(undefined, 'alice')).toBe('absent')
    expect(subRule('alice', 'alice')).toBe('match')
    expect(subRule(3, 'alice')).toBe('mismatch')
  })
  it('typ compares media types case-insensitively with "application/" optional (RFC 7515 §4.1.9)', () => {
    expect(typRule('JWT', undefined)).toBe('unset')
    expect(typRule(undefined, 'JWT')).toBe('absent')
    expect(typRule(5, 'JWT')).toBe('not-string')
    expect(typRule('application/JWT', 'jwt')).toBe('match')
    expect(typRule('AT+JWT', 'application/at+jwt')).toBe('match')
    expect(typRule('application/at+jwt/x', 'at+jwt/x')).toBe('mismatch')
    expect(typRule('JWT', 'at+jwt')).toBe('mismatch')
  })
  it('required: own members only', () => {
    expect(requiredRule({}, [])).toBe('unset')
    expect(requiredRule({ sub: 'a', jti: 'b' }, ['sub', 'jti'])).toBe('present')
    expect(requiredRule({ sub: 'a' }, ['sub', 'jti'])).toBe('missing')
    expect(requiredRule({}, ['toString'])).toBe('missing')
  })
})

describe('claimStatuses folds the outcomes validateClaims reports', () => {
  it('fails exactly when a claim check fails, and counts the same warnings', () => {
    let failing = 0
    let warned = 0
    fc.assert(
      fc.property(
        claimsArbitrary,
        fc.oneof(
          policyArbitrary,
          fc.constant({}),
          fc.record({ futureIat: fc.constantFrom('warn', 'ignore'), clockSkew: fc.constantFrom(0, 600) }),
        ),
        headerArbitrary,
        (claims, policyFields, header) => {
          const policy: Policy = { ...defaultPolicy(), ...(policyFields as Partial<Policy>) }
          const checks = validateClaims({ header: header as JsonObject, claims: claims as JsonObject }, policy, at)
          const expected = checks.some((c) => c.status === 'fail')
            ? { fails: true, warnings: 0 }
            : { fails: false, warnings: checks.filter((c) => c.status === 'warn').length }
          if (expected.fails) failing++
          if (expected.warnings > 0) warned++
          expect(claimStatuses(header as JsonObject, claims as JsonObject, policy, at)).toEqual(expected)
        },
      ),
      { numRuns: 5000, seed: 20261130 },
    )
    // both outcomes were exercised
    expect(failing).toBeGreaterThan(500)
    expect(5000 - failing).toBeGreaterThan(100)
    expect(warned).toBeGreaterThan(50)
  })
})
