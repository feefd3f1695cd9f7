import { SignetError } from '../errors'
import type { Domain, TickOptions, TimelineTick } from './types'

/**
 * "Nice" ticks for a time axis: the smallest calendar-friendly step (1, 2, 5, 10, 15, 30 s; 1 … 30 min;
 * 1, 2, 3, 6, 12 h; days; weeks; 1, 2, 3, 6 months; 1-2-5 years) that keeps labels apart, aligned to
 * the wall clock of the chosen time zone so an hourly axis ticks on the hour and a daily one at
 * midnight there.
 */

type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year'

interface Step {
  unit: Unit
  count: number
  /** approximate length, to pick the step */
  seconds: number
}

const day = 86_400
const fixedSteps: Step[] = [
  ...[1, 2, 5, 10, 15, 30].map((count) => ({ unit: 'second' as const, count, seconds: count })),
  ...[1, 2, 5, 10, 15, 30].map((count) => ({ unit: 'minute' as const, count, seconds: count * 60 })),
  ...[1, 2, 3, 6, 12].map((count) => ({ unit: 'hour' as const, count, seconds: count * 3600 })),
  ...[1, 2].map((count) => ({ unit: 'day' as const, count, seconds: count * day })),
  { unit: 'week', count: 1, seconds: 7 * day },
  ...[1, 2, 3, 6].map((count) => ({ unit: 'month' as const, count, seconds: count * 30.44 * day })),
]

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const unitNames: Record<Unit, string> = {
  second: 's',
  minute: 'min',
  hour: 'h',
  day: 'd',
  week: 'wk',
  month: 'mo',
  year: 'y',
}

export interface Ticks {
  ticks: TimelineTick[]
  /** the step in words: "15 min", "1 d" */
  unit: string
}

export function computeTicks(domain: Domain, width: number, options: TickOptions = {}): Ticks {
  const [start, end] = domain
  if (!(end > start)) throw new SignetError('ERR_INVALID_ARGUMENT', 'A timeline domain must end after it starts.')
  const zone = new Zone(options.timeZone ?? 'UTC')
  const maxTicks = Math.max(2, Math.floor(width / (options.minSpacingPx ?? 90)))
  const step = chooseStep(end - start, maxTicks)
  const times = tickTimes(start, end, step, zone)
  const ticks = times.map((time) => {
    const fields = zone.fields(time)
    const major = isMajor(step.unit, fields)
    return { time, label: label(step.unit, fields, major), major }
  })
  return { ticks, unit: `${step.count} ${unitNames[step.unit]}` }
}

function chooseStep(span: number, maxTicks: number): Step {
  const fixed = fixedSteps.find((step) => span / step.seconds <= maxTicks)
  if (fixed) return fixed
  const years = span / (365.2425 * day) / maxTicks
  let magnitude = 1
  while (magnitude * 10 < years) magnitude *= 10
  const count = [1, 2, 5, 10].map((m) => m * magnitude).find((c) => c >= years) ?? 10 * magnitude
  return { unit: 'year', count, seconds: count * 365.2425 * day }
}

function tickTimes(start: number, end: number, step: Step, zone: Zone): number[] {
  const times: number[] = []
  const push = (time: number) => {
    if (time >= start && time <= end && times[times.length - 1] !== time) times.push(time)
  }
  const first = zone.fields(start)
  switch (step.unit) {
    case 'second':
    case 'minute':
    case 'hour': {
      // Align on the local wall clock, then walk in local seconds: an hourly axis ticks on the hour even in +05:30.
      const size = step.seconds
      let local = Math.ceil(zone.toLocal(start) / size) * size
      for (let guard = 0; guard < 1000; guard++, local += size) {
        const time = zone.fromLocal(local)
        if (time > end) break
        push(time)
      }
      break
    }
    case 'day':
    case 'week': {
      let date = Date.UTC(first.year, first.month, first.day) / 1000
      if (step.unit === 'week') date -= ((first.weekday + 6) % 7) * day
      else date -= (((Math.round(date / day) % step.count) + step.count) % step.count) * day
      const size = step.count * (step.unit === 'week' ? 7 : 1) * day
      for (let guard = 0; guard < 1000; guard++, date += size) {
        const time = zone.fromLocal(date)
        if (time > end) break
        push(time)
      }
      break
    }
    case 'month': {
      let month = first.year * 12 + first.month
      month -= ((month % step.count) + step.count) % step.count
      for (let guard = 0; guard < 1000; guard++, month += step.count) {
        const time = zone.fromLocal(Date.UTC(Math.floor(month / 12), month % 12, 1) / 1000)
        if (time > end) break
        push(time)
      }
      break
    }
    case 'year': {
      let year = Math.floor(first.year / step.count) * step.count
      for (let guard = 0; guard < 1000; guard++, year += step.count) {
        const date = new Date(0)
        date.setUTCFullYear(year, 0, 1)
        const time = zone.fromLocal(date.getTime() / 1000)
        if (time > end) break
        push(time)
      }
      break
    }
  }
  return times
}

