import { formatRelative } from './relative'

/**
 * Signet's one time format, for the app and the CLI alike: ISO 8601 in UTC to the second, without
 * milliseconds (RFC 3339 §5.6 `date-time` with `Z`, e.g. "2026-03-09T11:31:00Z"), with the distance
 * from now beside it wherever a person reads it ("in 58 minutes", "3 days ago"). Machine output
 * (--json, exports) keeps the stored value untouched.
 */

/** "2026-03-09T11:31:00Z" from an ISO string, milliseconds since the epoch or a Date; an unparseable value is returned as given. */
export function formatUtc(value: string | number | Date): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * "2026-03-09": the date part of formatUtc (RFC 3339 §5.6 `full-date`, UTC), for a table column too
 * narrow for the whole time; show formatUtc's full form beside it (a tooltip) so the second is one
 * hover away. An unparseable value is returned as given.
 */
export function formatUtcDate(value: string | number | Date): string {
  const full = formatUtc(value)
  return /^\d{4}-\d\d-\d\dT/.test(full) ? full.slice(0, 10) : full
}

/** "in 58 minutes" / "3 days ago": `value` as in formatUtc, `nowMs` in milliseconds since the epoch. */
export function relativeTo(value: string | number | Date, nowMs: number): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return ''
  return formatRelative(date.getTime() / 1000, nowMs / 1000)
}

/** "2026-03-09T11:31:00Z (in 58 minutes)": the human form, for terminals and labels. */
export function formatUtcRelative(value: string | number | Date, nowMs: number): string {
  const relative = relativeTo(value, nowMs)
  return relative ? `${formatUtc(value)} (${relative})` : formatUtc(value)
}
