import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatCount } from '#shared/text/format-count'

describe('formatCount', () => {
  it('groups integers by three with commas, as en-US does', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(999)).toBe('999')
    expect(formatCount(1000)).toBe('1,000')
    expect(formatCount(8_388_608)).toBe('8,388,608')
    expect(formatCount(-1234567)).toBe('-1,234,567')
    expect(formatCount(Number.MAX_SAFE_INTEGER)).toBe('9,007,199,254,740,991')
  })

  it('equals toLocaleString("en-US") on every kind of number', () => {
    const special = [-0, 0.5, 1234.5678, -0.0001, NaN, Infinity, -Infinity, 2 ** 53, 1e21, -(2 ** 60)]
    for (const value of special) expect(formatCount(value), String(value)).toBe(value.toLocaleString('en-US'))
    fc.assert(
      fc.property(
        fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -100_000, max: 100_000 }), fc.double()),
        (value) => formatCount(value) === value.toLocaleString('en-US'),
      ),
      { numRuns: 5000 },
    )
  })
})
