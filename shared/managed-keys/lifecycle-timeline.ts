import { sortKeysForDisplay } from './key-order'
import { isPublished, nextStep, rotationStatus, type NextStep, type RotationStatus } from './model'
import type { KeyRecord, KeySet, KeyState } from './types'

/**
 * The data behind a set's lifecycle timeline: for every key, the windows it spent in each state and
 * the earliest safe date of its next step; for the set, where its rotation stands. Pure, so the
 * screen draws exactly what the services enforce.
 */

export interface TimelineWindow {
  state: KeyState
  from: string
  /** null while the key is still in this state */
  to: string | null
  forced?: boolean
  reason?: string
}

export interface TimelineKey {
  keyId: string
  kid: string
  alg: string
  state: KeyState
  published: boolean
  windows: TimelineWindow[]
  next: (NextStep & { ready: boolean }) | null
}

export interface LifecycleTimeline {
  setId: string
  setName: string
  now: string
  /** from the first recorded transition to the last date anything is projected for (at least now) */
  range: { from: string; to: string }
  keys: TimelineKey[]
  rotation: RotationStatus
}

export function buildTimeline(set: KeySet, keys: readonly KeyRecord[], now: Date): LifecycleTimeline {
  // The keys table's order (key-order.ts), so a key is on the same line in both.
  const own = sortKeysForDisplay(keys.filter((k) => k.setId === set.id))
  const nowIso = now.toISOString()
  const timelineKeys = own.map((key): TimelineKey => {
    const windows = key.history.map((entry, i): TimelineWindow => ({
      state: entry.state,
      from: entry.at,
      to: key.history[i + 1]?.at ?? null,
      ...(entry.forced ? { forced: true } : {}),
      ...(entry.reason ? { reason: entry.reason } : {}),
    }))
    const next = nextStep(key, set)
    return {
      keyId: key.id,
      kid: key.kid,
      alg: key.alg,
      state: key.state,
      published: isPublished(key.state),
      windows,
      next: next ? { ...next, ready: next.earliestAt === null || next.earliestAt <= nowIso } : null,
    }
  })
  const rotation = rotationStatus(set, keys, now)
  const instants = [
    nowIso,
    ...own.flatMap((k) => k.history.map((h) => h.at)),
    ...timelineKeys.flatMap((k) => (k.next?.earliestAt ? [k.next.earliestAt] : [])),
    ...(rotation.dueAt ? [rotation.dueAt] : []),
  ].map((iso) => new Date(iso).toISOString())
  instants.sort()
  return {
    setId: set.id,
    setName: set.name,
    now: nowIso,
    range: { from: instants[0]!, to: instants[instants.length - 1]! },
    keys: timelineKeys,
    rotation,
  }
}
