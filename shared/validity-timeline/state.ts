import type { Domain, LaneSegment, TimelineLane, ValidityState } from './types'

/**
 * The state a verifier tolerating `skewSeconds` of clock skew gives the token at `time` — the same
 * comparisons jose makes (exp is exclusive: at exp + skew the token is expired).
 */
export function stateAt(lane: Pick<TimelineLane, 'window' | 'skewSeconds'>, time: number): ValidityState {
  const { start, end } = lane.window
  const skew = lane.skewSeconds
  if (end !== null && time >= end + skew) return 'expired'
  if (start !== null && time < start - skew) return 'not-yet-valid'
  if ((start !== null && time < start) || (end !== null && time >= end)) return 'in-skew'
  return 'valid'
}

/** The lane cut into stretches of one state across `domain`, in order, for drawing. */
export function laneSegments(lane: Pick<TimelineLane, 'window' | 'skewSeconds'>, domain: Domain): LaneSegment[] {
  const [from, to] = domain
  const { start, end } = lane.window
  const skew = lane.skewSeconds
  const edges = [from, to]
  for (const edge of [start === null ? null : start - skew, start, end, end === null ? null : end + skew]) {
    if (edge !== null && edge > from && edge < to) edges.push(edge)
  }
  const sorted = [...new Set(edges)].sort((a, b) => a - b)
  const segments: LaneSegment[] = []
  for (let i = 0; i < sorted.length - 1; i++) {
    const segmentStart = sorted[i]!
    const segmentEnd = sorted[i + 1]!
    const state = stateAt(lane, segmentStart)
    const last = segments[segments.length - 1]
    if (last && last.state === state) last.end = segmentEnd
    else segments.push({ state, start: segmentStart, end: segmentEnd })
  }
  return segments
}
