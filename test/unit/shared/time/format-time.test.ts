import { describe, expect, it } from 'vitest'
import { formatUtc, formatUtcRelative, relativeTo } from '#shared/time/format-time'

describe('the one time format', () => {
  const now = Date.parse('2026-03-09T11:31:00.250Z')
  it('is ISO 8601 UTC to the second, without milliseconds, from any input form', () => {
    expect(formatUtc('2026-03-09T11:31:00.123Z')).toBe('2026-03-09T11:31:00Z')
    expect(formatUtc(now)).toBe('2026-03-09T11:31:00Z')
    expect(formatUtc(new Date(now))).toBe('2026-03-09T11:31:00Z')
    expect(formatUtc('2026-03-09T12:31:00+01:00')).toBe('2026-03-09T11:31:00Z')
  })
  it('adds the distance from now for people, and leaves what it cannot read as given', () => {
    expect(formatUtcRelative('2026-03-09T12:31:00Z', now)).toBe('2026-03-09T12:31:00Z (in 59 minutes)')
    expect(formatUtcRelative('2026-03-06T11:31:00Z', now)).toBe('2026-03-06T11:31:00Z (3 days ago)')
    expect(relativeTo('not a date', now)).toBe('')
    expect(formatUtcRelative('—', now)).toBe('—')
  })
})
