import { describe, expect, it } from 'vitest'
import { durationSchema, formatDuration, maxDurationSeconds, parseDuration } from '#shared/time/duration'

describe('parseDuration', () => {
  it.each([
    ['15m', 900],
    ['1h', 3600],
    ['7d', 604_800],
    ['2w', 1_209_600],
    ['90s', 90],
    ['1h30m', 5400],
    ['1d2h3m4s', 93_784],
    ['0s', 0],
    ['900', 900],
    [' 1H ', 3600],
  ])('%s is %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds)
  })

  it.each([
    ['', 'empty'],
    ['1.5h', 'use a number'],
    ['-5m', 'use a number'],
    ['1m1h', 'largest to smallest'],
    ['1h1h', 'largest to smallest'],
    ['1y', 'use a number'],
    ['h', 'use a number'],
    ['1h 30m', 'use a number'],
    ['4000w', 'ten years'],
  ])('"%s" is refused with ERR_DURATION_INVALID', (text, why) => {
    expect(() => parseDuration(text, '--exp')).toThrow(
      expect.objectContaining({ code: 'ERR_DURATION_INVALID', message: expect.stringContaining(why) }),
    )
  })

  it('names what was being parsed', () => {
    expect(() => parseDuration('soon', 'JWKS cache time')).toThrow(/"soon" is not a valid JWKS cache time/)
  })
})

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [59, '59s'],
    [900, '15m'],
    [5400, '1h30m'],
    [86_400, '1d'],
    [1_209_600, '2w'],
    [1_213_200, '14d1h'],
    [93_784, '1d2h3m4s'],
  ])('%i is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text)
  })

  it('round-trips through parseDuration', () => {
    for (const seconds of [1, 61, 3599, 3601, 86_399, 90_061, 604_800, 694_861, maxDurationSeconds]) {
      expect(parseDuration(formatDuration(seconds))).toBe(seconds)
    }
  })

  it('refuses fractions and negatives', () => {
    expect(() => formatDuration(1.5)).toThrow(/whole/)
    expect(() => formatDuration(-1)).toThrow(/whole/)
  })
})

describe('durationSchema', () => {
  it('takes strings and whole seconds, gives seconds', () => {
    expect(durationSchema.parse('15m')).toBe(900)
    expect(durationSchema.parse(30)).toBe(30)
  })

  it('reports the parser message as the issue', () => {
    const result = durationSchema.safeParse('fortnight')
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toMatch(/"fortnight" is not a valid duration/)
    expect(durationSchema.safeParse(1.5).success).toBe(false)
    expect(durationSchema.safeParse(-3).success).toBe(false)
  })
})
