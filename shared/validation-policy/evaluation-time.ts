import { SignetError } from '../errors'

/**
 * The moment a token is judged at, in NumericDate seconds. Users give it as UNIX seconds or as an
 * ISO 8601 date-time; a date-time without a zone is refused, because "10:00" means a different
 * instant on every machine and a verdict must not depend on where it was computed.
 */

const isoPattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i

/** Largest NumericDate a JS Date can represent (8.64e15 ms). */
const maxSeconds = 8.64e12

export function parseEvaluationTime(value: string | number): number {
  if (typeof value === 'number') return checkRange(value, String(value))
  const text = value.trim()
  if (/^-?\d+(\.\d+)?$/.test(text)) return checkRange(Number(text), text)
  const match = isoPattern.exec(text)
  if (!match) {
    throw new SignetError(
      'ERR_TIME_INVALID',
      `"${value}" is not a time Signet understands: give UNIX seconds (e.g. 1735689600) or an ISO 8601 date-time with a zone (e.g. 2025-01-01T00:00:00Z).`,
    )
  }
  const [, year, month, day, hour, minute, second, , zone] = match
  if (hour !== undefined && zone === undefined) {
    throw new SignetError(
      'ERR_TIME_INVALID',
      `"${value}" has no time zone, so it names a different instant on every machine. Add "Z" for UTC or an offset such as "+02:00".`,
    )
  }
  // Date.parse rolls "2025-02-30" over into March; a user who typed that made a mistake.
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate()
  const fieldsValid =
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= daysInMonth &&
    Number(hour ?? 0) < 24 &&
    Number(minute ?? 0) < 60 &&
    Number(second ?? 0) < 60
  const ms = Date.parse(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  if (!fieldsValid || Number.isNaN(ms)) {
    throw new SignetError(
      'ERR_TIME_INVALID',
      `"${value}" is not a real date and time (check the month, day, hour and minutes).`,
    )
  }
  return checkRange(ms / 1000, text)
}

function checkRange(seconds: number, shown: string): number {
  if (!Number.isFinite(seconds) || Math.abs(seconds) > maxSeconds) {
    throw new SignetError('ERR_TIME_INVALID', `${shown} is outside the range of representable dates.`)
  }
  return seconds
}
