import { z } from 'zod'
import { SignetError } from '../errors'

/**
 * Durations as people write them on a command line and in a form: `15m`, `1h`, `7d`, `1h30m`,
 * `90s`, or a bare number of seconds. One parser for the CLI, the IPC contract and the screens, so
 * `--jwks-cache 15m` means the same thing everywhere. Values are whole seconds.
 */

const unitSeconds = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 } as const
type Unit = keyof typeof unitSeconds

/** Ten years: longer than any token lifetime, cache time or rotation period that makes sense, and far from float trouble. */
export const maxDurationSeconds = 10 * 365 * 86_400

const termPattern = /(\d+)([smhdw])/gy

export function parseDuration(text: string, what = 'duration'): number {
  const input = text.trim().toLowerCase()
  if (input === '') throw invalid(text, what, 'it is empty')
  if (/^\d+$/.test(input)) return checkRange(Number(input), text, what)

  termPattern.lastIndex = 0
  let total = 0
  let consumed = 0
  let previousRank = Infinity
  for (let match = termPattern.exec(input); match; match = termPattern.exec(input)) {
    const unit = match[2] as Unit
    const rank = unitSeconds[unit]
    // "1m1h" or "1h1h" is almost certainly a typo; refusing it beats guessing.
    if (rank >= previousRank)
      throw invalid(text, what, 'units must go from largest to smallest, each at most once (e.g. 1h30m)')
    previousRank = rank
    total += Number(match[1]) * rank
    consumed = termPattern.lastIndex
  }
  if (consumed !== input.length) {
    throw invalid(
      text,
      what,
      'use a number followed by s, m, h, d or w (e.g. 90s, 15m, 1h, 7d, 1h30m), or a number of seconds',
    )
  }
  return checkRange(total, text, what)
}

/** The shortest exact spelling: 5400 → "1h30m", 0 → "0s". parseDuration(formatDuration(n)) === n. */
export function formatDuration(seconds: number): string {
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new SignetError(
      'ERR_DURATION_INVALID',
      `A duration must be a whole, non-negative number of seconds (got ${seconds}).`,
    )
  if (seconds === 0) return '0s'
  let rest = seconds
  let out = ''
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = unitSeconds[unit]
    const count = Math.floor(rest / size)
    // Weeks only when the whole value is whole weeks: "14d" reads better than "2w" mixed with hours.
    if (unit === 'w' && seconds % size !== 0) continue
    if (count > 0) {
      out += `${count}${unit}`
      rest -= count * size
    }
  }
  return out
}

/** For the contract: a duration string or a number of seconds in, whole seconds out. */
export const durationSchema = z.union([z.number(), z.string()]).transform((value, context) => {
  try {
    if (typeof value === 'number') {
      if (!Number.isInteger(value))
        throw invalid(String(value), 'duration', 'a number of seconds must be a whole number')
      return checkRange(value, String(value), 'duration')
    }
    return parseDuration(value)
  } catch (error) {
    context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'invalid duration' })
    return z.NEVER
  }
})

function checkRange(seconds: number, text: string, what: string): number {
  if (!Number.isSafeInteger(seconds) || seconds < 0) throw invalid(text, what, 'it must not be negative')
  if (seconds > maxDurationSeconds) throw invalid(text, what, 'it is longer than ten years')
  return seconds
}

function invalid(text: string, what: string, why: string): SignetError {
  return new SignetError('ERR_DURATION_INVALID', `"${text}" is not a valid ${what}: ${why}.`)
}
