import { describe, expect, it } from 'vitest'
import { buildTimeline } from '#shared/validity-timeline/index'
import { cursorKeyAction, eventTimes } from '#renderer/components/validity-timeline/cursor-keys'

const now = 1_790_000_000
const timeline = buildTimeline([{ label: 't', claims: { iat: now - 600, nbf: now - 600, exp: now + 1200 } }], {
  now,
  skewSeconds: 60,
})
const context = { at: now, now, domain: [now - 1000, now + 1000] as const, lanes: timeline.lanes }

describe('the timeline cursor keys', () => {
  it('step by a fraction of the visible span; Shift for bigger steps', () => {
    expect(cursorKeyAction('ArrowRight', false, context)).toEqual({ type: 'move', at: now + 10 })
    expect(cursorKeyAction('ArrowLeft', false, context)).toEqual({ type: 'move', at: now - 10 })
    expect(cursorKeyAction('ArrowRight', true, context)).toEqual({ type: 'move', at: now + 100 })
    expect(cursorKeyAction('PageDown', false, context)).toEqual({ type: 'move', at: now - 400 })
    // Never less than a second, however far one zooms in.
    expect(cursorKeyAction('ArrowRight', false, { ...context, domain: [now, now + 10] })).toEqual({
      type: 'move',
      at: now + 1,
    })
  })

  it('jump to the ends, to now, and between the events where a verdict can change', () => {
    expect(cursorKeyAction('Home', false, context)).toEqual({ type: 'move', at: now - 1000 })
    expect(cursorKeyAction('End', false, context)).toEqual({ type: 'move', at: now + 1000 })
    expect(cursorKeyAction('n', false, { ...context, at: 5 })).toEqual({ type: 'move', at: now })
    expect(eventTimes(timeline.lanes)).toEqual([now - 660, now - 600, now + 1200, now + 1260])
    expect(cursorKeyAction(']', false, context)).toEqual({ type: 'move', at: now + 1200 })
    expect(cursorKeyAction(']', false, { ...context, at: now + 1200 })).toEqual({ type: 'move', at: now + 1260 })
    expect(cursorKeyAction(']', false, { ...context, at: now + 1260 })).toBeNull()
    expect(cursorKeyAction('[', false, context)).toEqual({ type: 'move', at: now - 600 })
    expect(cursorKeyAction('[', false, { ...context, at: now - 660 })).toBeNull()
  })

  it('zoom with + and −, fit with 0, and leave every other key alone', () => {
    expect(cursorKeyAction('+', false, context)).toEqual({ type: 'zoom', factor: 2 })
    expect(cursorKeyAction('-', false, context)).toEqual({ type: 'zoom', factor: 0.5 })
    expect(cursorKeyAction('0', false, context)).toEqual({ type: 'fit' })
    expect(cursorKeyAction('Tab', false, context)).toBeNull()
    expect(cursorKeyAction('a', false, context)).toBeNull()
  })
})
