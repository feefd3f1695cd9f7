import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { utf8ByteLength, utf8LongerThan } from '#shared/text/utf8-length'

const encoded = (text: string) => new TextEncoder().encode(text).length

describe('utf8ByteLength', () => {
  it('counts 1, 2, 3 and 4-byte characters as UTF-8 does, not as .length does', () => {
    expect(utf8ByteLength('')).toBe(0)
    expect(utf8ByteLength('abc')).toBe(3)
    expect(utf8ByteLength('é')).toBe(2)
    expect(utf8ByteLength('€')).toBe(3)
    expect(utf8ByteLength('🔑')).toBe(4)
    expect('🔑'.length).toBe(2)
    expect(utf8ByteLength('€'.repeat(1000))).toBe(3000)
  })

  it('counts a lone surrogate as the 3 bytes of the U+FFFD TextEncoder writes for it', () => {
    for (const text of ['\ud800', '\udc00', 'a\ud800b', '\udc00\ud800', '\ud83d'])
      expect(utf8ByteLength(text)).toBe(encoded(text))
  })

  it('agrees with TextEncoder on any string, including broken surrogate pairs', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => utf8ByteLength(text) === encoded(text)),
      { numRuns: 2000 },
    )
  })
})

describe('utf8LongerThan', () => {
  it('decides by the bytes, at and around the limit, for every character width', () => {
    for (const unit of ['a', 'é', '€', '🔑']) {
      for (const count of [0, 1, 5, 10, 11, 33, 34, 100]) {
        const text = unit.repeat(count)
        for (const max of [0, 10, 11, 32, 33, 34, 100, 101]) expect(utf8LongerThan(text, max)).toBe(encoded(text) > max)
      }
    }
  })

  it('refuses a string of 3-byte characters whose .length is under the limit', () => {
    const text = '€'.repeat(400)
    expect(text.length).toBeLessThan(1000)
    expect(utf8LongerThan(text, 1000)).toBe(true)
  })
})
