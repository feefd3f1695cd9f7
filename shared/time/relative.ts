/**
 * NumericDate helpers (RFC 7519 §2: seconds since the epoch, possibly fractional) and the human
 * phrasing the inspector and CLI share: "expires in 14 min", "expired 3 days ago".
 */

const units: [Intl.RelativeTimeFormatUnit, number, string][] = [
  ['year', 365 * 24 * 3600, 'y'],
  ['month', 30 * 24 * 3600, 'mo'],
  ['day', 24 * 3600, 'd'],
  ['hour', 3600, 'h'],
  ['minute', 60, 'min'],
  ['second', 1, 's'],
]

/** Largest NumericDate a JS Date can represent (8.64e15 ms). */
const maxNumericDate = 8.64e12

export function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= maxNumericDate
}

export function numericDateToIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
}

/** A compact duration: "14 min", "3 d", "1 h 5 min". */
export function formatDuration(totalSeconds: number): string {
  let remaining = Math.round(Math.abs(totalSeconds))
  if (remaining === 0) return '0 s'
  const parts: string[] = []
  for (const [, size, short] of units) {
    if (remaining >= size) {
      const count = Math.floor(remaining / size)
      parts.push(`${count} ${short}`)
      remaining -= count * size
      if (parts.length === 2) break
    } else if (parts.length > 0) break
  }
  return parts.join(' ')
}

/** "in 14 min" / "3 days ago" relative to `now` (seconds). */
export function formatRelative(seconds: number, now: number): string {
  const delta = seconds - now
  const abs = Math.abs(delta)
  if (abs < 1) return 'now'
  const [unit, size] = units.find(([, s]) => abs >= s) ?? units[units.length - 1]!
  const count = Math.floor(abs / size)
  const plural = count === 1 ? unit : `${unit}s`
  return delta > 0 ? `in ${count} ${plural}` : `${count} ${plural} ago`
}

/**
 * The phrase a person wants next to a time claim: what it means for this token at `now`.
 */
export function describeTimeClaim(claim: string, seconds: number, now: number): string {
  const relative = formatRelative(seconds, now)
  const future = seconds > now
  switch (claim) {
    case 'exp':
      return future ? `expires ${relative}` : `expired ${relative}`
    case 'nbf':
      return future ? `becomes valid ${relative}` : `valid since ${relative}`
    case 'iat':
      return future ? `issued in the future (${relative})` : `issued ${relative}`
    case 'auth_time':
      return future ? `authenticated in the future (${relative})` : `authenticated ${relative}`
    default:
      return relative
  }
}
