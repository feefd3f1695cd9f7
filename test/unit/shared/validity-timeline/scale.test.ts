import { describe, expect, it } from 'vitest'
import { computeTicks, fitDomain, formatInstant, panDomain, zoomDomain } from '#shared/validity-timeline/index'
import { maxTime } from '#shared/validity-timeline/scale'

const t = (iso: string) => Date.parse(iso) / 1000

describe('ticks', () => {
  it('ticks on the hour with HH:MM labels, marking midnight with the day', () => {
    const { ticks, unit } = computeTicks([t('2026-11-21T18:20:00Z'), t('2026-11-22T05:10:00Z')], 960)
    expect(unit).toBe('2 h')
    expect(ticks.map((x) => x.label)).toEqual(['20:00', '22:00', 'Sun 22', '02:00', '04:00'])
    expect(ticks.filter((x) => x.major).map((x) => x.time)).toEqual([t('2026-11-22T00:00:00Z')])
  })

  it('uses day labels for a week and month labels for a year', () => {
    const week = computeTicks([t('2026-11-20T00:00:00Z'), t('2026-11-27T00:00:00Z')], 960)
    expect(week.unit).toBe('1 d')
    expect(week.ticks[0]!.label).toBe('Fri 20')
    const year = computeTicks([t('2026-01-15T00:00:00Z'), t('2027-01-15T00:00:00Z')], 960)
    expect(year.unit).toBe('2 mo')
    expect(year.ticks.map((x) => x.label)).toEqual(['Mar 2026', 'May 2026', 'Jul 2026', 'Sep 2026', 'Nov 2026', '2027'])
  })

  it('fits fewer ticks into a narrower axis', () => {
    const domain = [t('2026-11-22T09:00:00Z'), t('2026-11-22T10:00:00Z')] as const
    const wide = computeTicks(domain, 1200)
    const narrow = computeTicks(domain, 300)
    expect(narrow.ticks.length).toBeLessThan(wide.ticks.length)
    expect(narrow.ticks.length).toBeLessThanOrEqual(300 / 90 + 1)
    expect(wide.ticks.every((x) => /^\d\d:\d\d$/.test(x.label))).toBe(true)
  })

  it('second-level ticks show seconds', () => {
    const { ticks, unit } = computeTicks([t('2026-11-22T09:14:00Z'), t('2026-11-22T09:14:30Z')], 960)
    expect(unit).toBe('5 s')
    expect(ticks[1]!.label).toBe('09:14:05')
  })

  it('aligns to the wall clock of the chosen zone (including half-hour offsets)', () => {
    const domain = [t('2026-11-22T00:00:00Z'), t('2026-11-22T06:00:00Z')] as const
    const kolkata = computeTicks(domain, 960, { timeZone: 'Asia/Kolkata' })
    // 00:00Z is 05:30 in Kolkata: ticks fall on Kolkata's whole hours, i.e. at hh:30Z
    expect(kolkata.ticks[0]).toEqual({ time: t('2026-11-22T00:30:00Z'), label: '06:00', major: false })
    const paris = computeTicks([t('2026-11-21T20:00:00Z'), t('2026-11-22T02:00:00Z')], 960, {
      timeZone: 'Europe/Paris',
    })
    expect(paris.ticks.find((x) => x.major)).toEqual({ time: t('2026-11-21T23:00:00Z'), label: 'Sun 22', major: true })
  })

  it('survives a DST change', () => {
    // Europe/Paris leaves summer time on 2026-10-25 at 03:00 local
    const { ticks } = computeTicks([t('2026-10-24T22:00:00Z'), t('2026-10-25T04:00:00Z')], 960, {
      timeZone: 'Europe/Paris',
    })
    const times = ticks.map((x) => x.time)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(new Set(times).size).toBe(times.length)
  })

  it('formats the cursor readout', () => {
    expect(formatInstant(t('2026-11-22T09:14:05Z'))).toBe('Sun 22 Nov 2026, 09:14:05')
    expect(formatInstant(t('2026-11-22T09:14:05Z'), 'America/New_York')).toBe('Sun 22 Nov 2026, 04:14:05')
  })
})

describe('domain helpers', () => {
  it('fits with padding, and widens a zero span to an hour', () => {
    expect(fitDomain([100, 200], 0.1)).toEqual([90, 210])
    expect(fitDomain([5000])).toEqual([3200, 6800])
    expect(() => fitDomain([])).toThrow()
  })

  it('zooms around an anchor, keeping it in place', () => {
    const zoomed = zoomDomain([0, 1000], 2, 250)
    expect(zoomed).toEqual([125, 625])
    expect((250 - zoomed[0]) / (zoomed[1] - zoomed[0])).toBe(0.25)
    expect(zoomDomain([0, 1000], 0.5)).toEqual([-500, 1500])
    // never narrower than a second
    expect(zoomDomain([0, 10], 1e6)[1] - zoomDomain([0, 10], 1e6)[0]).toBe(1)
    expect(() => zoomDomain([0, 10], 0)).toThrow()
  })

  it('pans within the representable range', () => {
    expect(panDomain([0, 100], 50)).toEqual([50, 150])
    expect(panDomain([maxTime - 100, maxTime], 1000)).toEqual([maxTime - 100, maxTime])
  })
})
