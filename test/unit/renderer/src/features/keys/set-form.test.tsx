import { describe, expect, it } from 'vitest'
import { checkSetForm, createInput, newSetValues, updateInput, valuesFromSet } from '#renderer/features/keys/set-form'
import { makeSet, setInfo, t0 } from './fixtures'

describe('checkSetForm', () => {
  it('turns what people type into seconds, with the service’s defaults', () => {
    const check = checkSetForm({
      ...newSetValues,
      name: 'payments-prod',
      issuer: 'https://auth.example.com',
      rotationPeriod: '30d',
    })
    expect(check.ok).toBe(true)
    if (!check.ok) return
    expect(createInput(check.parsed)).toEqual({
      name: 'payments-prod',
      issuer: 'https://auth.example.com',
      description: '',
      defaultTokenLifetime: 900,
      maxTokenLifetime: 3600,
      jwksCacheTime: 900,
      clockSkew: 60,
      rotationPeriod: 2_592_000,
    })
  })

  it('flags each field with the rule it breaks', () => {
    const check = checkSetForm({
      ...newSetValues,
      name: '-bad name',
      issuer: 'payments prod:eu',
      defaultTokenLifetime: '2h',
      jwksCacheTime: '1 hour',
      clockSkew: '2h',
      rotationPeriod: '5m',
    })
    expect(check.ok).toBe(false)
    if (check.ok) return
    expect(check.errors.name).toContain('starting with a letter or digit')
    expect(check.errors.issuer).toContain('StringOrURI')
    expect(check.errors.defaultTokenLifetime).toBe('Longer than the maximum (1h).')
    expect(check.errors.jwksCacheTime).toContain('the JWKS cache time')
    expect(check.errors.clockSkew).toContain('not plausible')
    // The cache time did not parse, so the rotation period is not compared with it.
    expect(check.errors.rotationPeriod).toBeUndefined()
  })

  it('requires a rotation period longer than the JWKS cache time', () => {
    const check = checkSetForm({ ...newSetValues, name: 'x', rotationPeriod: '15m' })
    expect(check.ok ? null : check.errors.rotationPeriod).toContain('longer than the JWKS cache time (15m)')
  })
})

describe('updateInput', () => {
  const set = setInfo(makeSet({ rotationPeriod: 604_800 }), [], t0)

  it('sends only what changed', () => {
    const values = { ...valuesFromSet(set), clockSkew: '2m', rotationPeriod: '' }
    const check = checkSetForm(values)
    expect(check.ok && updateInput(set, check.parsed)).toEqual({
      set: set.id,
      changes: { clockSkew: 120, rotationPeriod: null },
    })
  })

  it('sends nothing when nothing changed (the form round-trips the set exactly)', () => {
    const check = checkSetForm(valuesFromSet(set))
    expect(check.ok && updateInput(set, check.parsed)).toBeNull()
    expect(valuesFromSet(set)).toMatchObject({
      defaultTokenLifetime: '15m',
      maxTokenLifetime: '1h',
      rotationPeriod: '1w',
    })
  })
})
