/**
 * The app's one time format: ISO 8601 in UTC to the second, without milliseconds (RFC 3339
 * §5.6 `date-time` with `Z`), with the distance from now beside it wherever a person reads it.
 * One spelling across Inspect, Keys, Sign, JWKS and Audit: the very core the CLI prints with
 * (shared/time/format-time.ts), so a date can be compared by eye and pasted into a query.
 */
export { formatUtc, formatUtcDate, formatUtcRelative, relativeTo } from '#shared/time/format-time'
