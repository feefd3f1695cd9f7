import { formatRelative } from '../../../shared/time/relative'

/**
 * Times as the key manager shows them: UTC, to the minute or second, with the distance from now
 * beside it. One spelling across Keys, Sign, JWKS and Audit so a date can be compared by eye.
 */

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-03-09 11:31 UTC" (seconds only when asked: audit entries need them, schedules do not). */
export function formatUtc(value: string | number | Date, withSeconds = false): string {
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}${withSeconds ? `:${pad(date.getUTCSeconds())}` : ''}`
  return `${day} ${time} UTC`
}

/** "in 58 minutes" / "3 days ago", from milliseconds since the epoch. */
export function relativeTo(value: string | number | Date, nowMs: number): string {
  const date = value instanceof Date ? value : new Date(value)
  return formatRelative(date.getTime() / 1000, nowMs / 1000)
}
