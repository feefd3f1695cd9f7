import { describe, expect, it } from 'vitest'
import { formatCount } from '#shared/text/format-count'

describe('formatCount', () => {
  it('writes en-US thousands separators whatever the locale', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(999)).toBe('999')
    expect(formatCount(1000)).toBe('1,000')
    expect(formatCount(8_388_608)).toBe('8,388,608')
  })
})
