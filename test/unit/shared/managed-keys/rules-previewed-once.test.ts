import { describe, expect, it } from 'vitest'
import { setPolicyProblems, issuerProblem, setNameProblem } from '#shared/managed-keys/set-policy'
import { lifetimeProblem, notActiveKeyWarning } from '#shared/managed-keys/signing-rules'
import { checkSetForm, newSetValues } from '#renderer/features/keys/set-form'

/** A rule the renderer previews lives once in shared/: the form shows every problem, the service throws the first. */
describe('set policy rules', () => {
  it('returns every broken rule keyed by field', () => {
    const problems = setPolicyProblems({
      defaultTokenLifetime: 7200,
      maxTokenLifetime: 3600,
      jwksCacheTime: 900,
      clockSkew: 7200,
      rotationPeriod: 600,
    })
    expect(problems.map((p) => p.field)).toEqual(['defaultTokenLifetime', 'clockSkew', 'rotationPeriod'])
    expect(problems[0]!.message).toBe('The default token lifetime (2h) is longer than the maximum (1h).')
  })

  it('skips rules whose inputs are unknown (a form field that does not parse yet)', () => {
    expect(setPolicyProblems({ maxTokenLifetime: 3600, rotationPeriod: 600 })).toEqual([])
  })

  it('is what the form shows, field by field', () => {
    const check = checkSetForm({
      ...newSetValues,
      name: 'prod',
      defaultTokenLifetime: '2h',
      clockSkew: '2h',
      rotationPeriod: '10m',
    })
    expect(check.ok).toBe(false)
    if (check.ok) return
    const expected = setPolicyProblems({
      defaultTokenLifetime: 7200,
      maxTokenLifetime: 3600,
      jwksCacheTime: 900,
      clockSkew: 7200,
      rotationPeriod: 600,
    })
    for (const problem of expected) expect(check.errors[problem.field]).toBe(problem.short)
  })

  it('checks names and issuers (RFC 7519 StringOrURI)', () => {
    expect(setNameProblem('prod')).toBeNull()
    expect(setNameProblem('-x')?.field).toBe('name')
    expect(issuerProblem('https://auth.example.com')).toBeNull()
    expect(issuerProblem('http://exa mple.com')?.message).toMatch(/StringOrURI/)
    expect(issuerProblem(' x')?.message).toMatch(/whitespace/)
  })
})

describe('signing rules', () => {
  it('refuses a lifetime beyond the set maximum, in one wording per place', () => {
    expect(lifetimeProblem(3600, { name: 'prod', maxTokenLifetime: 3600 })).toBeNull()
    expect(lifetimeProblem(3601, { name: 'prod', maxTokenLifetime: 3600 })?.message).toMatch(
      /^This token would live 1h1s, longer than set "prod" allows \(1h\)/,
    )
  })

  it('warns for every key that is not the active one, and never for the active one', () => {
    expect(notActiveKeyWarning('k1', 'active', 'prod')).toBeNull()
    expect(notActiveKeyWarning('k1', 'staged', 'prod')).toMatch(
      /^k1 is not the active key of prod: it is published but not yet the signing key/,
    )
    expect(notActiveKeyWarning('k1', 'retired', 'prod')).toMatch(/retired/)
  })
})
