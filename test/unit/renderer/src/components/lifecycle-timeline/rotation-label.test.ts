import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { placeRotationLabel, rotationLabelWidth } from '#renderer/components/lifecycle-timeline/rotation-label'

const text = 'rotation overdue'
const width = rotationLabelWidth(text)
const extent = (p: { x: number; anchor: 'start' | 'end' }): [number, number] =>
  p.anchor === 'start' ? [p.x, p.x + width] : [p.x - width, p.x]
const flag = (nowX: number) => ({ left: nowX - 15, right: nowX + 15 })

describe('placeRotationLabel', () => {
  it('puts the label beside its line, away from now', () => {
    expect(placeRotationLabel(500, flag(700), 1000, text)).toEqual({ x: 495, anchor: 'end' })
    expect(placeRotationLabel(500, flag(300), 1000, text)).toEqual({ x: 505, anchor: 'start' })
    expect(placeRotationLabel(500, null, 1000, text)).toEqual({ x: 505, anchor: 'start' })
  })

  it('a deadline near the left edge just before now: the label goes past the flag, not across it', () => {
    // The #12 case: overdue by a little, the line 40 px from the left edge and now 30 px to its right.
    const place = placeRotationLabel(40, flag(70), 900, text)
    const [from, to] = extent(place)
    expect(from).toBeGreaterThanOrEqual(0)
    expect(to).toBeLessThanOrEqual(900)
    expect(from >= 70 + 15 || to <= 70 - 15).toBe(true)
  })

  it('never overlaps the flag nor leaves the plot when there is room for both', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 300, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (plotWidth, lineAt, nowAt) => {
          const lineX = lineAt * plotWidth
          const nowX = 15 + nowAt * (plotWidth - 30)
          const [from, to] = extent(placeRotationLabel(lineX, flag(nowX), plotWidth, text))
          expect(from).toBeGreaterThanOrEqual(0)
          expect(to).toBeLessThanOrEqual(plotWidth)
          expect(from >= nowX + 15 || to <= nowX - 15).toBe(true)
        },
      ),
    )
  })
})
