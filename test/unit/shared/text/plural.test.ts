import { describe, expect, it } from 'vitest'
import { plural } from '#shared/text/plural'

describe('plural', () => {
  it('says "1 key", "0 keys", "2 keys", with irregular plurals and thousands separators', () => {
    expect(plural(1, 'key')).toBe('1 key')
    expect(plural(0, 'key')).toBe('0 keys')
    expect(plural(2, 'key')).toBe('2 keys')
    expect(plural(1, 'entry', 'entries')).toBe('1 entry')
    expect(plural(3, 'entry', 'entries')).toBe('3 entries')
    expect(plural(12_345, 'key')).toBe('12,345 keys')
  })
})
