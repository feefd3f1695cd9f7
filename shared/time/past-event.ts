import { formatUtc, relativeTo } from './format-time'

/**
 * A time that can only lie in the past — when a key was created, entered its state or last signed —
 * read at `now`. Such a time ahead of now is not news about the future but a clock problem: this
 * machine's clock was behind when it was recorded, is behind now, or the record was written
 * elsewhere. It must read as that, never as "in 8 months".
 */

/** Ahead of now by more than this (ms), a past event's time is a clock problem; within it, two processes' clocks merely disagree. */
export const pastEventClockTolerance = 60_000

/** The words for a recorded time a person reads, at `nowMs` (ms since the epoch). */
export interface PastEventTime {
  /** formatUtc's form: "2026-03-09T11:31:00Z" */
  at: string
  /** "3 days ago", "just now"; for a time ahead of the clock "in the future" */
  relative: string
  /** true when the time lies ahead of now by more than pastEventClockTolerance */
  future: boolean
  /** what to do about it when `future`: "check this machine’s clock"; empty otherwise */
  advice: string
}

/**
 * How to show a time that can only be in the past (`value` as ISO 8601, ms since the epoch or a
 * Date; `nowMs` in ms since the epoch). A time up to pastEventClockTolerance ahead reads "just now"; one
 * further ahead reads "in the future" with advice to check the clock. An unparseable value comes back
 * as given in `at`, with no relative phrase.
 */
export function describePastEvent(value: string | number | Date, nowMs: number): PastEventTime {
  const at = formatUtc(value)
  const ms = (value instanceof Date ? value : new Date(value)).getTime()
  if (Number.isNaN(ms)) return { at, relative: '', future: false, advice: '' }
  if (ms - nowMs > pastEventClockTolerance)
    return { at, relative: 'in the future', future: true, advice: 'check this machine’s clock' }
  // "now" from the relative format reads badly after "since" or "last used": a past event was "just now".
  const relative = ms > nowMs ? 'now' : relativeTo(ms, nowMs)
  return { at, relative: relative === 'now' ? 'just now' : relative, future: false, advice: '' }
}

/**
 * formatUtcRelative for a time that can only be past: "2026-03-06T11:31:00Z (3 days ago)", or
 * "2027-07-30T10:00:00Z (in the future — check this machine’s clock)" — the date stays, as the
 * evidence a reader needs to judge the clock. For terminals, labels and the key drawer.
 */
export function formatPastEvent(value: string | number | Date, nowMs: number): string {
  const event = describePastEvent(value, nowMs)
  if (!event.relative) return event.at
  return event.future ? `${event.at} (${event.relative} — ${event.advice})` : `${event.at} (${event.relative})`
}
