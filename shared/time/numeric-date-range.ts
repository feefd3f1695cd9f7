import type { JsonValue } from '../encoding/json'

/**
 * Numbers that cannot be a date. RFC 7519 §2 defines NumericDate as seconds since the epoch with no
 * upper bound, but a JS Date (and so every JS verifier) holds ±8.64e15 ms: beyond ±8.64e12 s the
 * value is a number that no verifier can compare with a clock, and beyond a double's range (1e400)
 * it reads as Infinity. Both are "out of range", not "not a number".
 */

/** Largest |NumericDate| a JS Date can represent, in seconds (ECMA-262 §21.4.1.22: 8.64e15 ms). */
export const maxNumericDateSeconds = 8.64e12

export function numericDateOutOfRange(): string {
  return `out of range: not a date (a NumericDate must be within ±${maxNumericDateSeconds.toExponential()} s of 1970, the range of a date; RFC 7519 §2)`
}

/** True for a JSON number that is not a usable NumericDate only because of its size. */
export function isOutOfRangeNumber(value: JsonValue | undefined): value is number {
  return typeof value === 'number' && (!Number.isFinite(value) || Math.abs(value) > maxNumericDateSeconds)
}

/**
 * How to name a time claim's value in a message: the literal as written when the parser recorded
 * one (1e400, 99999999999999999999999), otherwise its JSON text.
 */
export function shownClaimValue(value: JsonValue, literal: string | undefined): string {
  if (literal !== undefined) return literal
  return JSON.stringify(value) ?? String(value)
}
