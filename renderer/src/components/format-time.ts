import { formatRelative } from '../../../shared/time/relative'

/**
 * The app's one time format: ISO 8601 in UTC to the second, without milliseconds (RFC 3339
 * §5.6 `date-time` with `Z`), with the distance from now beside it wherever a person reads it.
 * One spelling across Inspect, Keys, Sign, JWKS and Audit, the same as the CLI's, so a date can be
 * compared by eye and pasted into a query.
 */

/** "2026-03-09T11:31:00Z"; an unparseable value is shown as given. */
export function formatUtc(value: string | number | Date): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** "in 58 minutes" / "3 days ago", from milliseconds since the epoch. */
export function relativeTo(value: string | number | Date, nowMs: number): string {
  const date = value instanceof Date ? value : new Date(value)
  return formatRelative(date.getTime() / 1000, nowMs / 1000)
}
