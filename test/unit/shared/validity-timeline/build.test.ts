import { describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { buildTimeline, laneSegments, stateAt } from '#shared/validity-timeline/index'

// 2024-05-01T12:00:00Z
const now = 1714564800

describe('buildTimeline', () => {
  const access = { label: 'access token', claims: { iat: now - 600, nbf: now - 600, exp: now + 300 } }
  const id = { label: 'ID token', claims: { iat: now - 600, exp: now + 3000, auth_time: now - 900 } }
  const refresh = { label: 'refresh token', claims: { iat: now - 600, exp: now + 86400 } }

  it('puts several tokens on one timeline, each with markers, window and skew bands', () => {
    const timeline = buildTimeline([access, id, refresh], { now, skewSeconds: 60 })
    expect(timeline.lanes.map((l) => l.label)).toEqual(['access token', 'ID token', 'refresh token'])
    const [a, i] = timeline.lanes as [(typeof timeline.lanes)[0], (typeof timeline.lanes)[0]]
    expect(a.markers).toEqual([
      { kind: 'iat', time: now - 600 },
      { kind: 'nbf', time: now - 600 },
      { kind: 'exp', time: now + 300 },
    ])
    expect(a.window).toEqual({ start: now - 600, end: now + 300 })
    expect(a.skewBands).toEqual([
      { edge: 'start', start: now - 660, end: now - 600 },
      { edge: 'end', start: now + 300, end: now + 360 },
    ])
    expect(i.markers.map((m) => m.kind)).toEqual(['iat', 'exp', 'auth_time'])
    // without nbf the window starts at iat: before it the token did not exist
    expect(i.window.start).toBe(now - 600)
    expect(timeline.lanes.every((l) => l.stateAtEvaluation === 'valid')).toBe(true)
  })

  it('zooms to fit everything, with a margin', () => {
    const timeline = buildTimeline([access, refresh], { now })
    const [start, end] = timeline.domain
    expect(start).toBeLessThan(now - 660)
    expect(end).toBeGreaterThan(now + 86400 + 60)
    expect(end - start).toBeLessThan((86400 + 720) * 1.2)
  })

  it('includes the evaluation time in the fit and evaluates every lane at it', () => {
    const yesterday = now - 86400
    const timeline = buildTimeline([access], { now, evaluationTime: yesterday })
    expect(timeline.domain[0]).toBeLessThan(yesterday)
    expect(timeline.lanes[0]!.stateAtEvaluation).toBe('not-yet-valid')
  })

  it('maps time to pixels and back', () => {
    const timeline = buildTimeline([access], { now })
    const [start, end] = timeline.domain
    expect(timeline.timeToX(start, 800)).toBe(0)
    expect(timeline.timeToX(end, 800)).toBeCloseTo(800)
    expect(timeline.xToTime(timeline.timeToX(now, 800), 800)).toBeCloseTo(now)
    expect(() => timeline.timeToX(now, 0)).toThrow(SignetError)
  })

  it('handles a token without exp: open window, an issue, never expired', () => {
    const timeline = buildTimeline([{ label: 'forever', claims: { iat: now - 10 } }], { now })
    const lane = timeline.lanes[0]!
    expect(lane.window).toEqual({ start: now - 10, end: null })
    expect(lane.issues).toEqual(['No "exp": the token never expires by its claims.'])
    expect(stateAt(lane, now + 1e9)).toBe('valid')
  })

  it('handles a token with no time claims at all (zero span): one hour around now', () => {
    const timeline = buildTimeline([{ label: 'bare', claims: { sub: 'x' } }], { now, skewSeconds: 0 })
    expect(timeline.domain).toEqual([now - 1800, now + 1800])
    expect(timeline.lanes[0]!.window).toEqual({ start: null, end: null })
    expect(timeline.lanes[0]!.skewBands).toEqual([])
    expect(timeline.ticks.length).toBeGreaterThan(2)
  })

  it('handles huge spans (1970 to 2286) with year ticks', () => {
    const timeline = buildTimeline([{ label: 'ancient', claims: { iat: 0, exp: 9999999999 } }], { now })
    expect(timeline.tickUnit).toMatch(/y$/)
    expect(timeline.ticks.every((t) => /^\d{4}$/.test(t.label))).toBe(true)
    expect(timeline.ticks.length).toBeGreaterThan(2)
  })

  it('leaves out claims that are not NumericDates and says why', () => {
    const timeline = buildTimeline([{ label: 'odd', claims: { iat: 'yesterday', exp: now + 60 } }], { now })
    const lane = timeline.lanes[0]!
    expect(lane.markers.map((m) => m.kind)).toEqual(['exp'])
    expect(lane.issues[0]).toContain('"iat" is "yesterday"')
    expect(lane.window.start).toBeNull()
  })

  it('keeps a domain the user zoomed to', () => {
    const timeline = buildTimeline([access], { now, domain: [now - 60, now + 60] })
    expect(timeline.domain).toEqual([now - 60, now + 60])
    expect(timeline.tickUnit).toBe('15 s')
  })

  it('validates its options', () => {
    expect(() => buildTimeline([access], { now: Number.NaN })).toThrow(/now/)
    expect(() => buildTimeline([access], { now, skewSeconds: -1 })).toThrow(/skew/)
    expect(() => buildTimeline([access], { now, timeZone: 'Mars/Olympus' })).toThrow(/Unknown time zone/)
  })
})

describe('stateAt and laneSegments', () => {
  const lane = { window: { start: 1000, end: 2000 }, skewSeconds: 60 }

  it.each([
    [900, 'not-yet-valid'],
    [940, 'in-skew'],
    [999, 'in-skew'],
    [1000, 'valid'],
    [1999, 'valid'],
    [2000, 'in-skew'],
    [2059, 'in-skew'],
    [2060, 'expired'],
  ] as const)('at %d the token is %s', (time, state) => {
    expect(stateAt(lane, time)).toBe(state)
  })

  it('without skew there is no in-skew state', () => {
    expect(stateAt({ ...lane, skewSeconds: 0 }, 999)).toBe('not-yet-valid')
    expect(stateAt({ ...lane, skewSeconds: 0 }, 2000)).toBe('expired')
  })

  it('cuts the lane into coloured stretches across the domain', () => {
    expect(laneSegments(lane, [0, 3000])).toEqual([
      { state: 'not-yet-valid', start: 0, end: 940 },
      { state: 'in-skew', start: 940, end: 1000 },
      { state: 'valid', start: 1000, end: 2000 },
      { state: 'in-skew', start: 2000, end: 2060 },
      { state: 'expired', start: 2060, end: 3000 },
    ])
    expect(laneSegments(lane, [1100, 1900])).toEqual([{ state: 'valid', start: 1100, end: 1900 }])
    expect(laneSegments({ window: { start: null, end: null }, skewSeconds: 60 }, [0, 10])).toEqual([
      { state: 'valid', start: 0, end: 10 },
    ])
  })
})
