import { describe, expect, it } from 'vitest'
import { parsePolicyJson, serializePolicy } from '#shared/validation-policy/policy'
import {
  changedFieldCount,
  draftToPolicy,
  emptyDraft,
  evaluationSeconds,
  formatEvaluationInput,
  parseEvaluationInput,
  policyForExport,
  policyToDraft,
} from '#renderer/features/inspector/verify/policy-draft'

describe('the policy form', () => {
  it('an untouched form is the default policy: 60 s skew, algorithms from the key, nothing expected', () => {
    const { policy, errors } = draftToPolicy(emptyDraft)
    expect(errors).toEqual({})
    expect(policy).toEqual({ version: 1, requiredClaims: [], clockSkew: 60, futureIat: 'reject' })
    expect(changedFieldCount(emptyDraft)).toBe(0)
  })

  it('reads durations as people type them and lists as tags', () => {
    const { policy } = draftToPolicy({
      ...emptyDraft,
      name: ' prod ',
      algorithms: ['ES256', 'EdDSA'],
      issuer: ['https://issuer.example'],
      audience: ['api', 'admin'],
      subject: 'alice',
      typ: 'at+jwt',
      requiredClaims: ['jti'],
      maxTokenAge: '1h30m',
      maxLifetime: '900',
      clockSkew: '2m',
      futureIat: 'warn',
      minHmacKeyBytes: '16',
    })
    expect(policy).toEqual({
      version: 1,
      name: 'prod',
      algorithms: ['ES256', 'EdDSA'],
      issuer: ['https://issuer.example'],
      audience: ['api', 'admin'],
      subject: 'alice',
      typ: 'at+jwt',
      requiredClaims: ['jti'],
      maxTokenAge: 5400,
      maxLifetime: 900,
      clockSkew: 120,
      futureIat: 'warn',
      minHmacKeyBytes: 16,
    })
    expect(draftToPolicy({ ...emptyDraft, minHmacKeyBytes: '32 bytes' }).errors.minHmacKeyBytes).toMatch(
      /whole number of bytes/,
    )
  })

  it('pins each problem to its field, in words', () => {
    expect(draftToPolicy({ ...emptyDraft, maxLifetime: '1 hour' }).errors.maxLifetime).toMatch(
      /"1 hour" is not a valid maximum lifetime/,
    )
    expect(draftToPolicy({ ...emptyDraft, clockSkew: '2d' }).errors.clockSkew).toMatch(/clock skew over a day/)
    expect(draftToPolicy({ ...emptyDraft, maxTokenAge: '0' }).errors.maxTokenAge).toMatch(/more than 0 seconds/)
    expect(draftToPolicy({ ...emptyDraft, maxLifetime: 'x' }).policy).toBeNull()
    // An emptied clock skew falls back to the default rather than failing.
    expect(draftToPolicy({ ...emptyDraft, clockSkew: '' }).policy?.clockSkew).toBe(60)
  })

  it('round-trips through the form, and through the JSON the CLI reads', () => {
    const policy = parsePolicyJson(
      JSON.stringify({
        name: 'p',
        issuer: 'https://i',
        audience: ['a'],
        maxLifetime: 3600,
        clockSkew: 0,
        requiredClaims: ['jti'],
      }),
    )
    const draft = policyToDraft(policy)
    expect(draft).toMatchObject({ issuer: ['https://i'], maxLifetime: '1h', clockSkew: '0s', requiredClaims: ['jti'] })
    expect(draftToPolicy(draft).policy).toEqual(policy)
    expect(parsePolicyJson(serializePolicy(draftToPolicy(draft).policy!))).toEqual(policy)
    expect(changedFieldCount(draft)).toBe(5)
  })

  it('keeps the evaluation time out of a saved policy unless asked, and writes it as ISO 8601', () => {
    const { policy } = draftToPolicy({ ...emptyDraft, name: 'p' })
    const withAt = parsePolicyJson(JSON.stringify({ name: 'p', at: 1790000000 }))
    expect(policyForExport(withAt, { includeAt: null })).not.toHaveProperty('at')
    expect(policyForExport(policy!, { includeAt: 1790000000.4 })).toMatchObject({ at: '2026-09-21T14:13:20Z' })
    expect(parsePolicyJson(serializePolicy(policyForExport(policy!, { includeAt: 1790000000 }))).at).toBe(
      '2026-09-21T14:13:20Z',
    )
  })
})

describe('the evaluation time', () => {
  it('is the clock, or a fixed instant', () => {
    expect(evaluationSeconds({ mode: 'now' }, 123)).toBe(123)
    expect(evaluationSeconds({ mode: 'fixed', at: 5 }, 123)).toBe(5)
  })

  it('is typed as ISO 8601 with a zone or UNIX seconds; a zoneless time is refused', () => {
    expect(parseEvaluationInput('2026-03-01T09:14:00Z')).toEqual({ at: 1772356440 })
    expect(parseEvaluationInput('1772356440')).toEqual({ at: 1772356440 })
    expect(parseEvaluationInput('2026-03-01T09:14:00+01:00')).toEqual({ at: 1772352840 })
    expect(parseEvaluationInput('2026-03-01T09:14')).toEqual({ error: expect.stringContaining('no time zone') })
    expect(parseEvaluationInput('yesterday')).toEqual({
      error: expect.stringContaining('not a time Signet understands'),
    })
    expect(formatEvaluationInput(1772356440)).toBe('2026-03-01T09:14:00Z')
  })
})
