import type { Domain, TimelineLane } from '#shared/validity-timeline/index'

/**
 * What a key press on the timeline cursor does. Kept apart from the SVG so the keyboard contract —
 * the cursor must be as usable without a mouse as with one — is unit-tested:
 *
 *   ← →            move by 1/200 of the visible span   (Shift: 1/20)
 *   PageUp/Down    move by 1/5 of the visible span
 *   Home / End     the start / end of the visible span
 *   [ ]            the previous / next event (iat, nbf, exp, and where the clock skew ends)
 *   N              now
 *   + − 0          zoom in / out around the cursor, zoom to fit
 */

export type CursorAction = { type: 'move'; at: number } | { type: 'zoom'; factor: number } | { type: 'fit' }

export interface CursorKeyContext {
  at: number
  now: number
  domain: Domain
  lanes: readonly Pick<TimelineLane, 'markers' | 'skewBands'>[]
}

export function cursorKeyAction(key: string, shift: boolean, context: CursorKeyContext): CursorAction | null {
  const [start, end] = context.domain
  const span = end - start
  const move = (at: number): CursorAction => ({ type: 'move', at: Math.round(at) })
  switch (key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return move(context.at + Math.max(1, span / (shift ? 20 : 200)))
    case 'ArrowLeft':
    case 'ArrowDown':
      return move(context.at - Math.max(1, span / (shift ? 20 : 200)))
    case 'PageUp':
      return move(context.at + span / 5)
    case 'PageDown':
      return move(context.at - span / 5)
    case 'Home':
      return move(start)
    case 'End':
      return move(end)
    case ']': {
      const next = eventTimes(context.lanes).find((t) => t > context.at)
      return next === undefined ? null : move(next)
    }
    case '[': {
      const previous = eventTimes(context.lanes)
        .reverse()
        .find((t) => t < context.at)
      return previous === undefined ? null : move(previous)
    }
    case 'n':
    case 'N':
      return move(context.now)
    case '+':
    case '=':
      return { type: 'zoom', factor: 2 }
    case '-':
    case '_':
      return { type: 'zoom', factor: 0.5 }
    case '0':
      return { type: 'fit' }
    default:
      return null
  }
}

/**
 * The instants where a verdict can change, in order: every marker, and the far edge of each
 * clock-skew band (exp + skew is where a lenient verifier finally says "expired").
 */
export function eventTimes(lanes: CursorKeyContext['lanes']): number[] {
  const times = new Set<number>()
  for (const lane of lanes) {
    for (const marker of lane.markers) times.add(marker.time)
    for (const band of lane.skewBands) times.add(band.edge === 'end' ? band.end : band.start)
  }
  return [...times].sort((a, b) => a - b)
}
