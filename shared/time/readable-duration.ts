import { plural } from '../text/plural'

/**
 * A duration as a person reads it in a sentence or a table cell: "15 min", "1 h", "1 h 30 min",
 * "30 days", "2 years". Values are whole seconds (a fraction is rounded); at most two units, the
 * larger first, so "1 day 2 h" rather than "1 day 2 h 3 min 4 s". A year is 365 days, and only an
 * exact number of years reads as years ("400 days" stays days). Negative values read as their size.
 *
 * The short form `shared/time/duration.ts` writes ("1h30m") is what forms and the command line take
 * as input; this one is for display only and does not parse back.
 */
export function formatReadableDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds)) return String(totalSeconds)
  let rest = Math.round(Math.abs(totalSeconds))
  if (rest === 0) return '0 s'
  if (rest % yearSeconds === 0) return plural(rest / yearSeconds, 'year')
  const parts: string[] = []
  for (const [size, name] of units) {
    if (rest < size) {
      if (parts.length > 0) break
      continue
    }
    const n = Math.floor(rest / size)
    parts.push(name === 'day' ? plural(n, 'day') : `${n} ${name}`)
    rest -= n * size
    if (parts.length === 2 || rest === 0) break
  }
  return parts.join(' ')
}

const yearSeconds = 365 * 86_400
const units: [number, string][] = [
  [86_400, 'day'],
  [3600, 'h'],
  [60, 'min'],
  [1, 's'],
]
