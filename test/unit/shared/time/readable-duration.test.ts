import { describe, expect, it } from 'vitest'
import { formatReadableDuration } from '#shared/time/readable-duration'

describe('formatReadableDuration', () => {
  it.each([
    [0, '0 s'],
    [45, '45 s'],
    [60, '1 min'],
    [900, '15 min'],
    [3600, '1 h'],
    [5400, '1 h 30 min'],
    [86_400, '1 day'],
    [30 * 86_400, '30 days'],
    [90_000, '1 day 1 h'],
    [86_430, '1 day'],
    [365 * 86_400, '1 year'],
    [2 * 365 * 86_400, '2 years'],
    [400 * 86_400, '400 days'],
    [-900, '15 min'],
    [899.6, '15 min'],
  ])('%d s reads as %s', (seconds, text) => {
    expect(formatReadableDuration(seconds)).toBe(text)
  })
})
