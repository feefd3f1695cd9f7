import { describe, expect, it } from 'vitest'
import { describeKeyCount, filterKeys, isFiltering, noKeyFilter } from '#renderer/features/keys/key-filter'

const keys = [
  {
    kid: 'pay-2030-a',
    thumbprint: 'NzbLsXh8uDCcd',
    alg: 'ES256' as const,
    state: 'active' as const,
    origin: 'generated' as const,
    crv: 'P-256',
  },
  {
    kid: 'pay-2029-z',
    thumbprint: 'QqQ8vA1',
    alg: 'RS256' as const,
    state: 'retired' as const,
    origin: 'imported' as const,
  },
  {
    kid: 'legacy',
    thumbprint: 'abcDEF',
    alg: 'ES256' as const,
    state: 'staged' as const,
    origin: 'restored' as const,
    crv: 'P-256',
  },
]

describe('filterKeys', () => {
  it('narrows by state, algorithm and case-insensitive text in kid, thumbprint, algorithm, origin or curve', () => {
    expect(filterKeys(keys, noKeyFilter)).toEqual(keys)
    expect(filterKeys(keys, { ...noKeyFilter, state: 'retired' }).map((k) => k.kid)).toEqual(['pay-2029-z'])
    expect(filterKeys(keys, { ...noKeyFilter, alg: 'ES256' }).map((k) => k.kid)).toEqual(['pay-2030-a', 'legacy'])
    expect(filterKeys(keys, { ...noKeyFilter, text: '  PAY ' }).map((k) => k.kid)).toEqual(['pay-2030-a', 'pay-2029-z'])
    expect(filterKeys(keys, { ...noKeyFilter, text: 'abcdef' }).map((k) => k.kid)).toEqual(['legacy'])
    expect(filterKeys(keys, { ...noKeyFilter, text: 'p-256', state: 'staged' }).map((k) => k.kid)).toEqual(['legacy'])
    expect(filterKeys(keys, { state: 'active', alg: 'RS256', text: '' })).toEqual([])
    expect(isFiltering(noKeyFilter)).toBe(false)
    expect(isFiltering({ ...noKeyFilter, text: '   ' })).toBe(false)
  })
})

describe('describeKeyCount: one wording that says what is counted', () => {
  it('counts keys that are not destroyed, names tombstones apart, and says how many match a filter', () => {
    expect(describeKeyCount({ living: 3, destroyed: 1, showDestroyed: false, matching: 3, filtering: false })).toBe(
      '3 keys',
    )
    expect(describeKeyCount({ living: 3, destroyed: 1, showDestroyed: true, matching: 4, filtering: false })).toBe(
      '3 keys + 1 destroyed key',
    )
    expect(describeKeyCount({ living: 1, destroyed: 0, showDestroyed: false, matching: 1, filtering: false })).toBe(
      '1 key',
    )
    expect(describeKeyCount({ living: 3, destroyed: 0, showDestroyed: false, matching: 1, filtering: true })).toBe(
      '1 of 3 keys matches',
    )
    expect(describeKeyCount({ living: 3, destroyed: 2, showDestroyed: true, matching: 2, filtering: true })).toBe(
      '2 of 5 keys (destroyed included) match',
    )
  })
})
