import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { claimStatuses } from '../../../../../shared/token/verify/claim-statuses'
import { validateClaims } from '../../../../../shared/token/verify/validate-claims'
import { defaultPolicy, type Policy } from '../../../../../shared/validation-policy/policy'
import type { JsonObject } from '../../../../../shared/encoding/json'

/**
 * claimStatuses is validateClaims without messages: for any claims, header and policy it must
 * say "fails" exactly when a claim check fails, and count the same warnings.
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
const headerArbitrary = fc.record({ typ: fc.constantFrom<unknown>('JWT', 'jwt', 'application/JWT', 'AT+JWT', 'jose', 5) }, { requiredKeys: [] })

describe('claimStatuses = validateClaims without messages', () => {
  it('fails exactly when a claim check fails, and counts the same warnings', () => {
    let failing = 0
    let warned = 0
    fc.assert(
      fc.property(claimsArbitrary, fc.oneof(policyArbitrary, fc.constant({}), fc.record({ futureIat: fc.constantFrom('warn', 'ignore'), clockSkew: fc.constantFrom(0, 600) })), headerArbitrary, (claims, policyFields, header) => {
        const policy: Policy = { ...defaultPolicy(), ...(policyFields as Partial<Policy>) }
        const checks = validateClaims({ header: header as JsonObject, claims: claims as JsonObject }, policy, at)
        const expected = checks.some((c) => c.status === 'fail')
          ? { fails: true, warnings: 0 }
          : { fails: false, warnings: checks.filter((c) => c.status === 'warn').length }
        if (expected.fails) failing++
        if (expected.warnings > 0) warned++
        expect(claimStatuses(header as JsonObject, claims as JsonObject, policy, at)).toEqual(expected)
      }),
      { numRuns: 5000, seed: 20261130 },
    )
    // both outcomes were exercised
    expect(failing).toBeGreaterThan(500)
    expect(5000 - failing).toBeGreaterThan(100)
    expect(warned).toBeGreaterThan(50)
  })
})
