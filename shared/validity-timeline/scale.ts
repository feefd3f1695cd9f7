import { SignetError } from '../errors'
import type { Domain } from './types'

/** The range a JS Date can represent (±8.64e15 ms), the outer bound of every domain. */
export const minTime = -8.64e12
export const maxTime = 8.64e12
/** A domain never gets narrower than this: below a second there is nothing to see on a token timeline. */
export const minSpan = 1

export function timeToX(domain: Domain, time: number, width: number): number {
  checkWidth(width)
  const [start, end] = domain
  return ((time - start) / (end - start)) * width
}

export function xToTime(domain: Domain, x: number, width: number): number {
  checkWidth(width)
  const [start, end] = domain
  return start + (x / width) * (end - start)
}

/**
 * The domain that shows every given instant with a margin on both sides. A single instant (or
 * none) gets a one-hour window around it, so a lane never collapses to a point.
 */
export function fitDomain(times: readonly number[], padding = 0.06): Domain {
  const finite = times.filter((t) => Number.isFinite(t))
  if (finite.length === 0)
    throw new SignetError('ERR_INVALID_ARGUMENT', 'A timeline needs at least one instant to fit.')
  let start = Math.min(...finite)
  let end = Math.max(...finite)
  if (end - start < minSpan) {
    const middle = (start + end) / 2
    start = middle - 1800
    end = middle + 1800
  } else {
    const margin = (end - start) * padding
    start -= margin
    end += margin
  }
  return clampDomain([start, end])
}

/**
 * Zooms by `factor` (>1 zooms in) keeping `anchor` (e.g. the time under the mouse) where it is on
 * screen.
 */
export function zoomDomain(domain: Domain, factor: number, anchor = (domain[0] + domain[1]) / 2): Domain {
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new SignetError('ERR_INVALID_ARGUMENT', `The zoom factor must be a positive number, not ${factor}.`)
  const [start, end] = domain
  const span = Math.max(minSpan, Math.min((end - start) / factor, maxTime - minTime))
  const ratio = end === start ? 0.5 : (anchor - start) / (end - start)
  const newStart = anchor - ratio * span
  return clampDomain([newStart, newStart + span])
}

export function panDomain(domain: Domain, deltaSeconds: number): Domain {
  const [start, end] = domain
  const span = end - start
  let newStart = start + deltaSeconds
  if (newStart < minTime) newStart = minTime
  if (newStart + span > maxTime) newStart = maxTime - span
  return [newStart, newStart + span]
}

function clampDomain([start, end]: Domain): Domain {
  return [Math.max(minTime, start), Math.min(maxTime, end)]
}

function checkWidth(width: number): void {
  if (!(width > 0) || !Number.isFinite(width)) {
    throw new SignetError(
      'ERR_INVALID_ARGUMENT',
      `The timeline width must be a positive number of pixels, not ${width}.`,
    )
  }
}
