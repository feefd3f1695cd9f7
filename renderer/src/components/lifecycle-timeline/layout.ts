import type { KeyAction, KeyState } from '#shared/managed-keys/types'
import type { LifecycleTimeline } from '#shared/managed-keys/lifecycle-timeline'
import { computeTicks } from '#shared/validity-timeline/ticks'
import { fitDomain, timeToX } from '#shared/validity-timeline/scale'
import type { Domain, TimelineTick } from '#shared/validity-timeline/types'

/**
 * Geometry of the lifecycle timeline, pure so it is tested without a DOM: where each key's state
 * windows, its next step and the set's rotation deadline fall for a given time range and width.
 * Times are seconds since the epoch, as in shared/validity-timeline.
 */

export const zoomChoices = [
  { value: 'all', label: 'All', seconds: null },
  { value: '30d', label: '30 d', seconds: 30 * 86_400 },
  { value: '7d', label: '7 d', seconds: 7 * 86_400 },
  { value: '1d', label: '1 d', seconds: 86_400 },
  { value: '6h', label: '6 h', seconds: 6 * 3600 },
  { value: '1h', label: '1 h', seconds: 3600 },
] as const
export type TimelineZoom = (typeof zoomChoices)[number]['value']

/** A window this short would vanish; it is drawn this wide so the transition stays visible. */
export const minimumBarWidth = 3

export interface TimelineBar {
  state: KeyState
  x: number
  width: number
  from: number
  /** the end of the window; `now` for the current one */
  to: number
  current: boolean
  forced: boolean
  reason: string | null
  /** the window goes on beyond the left or right edge of the view */
  clippedLeft: boolean
  clippedRight: boolean
}

export interface TimelineNextMarker {
  action: KeyAction
  /** where the marker sits: the earliest safe date, or now when the step is already possible */
  x: number
  /** where the dashed lead-in starts (now) */
  fromX: number
  at: number | null
  ready: boolean
  scheduled: boolean
  why: string
  /** outside the view: the marker is drawn at the edge with an arrow */
  offscreen: 'left' | 'right' | null
}

/**
 * A point on a key's row from publishing (#8.2): first published on a target, or the instant the
 * publish guard allows its activation (published on every target + the JWKS cache time).
 */
export interface TimelinePublishMark {
  kind: 'published' | 'activation-allowed'
  x: number
  /** seconds since the epoch */
  at: number
  /** the target's name for 'published'; null for 'activation-allowed' */
  target: string | null
}

export interface TimelineRow {
  keyId: string
  kid: string
  alg: string
  state: KeyState
  bars: TimelineBar[]
  next: TimelineNextMarker | null
  /** only those inside the view, oldest first */
  marks: TimelinePublishMark[]
}

export interface TimelineGeometry {
  domain: Domain
  width: number
  nowX: number | null
  ticks: TimelineTick[]
  tickUnit: string
  rows: TimelineRow[]
  rotation: { x: number; at: number; status: LifecycleTimeline['rotation']['status'] } | null
}

const seconds = (iso: string) => Date.parse(iso) / 1000

/** Room kept right of the last instant for the label of a marker there ("unpublish from 9 Mar 11:31"). */
export const labelRoomPx = 150

/**
 * The range to show: everything, or a window of the chosen length around now (mostly past, some
 * future). Either way the right edge leaves `labelRoomPx` free after the last instant, so the label
 * of the latest marker is not cut off.
 */
export function timelineDomain(timeline: LifecycleTimeline, zoom: TimelineZoom, width: number): Domain {
  const now = seconds(timeline.now)
  const choice = zoomChoices.find((z) => z.value === zoom)
  if (choice?.seconds) return [now - choice.seconds * 0.75, now + choice.seconds * 0.25]
  const [start, end] = fitDomain([seconds(timeline.range.from), seconds(timeline.range.to), now], 0.03)
  if (width <= labelRoomPx * 2) return [start, end]
  return [start, end + ((end - start) * labelRoomPx) / (width - labelRoomPx)]
}

export function layoutTimeline(timeline: LifecycleTimeline, domain: Domain, width: number): TimelineGeometry {
  const now = seconds(timeline.now)
  const [start, end] = domain
  const x = (t: number) => timeToX(domain, t, width)
  const clampX = (t: number) => x(Math.min(end, Math.max(start, t)))

  const rows = timeline.keys.map((key): TimelineRow => {
    const bars: TimelineBar[] = []
    for (const window of key.windows) {
      const from = seconds(window.from)
      const to = window.to === null ? Math.max(now, from) : seconds(window.to)
      if (to < start || from > end) continue
      // A key generated and activated in one step has a staged window of no length: nothing to draw.
      if (window.to !== null && to === from) continue
      const left = clampX(from)
      const right = clampX(to)
      let barWidth = right - left
      let barX = left
      if (barWidth < minimumBarWidth) {
        barWidth = minimumBarWidth
        // Keep a short window inside the plot when it sits at the right edge.
        barX = Math.min(left, width - minimumBarWidth)
      }
      bars.push({
        state: window.state,
        x: barX,
        width: barWidth,
        from,
        to,
        current: window.to === null,
        forced: window.forced === true,
        reason: window.reason ?? null,
        clippedLeft: from < start,
        clippedRight: to > end,
      })
    }
    let next: TimelineNextMarker | null = null
    if (key.next) {
      const at = key.next.earliestAt === null ? null : seconds(key.next.earliestAt)
      // A step gated only by the user's decision (no date) has no place on the axis.
      if (at !== null) {
        const target = key.next.ready && at <= now ? now : at
        const offscreen = target < start ? 'left' : target > end ? 'right' : null
        next = {
          action: key.next.action,
          x: clampX(target),
          fromX: clampX(now),
          at,
          ready: key.next.ready,
          scheduled: key.next.scheduled,
          why: key.next.why,
          offscreen,
        }
      }
    }
    const marks: TimelinePublishMark[] = [
      ...key.publications.flatMap((p) =>
        p.at ? [{ kind: 'published' as const, at: seconds(p.at), target: p.target }] : [],
      ),
      ...(key.activationAllowedAt
        ? [{ kind: 'activation-allowed' as const, at: seconds(key.activationAllowedAt), target: null }]
        : []),
    ]
      .filter((mark) => mark.at >= start && mark.at <= end)
      .sort((a, b) => a.at - b.at)
      .map((mark) => ({ ...mark, x: x(mark.at) }))
    return { keyId: key.keyId, kid: key.kid, alg: key.alg, state: key.state, bars, next, marks }
  })

  const dueAt = timeline.rotation.dueAt ? seconds(timeline.rotation.dueAt) : null
  const rotation =
    dueAt !== null && dueAt >= start && dueAt <= end
      ? { x: x(dueAt), at: dueAt, status: timeline.rotation.status }
      : null
  const { ticks, unit } = computeTicks(domain, Math.max(width, 1), { minSpacingPx: 96 })
  return {
    domain,
    width,
    nowX: now >= start && now <= end ? x(now) : null,
    ticks,
    tickUnit: unit,
    rows,
    rotation,
  }
}