function isMajor(unit: Unit, f: Fields): boolean {
  switch (unit) {
    case 'second':
      return f.second === 0 && f.minute === 0 && f.hour === 0
    case 'minute':
    case 'hour':
      return f.hour === 0 && f.minute === 0
    case 'day':
    case 'week':
      return f.day === 1
    case 'month':
      return f.month === 0
    case 'year':
      return false
  }
}

const pad = (n: number) => String(n).padStart(2, '0')

function label(unit: Unit, f: Fields, major: boolean): string {
  const dayLabel = `${weekdays[f.weekday]} ${f.day}`
  switch (unit) {
    case 'second':
      return major ? dayLabel : `${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`
    case 'minute':
    case 'hour':
      return major ? dayLabel : `${pad(f.hour)}:${pad(f.minute)}`
    case 'day':
      return major ? `${months[f.month]} ${f.year}` : dayLabel
    case 'week':
      return major ? `${months[f.month]} ${f.year}` : `${f.day} ${months[f.month]}`
    case 'month':
      return major ? String(f.year) : `${months[f.month]} ${f.year}`
    case 'year':
      return String(f.year)
  }
}

/** "Tue 22 Nov 2026, 09:14:05" — the cursor's readout, in the same zone as the ticks. */
export function formatInstant(time: number, timeZone = 'UTC'): string {
  const f = new Zone(timeZone).fields(time)
  return `${weekdays[f.weekday]} ${f.day} ${months[f.month]} ${f.year}, ${pad(f.hour)}:${pad(f.minute)}:${pad(f.second)}`
}

interface Fields {
  year: number
  month: number
  day: number
  weekday: number
  hour: number
  minute: number
  second: number
}

/** Wall-clock arithmetic in one IANA zone through Intl (no tz database shipped). */
class Zone {
  private readonly format: Intl.DateTimeFormat | null

  constructor(readonly name: string) {
    if (name === 'UTC') {
      this.format = null
      return
    }
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        era: 'short',
      })
    } catch {
      throw new SignetError(
        'ERR_INVALID_ARGUMENT',
        `Unknown time zone "${name}"; use an IANA name such as "Europe/Paris" or "UTC".`,
      )
    }
  }

  /** Offset from UTC at `time`, in seconds (east positive). */
  offset(time: number): number {
    if (!this.format) return 0
    const whole = Math.floor(time)
    const parts = Object.fromEntries(this.format.formatToParts(new Date(whole * 1000)).map((p) => [p.type, p.value]))
    const year = parts.era === 'BC' || parts.era === 'B' ? 1 - Number(parts.year) : Number(parts.year)
    const date = new Date(0)
    date.setUTCFullYear(year, Number(parts.month) - 1, Number(parts.day))
    date.setUTCHours(Number(parts.hour), Number(parts.minute), Number(parts.second))
    return date.getTime() / 1000 - whole
  }

  toLocal(time: number): number {
    return time + this.offset(time)
  }

  /** The instant whose wall-clock reading is `local` (the later one when a DST change repeats it). */
  fromLocal(local: number): number {
    const guess = local - this.offset(local)
    return local - this.offset(guess)
  }

  fields(time: number): Fields {
    const date = new Date(Math.floor(this.toLocal(time)) * 1000)
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth(),
      day: date.getUTCDate(),
      weekday: date.getUTCDay(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
    }
  }
}
