import { SignetError } from '../errors'
import { isNumericDate } from '../time/relative'
import { fitDomain, timeToX, xToTime } from './scale'
import { stateAt } from './state'
import { computeTicks } from './ticks'
import type {
  MarkerKind,
  SkewBand,
  Timeline,
  TimelineLane,
  TimelineMarker,
  TimelineOptions,
  TimelineToken,
} from './types'

const markerKinds: MarkerKind[] = ['iat', 'nbf', 'exp', 'auth_time']

/**
 * The timeline model behind the inspector's timeline view: one lane per token (access, ID and
 * refresh tokens side by side), zoomed to fit, with ticks and pixel mapping, so the SVG view only
 * draws. Pure and deterministic: the present is passed in, never read.
 */
export function buildTimeline(tokens: readonly TimelineToken[], options: TimelineOptions): Timeline {
  const { now } = options
  const evaluationTime = options.evaluationTime ?? now
  const skewSeconds = options.skewSeconds ?? 60
  const width = options.width ?? 960
  const timeZone = options.timeZone ?? 'UTC'
  for (const [name, value] of [
    ['now', now],
    ['evaluationTime', evaluationTime],
  ] as const) {
    if (!isNumericDate(value))
      throw new SignetError(
        'ERR_INVALID_ARGUMENT',
        `The timeline's ${name} must be a number of seconds since the epoch, not ${String(value)}.`,
      )
  }
  if (!(skewSeconds >= 0) || !Number.isFinite(skewSeconds)) {
    throw new SignetError(
      'ERR_INVALID_ARGUMENT',
      `The clock skew must be zero or a positive number of seconds, not ${skewSeconds}.`,
    )
  }
  const lanes = tokens.map((token) => buildLane(token, skewSeconds, evaluationTime))
  const domain = options.domain ?? fitDomain([now, evaluationTime, ...lanes.flatMap(laneInstants)])
  const { ticks, unit } = computeTicks(domain, width, {
    timeZone,
    ...(options.minSpacingPx ? { minSpacingPx: options.minSpacingPx } : {}),
  })
  return {
    lanes,
    domain,
    now,
    evaluationTime,
    skewSeconds,
    ticks,
    tickUnit: unit,
    timeZone,
    timeToX: (time, w) => timeToX(domain, time, w),
    xToTime: (x, w) => xToTime(domain, x, w),
  }
}

function buildLane(token: TimelineToken, skewSeconds: number, evaluationTime: number): TimelineLane {
  const markers: TimelineMarker[] = []
  const issues: string[] = []
  for (const kind of markerKinds) {
    const value = token.claims[kind]
    if (value === undefined) continue
    if (isNumericDate(value)) markers.push({ kind, time: value })
    else
      issues.push(
        `"${kind}" is ${JSON.stringify(value) ?? String(value)}, not a NumericDate (seconds since the epoch); it is left off the timeline.`,
      )
  }
  const at = (kind: MarkerKind) => markers.find((m) => m.kind === kind)?.time
  const ttl = token.claims.ttl
  const issued = at('iat')
  if (issued !== undefined && typeof ttl === 'number' && Number.isSafeInteger(ttl) && ttl > 0)
    markers.push({ kind: 'ttl', time: issued + ttl })
  const start = at('nbf') ?? at('iat') ?? null
  const end = at('exp') ?? null
  if (end === null) issues.push('No "exp": the token never expires by its claims.')
  const skewBands: SkewBand[] = []
  if (skewSeconds > 0 && start !== null) skewBands.push({ edge: 'start', start: start - skewSeconds, end: start })
  if (skewSeconds > 0 && end !== null) skewBands.push({ edge: 'end', start: end, end: end + skewSeconds })
  const window = { start, end }
  return {
    label: token.label,
    markers,
    window,
    skewBands,
    skewSeconds,
    issues,
    stateAtEvaluation: stateAt({ window, skewSeconds }, evaluationTime),
  }
}

function laneInstants(lane: TimelineLane): number[] {
  return [...lane.markers.map((m) => m.time), ...lane.skewBands.flatMap((b) => [b.start, b.end])]
}
