import { describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { parseEvaluationTime } from '#shared/validation-policy/evaluation-time'
import { mergePolicy, parsePolicyJson, serializePolicy } from '#shared/validation-policy/policy'
import { defaultPolicy, evaluationTimeOf } from '#shared/validation-policy/default-policy'

function policyError(text: string): SignetError {
  try {
    parsePolicyJson(text)
  } catch (error) {
    expect(error).toBeInstanceOf(SignetError)
    expect((error as SignetError).code).toBe('ERR_POLICY_INVALID')
    return error as SignetError
  }
  throw new Error('expected ERR_POLICY_INVALID')
}

describe('policies', () => {
  it('defaults to a 60 s skew, no algorithm list, nothing required', () => {
    expect(defaultPolicy()).toEqual({ version: 1, requiredClaims: [], clockSkew: 60, futureIat: 'reject' })
  })

  it('round-trips through its JSON export, in a stable field order', () => {
    const policy = parsePolicyJson(
      JSON.stringify({
        clockSkew: 30,
        name: 'prod API',
        issuer: 'https://issuer.example',
        audience: ['api', 'api2'],
        algorithms: ['ES256'],
        maxTokenAge: 3600,
        typ: 'at+jwt',
        at: '2030-01-01T00:00:00Z',
      }),
    )
    expect(policy.issuer).toEqual(['https://issuer.example'])
    const exported = serializePolicy(policy)
    expect(Object.keys(JSON.parse(exported))).toEqual([
      'version',
      'name',
      'algorithms',
      'issuer',
      'audience',
      'typ',
      'requiredClaims',
      'maxTokenAge',
      'clockSkew',
      'futureIat',
      'at',
    ])
    expect(parsePolicyJson(exported)).toEqual(policy)
    expect(evaluationTimeOf(policy, 0)).toBe(Date.parse('2030-01-01T00:00:00Z') / 1000)
  })

  it('names the path of what is wrong', () => {
    expect(policyError('{"audience": ["api", ""]}').message).toMatch(/audience\[1\]: an empty audience never matches/)
    expect(policyError('{"algorithms": ["ES256", "none"]}').message).toMatch(
      /algorithms\[1\]: "none" means an unsigned token/,
    )
    expect(policyError('{"algorithms": ["ES256K"]}').message).toMatch(/"ES256K" is not a JWS algorithm/)
    expect(policyError('{"audiance": ["api"]}').message).toMatch(/unknown field "audiance" \(check the spelling\)/)
    expect(policyError('{"clockSkew": 1.5}').message).toMatch(/clockSkew: clockSkew must be a whole number of seconds/)
    expect(policyError('{"at": "tomorrow"}').message).toMatch(/^The policy is not valid — at: "tomorrow" is not a time/)
    expect(policyError('{"maxTokenAge": 0}').location?.segment).toBe('maxTokenAge')
    expect(policyError('[1]').message).toMatch(/JSON object/)
    // A secret file given as --policy by mistake: V8's message would quote it ("s3cr3t-val"...)
    const secretMessage = policyError('s3cr3t-value-of-the-hmac-key').message
    expect(secretMessage).toMatch(/not valid JSON \(unexpected character at line 1, column 1\)/)
    expect(secretMessage).not.toMatch(/s3cr3t/)
    expect(policyError('{').message).toMatch(/not valid JSON/)
  })

  it('lets flags override single fields and validates the result again', () => {
    const base = parsePolicyJson('{"issuer": ["a"], "clockSkew": 10}')
    const merged = mergePolicy(base, { audience: ['api'], clockSkew: 0 })
    expect(merged).toMatchObject({ issuer: ['a'], audience: ['api'], clockSkew: 0 })
    expect(() => mergePolicy(base, { clockSkew: -1 })).toThrow(SignetError)
  })
})

describe('parseEvaluationTime', () => {
  it('reads UNIX seconds and ISO 8601 with a zone', () => {
    expect(parseEvaluationTime('1735689600')).toBe(1735689600)
    expect(parseEvaluationTime('1735689600.5')).toBe(1735689600.5)
    expect(parseEvaluationTime('2025-01-01T00:00:00Z')).toBe(1735689600)
    expect(parseEvaluationTime('2025-01-01T02:00:00+02:00')).toBe(1735689600)
    expect(parseEvaluationTime('2025-01-01T02:00+0200')).toBe(1735689600)
    expect(parseEvaluationTime('2025-01-01')).toBe(1735689600)
  })

  it('refuses a date-time without a zone, impossible dates, and prose', () => {
    expect(() => parseEvaluationTime('2025-01-01T10:00:00')).toThrow(/no time zone/)
    expect(() => parseEvaluationTime('2025-02-30T00:00:00Z')).toThrow(/not a real date/)
    expect(() => parseEvaluationTime('2025-01-01T24:00:00Z')).toThrow(/not a real date/)
    expect(() => parseEvaluationTime('next tuesday')).toThrow(/UNIX seconds/)
    expect(() => parseEvaluationTime('1e20')).toThrow(SignetError)
  })
})
