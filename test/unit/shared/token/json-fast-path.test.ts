import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseJson } from '#shared/encoding/json'

/**
 * parseJson reads with JSON.parse first and with the position-tracking parser only when the shape
 * pass says it must (a duplicate member, a number not written plainly, invalid JSON). These pin that
 * the fast path never hides what the slow one reports.
 */
describe('parseJson fast path', () => {
  it('finds a duplicate member at any depth, with its exact offset', () => {
    const text = '{"a":1,"b":{"c":2,"c":3}}'
    const parsed = parseJson(text, 'payload')
    expect(parsed.duplicates).toEqual([{ path: 'b', member: 'c', offset: text.lastIndexOf('"c"') }])
    expect(parsed.value).toEqual({ a: 1, b: { c: 3 } })
  })

  it('notes numbers not written plainly, and none for plain integers', () => {
    expect(parseJson('{"exp":1700000000,"n":-5}', 'payload').numbers).toEqual([])
    expect(
      parseJson('{"a":1.0,"b":1e20,"c":-0,"d":99999999999999999999}', 'payload').numbers.map((n) => n.literal),
    ).toEqual(['1.0', '1e20', '-0', '99999999999999999999'])
  })

  it('keeps exact error offsets from the slow parser', () => {
    expect(() => parseJson('{"a":1,}', 'header')).toThrow(/at character 7/)
  })

  it('keeps "__proto__" as a plain member', () => {
    const value = parseJson('{"__proto__":{"admin":true}}', 'payload').value as Record<string, unknown>
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.keys(value)).toEqual(['__proto__'])
  })

  it('computes memberOffsets on demand, exactly', () => {
    const text = '{ "a" : 1, "bb":"x"}'
    expect(parseJson(text, 'claims').memberOffsets).toEqual({ a: text.indexOf('1'), bb: text.indexOf('"x"') })
  })

  it('agrees with JSON.parse on any JSON without duplicates', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        const parsed = parseJson(text, 'payload')
        expect(parsed.value).toEqual(JSON.parse(text))
        expect(parsed.duplicates).toEqual([])
      }),
      { numRuns: 300 },
    )
  })
})
