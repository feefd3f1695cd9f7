import { activationGuard } from '../publishing/activation-guard'
import { sortKeysForDisplay } from './key-order'
import { isPublished, nextStep, rotationStatus, type NextStep, type RotationStatus } from './model'
import type { KeyPublication, KeyRecord, KeySet, KeyState } from './types'

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
  /** when the key was first published on each target of its set (#8.2); at null: not yet there */
  publications: KeyPublication[]
  /**
   * for a staged key of a set with publish targets: published on every target + the JWKS cache time
   * (shared/publishing/activation-guard.ts); null when a target has not published it yet, or when
   * nothing guards its activation (no targets, or not staged)
   */
  activationAllowedAt: string | null
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

/**
 * @param keys the key manager's records; `publishedOn` (from `keys:list`) adds the first-published
 *   marks and the activation date the publish guard allows
 */
export function buildTimeline(
  set: KeySet,
  keys: readonly (KeyRecord & { publishedOn?: KeyPublication[] })[],
  now: Date,
): LifecycleTimeline {
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
    const publications = key.publishedOn ?? []
    const targets = publications.map((p) => ({ name: p.target, firstPublished: p.at ? { [key.kid]: p.at } : {} }))
    const guarded = key.state === 'staged' && targets.length > 0
    const safeAt = guarded
      ? activationGuard(key.kid, targets, Math.max(set.jwksCacheTime, key.policy.jwksCacheTime), now).safeAt
      : null
    return {
      keyId: key.id,
      kid: key.kid,
      alg: key.alg,
      state: key.state,
      published: isPublished(key.state),
      windows,
      next: next ? { ...next, ready: next.earliestAt === null || next.earliestAt <= nowIso } : null,
      publications,
      activationAllowedAt: safeAt ? safeAt.toISOString() : null,
    }
  })
  const rotation = rotationStatus(set, keys, now)
  const instants = [
    nowIso,
    ...own.flatMap((k) => k.history.map((h) => h.at)),
    ...timelineKeys.flatMap((k) => (k.next?.earliestAt ? [k.next.earliestAt] : [])),
    ...timelineKeys.flatMap((k) => [
      ...k.publications.flatMap((p) => (p.at ? [p.at] : [])),
      ...(k.activationAllowedAt ? [k.activationAllowedAt] : []),
    ]),
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
