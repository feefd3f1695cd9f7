import { describe, expect, it } from 'vitest'
import { describePastEvent, formatPastEvent, pastEventClockTolerance } from '#shared/time/past-event'
import { formatUtcDate } from '#shared/time/format-time'

describe('a time that can only be past (created, since, last used)', () => {
  const now = Date.parse('2026-11-30T12:00:00Z')
  it('reads as how long ago when it is past', () => {
    expect(describePastEvent('2026-11-27T12:00:00Z', now)).toEqual({
      at: '2026-11-27T12:00:00Z',
      relative: '3 days ago',
      future: false,
      advice: '',
    })
    expect(formatPastEvent('2026-11-27T12:00:00Z', now)).toBe('2026-11-27T12:00:00Z (3 days ago)')
  })
  it('reads as a clock problem, with its date, when it lies months ahead — never "in 8 months"', () => {
    const ahead = '2027-07-30T10:00:00Z'
    const event = describePastEvent(ahead, now)
    expect(event.future).toBe(true)
    expect(event.relative).toBe('in the future')
    expect(event.advice).toBe('check this machine’s clock')
    expect(formatPastEvent(ahead, now)).toBe('2027-07-30T10:00:00Z (in the future — check this machine’s clock)')
    expect(formatPastEvent(ahead, now)).not.toMatch(/in \d+ months?/)
  })
  it('reads the very moment as "just now", never "since now"', () => {
    expect(describePastEvent(now, now).relative).toBe('just now')
    expect(describePastEvent(now - 400, now).relative).toBe('just now')
  })
  it('takes a few seconds of disagreement between processes as now, and beyond the tolerance as the clock', () => {
    expect(describePastEvent(now + 5_000, now)).toMatchObject({ relative: 'just now', future: false })
    expect(describePastEvent(now + pastEventClockTolerance, now).future).toBe(false)
    expect(describePastEvent(now + pastEventClockTolerance + 1_000, now)).toMatchObject({
      relative: 'in the future',
      future: true,
    })
  })
  it('leaves what it cannot read as given', () => {
    expect(describePastEvent('not a date', now)).toEqual({ at: 'not a date', relative: '', future: false, advice: '' })
    expect(formatPastEvent('not a date', now)).toBe('not a date')
  })
})

describe('the date part of the one time format', () => {
  it('is the UTC date of formatUtc, whatever the input zone', () => {
    expect(formatUtcDate('2026-12-07T13:34:13.120Z')).toBe('2026-12-07')
    expect(formatUtcDate('2026-12-08T00:30:00+01:00')).toBe('2026-12-07')
    expect(formatUtcDate(Date.parse('2026-12-07T23:59:59Z'))).toBe('2026-12-07')
    expect(formatUtcDate('—')).toBe('—')
  })
})
