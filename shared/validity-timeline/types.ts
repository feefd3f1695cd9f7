/** Where a token stands at one instant, as a verifier with the given clock skew would judge it. */
export type ValidityState = 'not-yet-valid' | 'valid' | 'in-skew' | 'expired'

/**
 * `ttl`: iat + ttl, when a Status List Token (draft-ietf-oauth-status-list-19 §5.1) says a fresh
 * copy should be fetched; it marks staleness, not the end of validity (that is exp).
 */
export type MarkerKind = 'iat' | 'nbf' | 'exp' | 'auth_time' | 'ttl'

export interface TimelineToken {
  /** shown on the lane: "access token", "ID token"… */
  label: string
  claims: Readonly<Record<string, unknown>>
}

export interface TimelineMarker {
  kind: MarkerKind
  /** seconds since the epoch */
  time: number
}

/** The stretch a skew-tolerant verifier still accepts although the claims say otherwise. */
export interface SkewBand {
  edge: 'start' | 'end'
  start: number
  end: number
}

export interface TimelineLane {
  label: string
  markers: TimelineMarker[]
  /**
   * When the token is valid by its claims: from nbf (or iat when there is no nbf — before issue the
   * token did not exist) to exp. null means unbounded on that side.
   */
  window: { start: number | null; end: number | null }
  skewBands: SkewBand[]
  skewSeconds: number
  /** claims that could not be placed, e.g. '"exp" is "tomorrow", not a NumericDate' */
  issues: string[]
  /** the lane's state at the timeline's evaluation time */
  stateAtEvaluation: ValidityState
}

/** A stretch of one lane in one state, for drawing the lane as coloured segments. */
export interface LaneSegment {
  state: ValidityState
  start: number
  end: number
}

export type Domain = readonly [start: number, end: number]

export interface TimelineTick {
  time: number
  label: string
  /** the tick opens a larger unit (a new day on an hourly axis, a new year on a monthly one) */
  major: boolean
}

export interface TickOptions {
  /** IANA zone for labels and tick alignment; default "UTC" */
  timeZone?: string
  /** smallest distance between two tick labels, in pixels; default 90 */
  minSpacingPx?: number
}

export interface TimelineOptions extends TickOptions {
  /** the present, seconds since the epoch (injected: the model never reads the clock) */
  now: number
  /** the instant the cursor is on; defaults to now */
  evaluationTime?: number
  /** clock skew a verifier tolerates, in seconds; default 60 */
  skewSeconds?: number
  /** the pixel width ticks are computed for; default 960 */
  width?: number
  /** a domain to keep (after the user zoomed); default: zoom to fit everything */
  domain?: Domain
}

export interface Timeline {
  lanes: TimelineLane[]
  domain: Domain
  now: number
  evaluationTime: number
  skewSeconds: number
  ticks: TimelineTick[]
  /** the tick spacing in words: "15 min", "1 d", "3 mo" */
  tickUnit: string
  timeZone: string
  timeToX(time: number, width: number): number
  xToTime(x: number, width: number): number
}
