import { describe, expect, it } from 'vitest'
import { buildTimeline } from '#shared/managed-keys/lifecycle-timeline'
import {
  labelRoomPx,
  layoutTimeline,
  minimumBarWidth,
  timelineDomain,
} from '#renderer/components/lifecycle-timeline/layout'
import { at, keyInfo, makeSet, t0 } from '../../features/keys/fixtures'

const s = (seconds: number) => t0.getTime() / 1000 + seconds
/** a key's row by kid: rows follow the one display order (shared/managed-keys/key-order.ts), the active key first */
const rowOf = (geometry: ReturnType<typeof layoutTimeline>, kid: string) =>
  geometry.rows.find((row) => row.kid === kid)!

describe('layoutTimeline', () => {
  const set = makeSet({ rotationPeriod: 7 * 86_400 })
  const old = keyInfo('old', [
    ['staged', 0],
    ['active', 0],
    ['retired', 86_400],
  ])
  const current = keyInfo('current', [
    ['staged', 85_000],
    ['active', 86_400],
  ])
  const timeline = buildTimeline(set, [old, current], at(90_000))

  it('places each state window on the axis, skipping the empty staged window of a key activated at once', () => {
    const domain = [s(0), s(100_000)] as const
    const geometry = layoutTimeline(timeline, domain, 1000)
    expect(geometry.rows.map((row) => row.kid)).toEqual(['current', 'old'])
    const oldRow = rowOf(geometry, 'old')
    const currentRow = rowOf(geometry, 'current')
    expect(oldRow!.bars.map((b) => [b.state, Math.round(b.x), Math.round(b.width)])).toEqual([
      ['active', 0, 864],
      ['retired', 864, 36],
    ])
    expect(oldRow!.bars[1]!.current).toBe(true)
    expect(currentRow!.bars.map((b) => b.state)).toEqual(['staged', 'active'])
    expect(geometry.nowX).toBe(900)
  })

  it('puts the next step at its earliest safe date, with a lead from now', () => {
    const geometry = layoutTimeline(timeline, [s(0), s(100_000)], 1000)
    const next = rowOf(geometry, 'old').next!
    // retired at 86 400 + 3600 + 900 + 60
    expect(next).toMatchObject({ action: 'unpublish', ready: false, scheduled: false, offscreen: null })
    expect(next.at).toBe(s(86_400 + 4560))
    expect(next.x).toBeCloseTo(909.6, 5)
    expect(next.fromX).toBe(900)
  })

  it('draws a ready step at now, and one beyond the view at the edge, marked off-screen', () => {
    const late = buildTimeline(set, [old, current], at(95_000))
    expect(rowOf(layoutTimeline(late, [s(0), s(100_000)], 1000), 'old').next).toMatchObject({ ready: true, x: 950 })
    const narrow = layoutTimeline(timeline, [s(80_000), s(90_500)], 1000)
    expect(rowOf(narrow, 'old').next).toMatchObject({ offscreen: 'right', x: 1000 })
  })

  it('puts no marker on a step only the user’s decision gates (retiring without a rotation period)', () => {
    const manual = buildTimeline(makeSet(), [old, current], at(90_000))
    expect(rowOf(layoutTimeline(manual, [s(0), s(100_000)], 1000), 'current').next).toBeNull()
  })

  it('keeps a window shorter than a few pixels visible', () => {
    const blink = keyInfo('blink', [
      ['staged', 0],
      ['compromised', 1],
      ['destroyed', 2],
    ])
    const geometry = layoutTimeline(buildTimeline(set, [blink], at(100_000)), [s(0), s(100_000)], 1000)
    expect(geometry.rows[0]!.bars.map((b) => [b.state, Math.round(b.width * 100) / 100])).toEqual([
      ['staged', minimumBarWidth],
      ['compromised', minimumBarWidth],
      ['destroyed', 999.98],
    ])
  })

  it('marks the rotation deadline and leaves room right of the last instant for its label', () => {
    const domain = timelineDomain(timeline, 'all', 800)
    const geometry = layoutTimeline(timeline, domain, 800)
    // active since 86 400, rotating every 7 days
    expect(geometry.rotation).toMatchObject({ at: s(86_400 + 7 * 86_400), status: 'ok' })
    expect(800 - geometry.rotation!.x).toBeGreaterThanOrEqual(labelRoomPx - 0.001)
    expect(geometry.ticks.length).toBeGreaterThan(2)
  })

  it('zooms around now, mostly into the past', () => {
    expect(timelineDomain(timeline, '1d', 800)).toEqual([s(90_000) - 64_800, s(90_000) + 21_600])
  })

  it("places a key's first publications and its allowed activation on its row, only those inside the view (#8.2)", () => {
    const staged = {
      ...keyInfo('staged', [['staged', 88_000]]),
      publishedOn: [
        { target: 'site', at: at(88_100).toISOString() },
        { target: 'repo', at: at(88_500).toISOString() },
      ],
    }
    const live = {
      ...current,
      publishedOn: [
        { target: 'site', at: at(85_100).toISOString() },
        { target: 'repo', at: null },
      ],
    }
    const published = buildTimeline(set, [old, live, staged], at(90_000))
    const geometry = layoutTimeline(published, [s(0), s(100_000)], 1000)
    const allowed = 88_500 + Math.max(set.jwksCacheTime, staged.policy.jwksCacheTime)
    expect(rowOf(geometry, 'staged').marks.map((m) => [m.kind, m.target, Math.round(m.x)])).toEqual([
      ['published', 'site', 881],
      ['published', 'repo', 885],
      ['activation-allowed', null, Math.round(allowed / 100)],
    ])
    expect(rowOf(geometry, 'staged').marks[2]!.at).toBe(s(allowed))
    expect(rowOf(geometry, 'current').marks.map((m) => [m.kind, m.target])).toEqual([['published', 'site']])
    expect(rowOf(geometry, 'old').marks).toEqual([])
    // Zoomed to the last hour: the earlier publication on 'site' (85,100) falls outside.
    expect(layoutTimeline(published, [s(86_400), s(90_000)], 360).rows.find((r) => r.kid === 'current')!.marks).toEqual(
      [],
    )
  })
})
