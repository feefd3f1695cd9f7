import type { ErrorCode } from '../errors'
import { formatDuration } from '../time/duration'
import { activationGuard } from '../publishing/activation-guard'
import type { PublishTarget } from '../publishing/targets'
import type { KeyAction, KeyRecord, KeySet, KeyState, Warning } from './types'
import { formatUtc } from '../time/format-time'

/**
 * The key lifecycle as pure functions over records, shared by the services (which persist the
 * outcome) and the screens (which explain it before the user clicks):
 *
 *   staged → active → retired → unpublished → destroyed
 *   staged | active | retired → compromised → destroyed
 *
 * staged, active and retired keys are published in the set's JWKS; only the active key signs by
 * default; one active key per set.
 */

export const transitionRules: Record<KeyAction, { from: readonly KeyState[]; to: KeyState }> = {
  activate: { from: ['staged'], to: 'active' },
  retire: { from: ['active'], to: 'retired' },
  // A staged key never signed anything, so it may be withdrawn without waiting.
  unpublish: { from: ['staged', 'retired'], to: 'unpublished' },
  compromise: { from: ['staged', 'active', 'retired'], to: 'compromised' },
  destroy: { from: ['unpublished', 'compromised'], to: 'destroyed' },
}

/** The shortest written reason accepted for a forced move: long enough to mean something in the audit log. */
export const minimumReasonLength = 4

export function isPublished(state: KeyState): boolean {
  return state === 'staged' || state === 'active' || state === 'retired'
}

/** When the key last entered `state`, or null if it never did. */
export function enteredAt(key: Pick<KeyRecord, 'history'>, state: KeyState): Date | null {
  for (let i = key.history.length - 1; i >= 0; i--) {
    const entry = key.history[i]!
    if (entry.state === state) return new Date(entry.at)
  }
  return null
}

/**
 * The earliest moment a retired key can leave the JWKS without breaking a token it signed: every
 * such token has expired (max token lifetime), verifiers tolerate clock skew past `exp`, and the
 * JWKS cache time is kept as a margin for verifiers that fetched late.
 */
export function unpublishSafeAt(key: Pick<KeyRecord, 'history' | 'policy' | 'signedUntil'>): Date | null {
  const { maxTokenLifetime, jwksCacheTime, clockSkew } = key.policy
  const bounds: number[] = []
  const retired = enteredAt(key, 'retired')
  if (retired) bounds.push(retired.getTime() + (maxTokenLifetime + jwksCacheTime + clockSkew) * 1000)
  if (key.signedUntil) bounds.push(new Date(key.signedUntil).getTime() + (jwksCacheTime + clockSkew) * 1000)
  return bounds.length ? new Date(Math.max(...bounds)) : null
}

/** The earliest moment a staged key can sign without verifiers rejecting it for a stale cached JWKS. */
export function activationSafeAt(key: Pick<KeyRecord, 'history' | 'policy'>): Date {
  const staged = enteredAt(key, 'staged') ?? new Date(key.history[0]!.at)
  return new Date(staged.getTime() + key.policy.jwksCacheTime * 1000)
}

export interface TransitionOptions {
  now: Date
  force?: boolean
  reason?: string
  /** the set's publish targets: when given and not empty, activation waits for publication (shared/publishing/activation-guard.ts) */
  targets?: readonly Pick<PublishTarget, 'name' | 'firstPublished'>[]
}

export type TransitionPlan =
  { ok: true; updates: KeyRecord[]; warnings: Warning[] } | { ok: false; code: ErrorCode; message: string }

/**
 * Works out what `action` on `kid` does to the set: the records that change (the key itself, and the
 * previously active key when one is activated) and the warnings to show. Refuses moves the lifecycle
 * does not allow and moves a guard protects, unless forced with a written reason.
 */
export function planTransition(
  set: KeySet,
  keys: readonly KeyRecord[],
  keyId: string,
  action: KeyAction,
  options: TransitionOptions,
): TransitionPlan {
  const key = keys.find((k) => k.id === keyId && k.setId === set.id)
  if (!key)
    return { ok: false, code: 'ERR_KEY_NOT_FOUND', message: `There is no key with id ${keyId} in set "${set.name}".` }
  const rule = transitionRules[action]
  const at = options.now.toISOString()
  if (!rule.from.includes(key.state)) {
    return {
      ok: false,
      code: 'ERR_LIFECYCLE_TRANSITION',
      message: `Key "${key.kid}" is ${key.state}; ${action} applies only to ${listStates(rule.from)} keys. ${whatNext(key)}`,
    }
  }
  const reason = options.reason?.trim() || undefined
  const warnings: Warning[] = []
  let forced = false

  const safeAt = action === 'unpublish' ? unpublishSafeAt(key) : null
  if (safeAt) {
    if (options.now < safeAt) {
      const early = `Tokens key "${key.kid}" signed can still be valid until ${formatUtc(safeAt)} (${explainSafeDate(key)})`
      if (!options.force) {
        return {
          ok: false,
          code: 'ERR_LIFECYCLE_TOO_EARLY',
          message: `${early}; unpublishing it now would make them fail verification. Wait ${formatDuration(Math.ceil((safeAt.getTime() - options.now.getTime()) / 1000))}, or force it with a written reason.`,
        }
      }
      if (!reason || reason.length < minimumReasonLength) {
        return {
          ok: false,
          code: 'ERR_LIFECYCLE_REASON_REQUIRED',
          message: `Forcing the unpublication of key "${key.kid}" before ${formatUtc(safeAt)} needs a written reason (at least ${minimumReasonLength} characters) for the audit log.`,
        }
      }
      forced = true
      warnings.push({
        code: 'WARN_FORCED_EARLY',
        message: `${early}; those tokens will now fail verification wherever the JWKS is refreshed.`,
      })
    }
  }

  const updates: KeyRecord[] = []
  const entry = { state: rule.to, at, ...(reason ? { reason } : {}), ...(forced ? { forced: true } : {}) }
  let changed: KeyRecord = { ...key, state: rule.to, history: [...key.history, entry], activateAt: null }

  if (action === 'activate') {
    const safeAt = activationSafeAt(key)
    // The first key of a set replaces nothing: there is no working setup a stale cache could break.
    const firstOfSet = !keys.some((k) => k.setId === set.id && k.id !== key.id)
    const guard = firstOfSet
      ? null
      : activationGuard(
          key.kid,
          options.targets ?? [],
          Math.max(set.jwksCacheTime, key.policy.jwksCacheTime),
          options.now,
        )
    if (guard && !guard.ok) {
      if (!options.force) return { ok: false, code: 'ERR_LIFECYCLE_NOT_PUBLISHED', message: guard.message }
      if (!reason || reason.length < minimumReasonLength) {
        return {
          ok: false,
          code: 'ERR_LIFECYCLE_REASON_REQUIRED',
          message: `Forcing the activation of key "${key.kid}" before it is published on every target for the JWKS cache time needs a written reason (at least ${minimumReasonLength} characters) for the audit log.`,
        }
      }
      forced = true
      changed = { ...changed, history: [...key.history, { ...entry, reason, forced: true }] }
      warnings.push({
        code: 'WARN_FORCED_EARLY',
        message: `${guard.message.replace(/ Wait .*$/, '')} Its tokens may fail verification until every verifier has refreshed the JWKS.`,
      })
    } else if (!firstOfSet && !options.targets?.length && options.now < safeAt) {
      warnings.push({
        code: 'WARN_JWKS_CACHE',
        message: `Key "${key.kid}" has been published only since ${formatUtc(enteredAt(key, 'staged') ?? key.history[0]!.at)}; verifiers that cached the JWKS before then will reject its tokens until their cache refreshes (up to ${formatDuration(key.policy.jwksCacheTime)}, until ${formatUtc(safeAt)}).`,
      })
    }
    changed = { ...changed, policy: raisePolicyMarks(changed.policy, set) }
    for (const other of keys) {
      if (other.setId !== set.id || other.id === key.id) continue
      if (other.state === 'active') {
        updates.push({
          ...other,
          state: 'retired',
          history: [...other.history, { state: 'retired', at }],
          policy: raisePolicyMarks(other.policy, set),
        })
      } else if (other.state === 'staged' && other.activateAt) {
        updates.push({ ...other, activateAt: null })
        warnings.push({
          code: 'WARN_SCHEDULE_CANCELLED',
          message: `The scheduled activation of key "${other.kid}" (${other.activateAt}) was cancelled: "${key.kid}" is active now. It stays staged.`,
        })
      }
    }
  }
  if (action === 'retire') {
    warnings.push({
      code: 'WARN_NO_ACTIVE_KEY',
      message: `Set "${set.name}" has no active key now: signing in it fails until a key is activated.`,
    })
  }
  if (action === 'compromise') {
    warnings.push({
      code: 'WARN_COMPROMISED',
      message: `Key "${key.kid}" is out of the JWKS now; verifiers holding a cached JWKS keep accepting its tokens until their cache refreshes (up to ${formatDuration(key.policy.jwksCacheTime)}). Treat every token it signed as suspect.`,
    })
    if (key.state === 'active')
      warnings.push({
        code: 'WARN_NO_ACTIVE_KEY',
        message: `Set "${set.name}" has no active key now: signing in it fails until a key is activated.`,
      })
  }
  if (action === 'destroy') changed = { ...changed, secret: 'destroyed' }
  updates.unshift(changed)
  return { ok: true, updates, warnings }
}

/**
 * Scheduled activations that are due at `now`: each due staged key becomes active at its scheduled
 * time and the key it replaces is retired at that same moment (the key that was active signed
 * nothing after it, because signing settles due activations first).
 */
export function settleScheduled(
  set: KeySet,
  keys: readonly KeyRecord[],
  now: Date,
  targets: readonly Pick<PublishTarget, 'name' | 'firstPublished'>[] = [],
): KeyRecord[] {
  const due = keys
    .filter((k) => k.setId === set.id && k.state === 'staged' && k.activateAt && new Date(k.activateAt) <= now)
    .sort((a, b) => a.activateAt!.localeCompare(b.activateAt!))
  if (due.length === 0) return []
  let current = [...keys]
  const changed = new Map<string, KeyRecord>()
  for (const key of due) {
    // With publish targets, a scheduled activation also waits until the key has been published
    // everywhere for the cache time; it then happens at that moment, not at the earlier schedule.
    let at = new Date(key.activateAt!)
    if (targets.length) {
      const guard = activationGuard(key.kid, targets, Math.max(set.jwksCacheTime, key.policy.jwksCacheTime), now)
      if (!guard.ok) continue
      if (guard.safeAt && guard.safeAt > at) at = guard.safeAt
    }
    const plan = planTransition(set, current, key.id, 'activate', { now: at })
    if (!plan.ok) continue
    for (const update of plan.updates) {
      changed.set(update.id, update)
      current = current.map((k) => (k.id === update.id ? update : k))
    }
  }
  return [...changed.values()]
}

/** The policy marks a key carries after the set's current policy applied to it. */
export function raisePolicyMarks(
  marks: KeyRecord['policy'],
  set: Pick<KeySet, 'maxTokenLifetime' | 'jwksCacheTime' | 'clockSkew'>,
): KeyRecord['policy'] {
  return {
    maxTokenLifetime: Math.max(marks.maxTokenLifetime, set.maxTokenLifetime),
    jwksCacheTime: Math.max(marks.jwksCacheTime, set.jwksCacheTime),
    clockSkew: Math.max(marks.clockSkew, set.clockSkew),
  }
}

export interface NextStep {
  action: KeyAction
  /** null when nothing but the user's decision gates the step */
  earliestAt: string | null
  /** a rotation has scheduled this step; it happens by itself at earliestAt */
  scheduled: boolean
  why: string
}

/** What a key can do next and when it is safe to, for the timeline and the key list. */
export function nextStep(key: KeyRecord, set: Pick<KeySet, 'rotationPeriod'>): NextStep | null {
  switch (key.state) {
    case 'staged':
      if (key.activateAt)
        return {
          action: 'activate',
          earliestAt: key.activateAt,
          scheduled: true,
          why: "rotation scheduled its activation once every verifier's cached JWKS includes it",
        }
      return {
        action: 'activate',
        earliestAt: activationSafeAt(key).toISOString(),
        scheduled: false,
        why: "from then every verifier's cached JWKS includes it",
      }
    case 'active': {
      const activated = enteredAt(key, 'active')
      if (set.rotationPeriod === null || !activated)
        return {
          action: 'retire',
          earliestAt: null,
          scheduled: false,
          why: 'the set has no rotation period; rotate when you choose',
        }
      return {
        action: 'retire',
        earliestAt: new Date(activated.getTime() + set.rotationPeriod * 1000).toISOString(),
        scheduled: false,
        why: `the set rotates every ${formatDuration(set.rotationPeriod)}`,
      }
    }
    case 'retired':
      return {
        action: 'unpublish',
        earliestAt: unpublishSafeAt(key)!.toISOString(),
        scheduled: false,
        why: 'from then no token it signed can still be valid',
      }
    case 'unpublished':
      return {
        action: 'destroy',
        earliestAt: enteredAt(key, 'unpublished')!.toISOString(),
        scheduled: false,
        why: 'it no longer verifies anything; destroying deletes the private key and keeps a tombstone',
      }
    case 'compromised':
      return {
        action: 'destroy',
        earliestAt: enteredAt(key, 'compromised')!.toISOString(),
        scheduled: false,
        why: 'a compromised key should not be kept',
      }
    case 'destroyed':
      return null
  }
}

export type RotationState = 'none' | 'no-active-key' | 'pending' | 'ok' | 'due' | 'overdue'

export interface RotationStatus {
  status: RotationState
  /** the set's rotation period in seconds, or null */
  period: number | null
  activeKid: string | null
  /** when the active key reaches the end of its rotation period */
  dueAt: string | null
  /** a rotation in progress: the staged key and when it activates */
  pending: { kid: string; activateAt: string } | null
}

/**
 * Whether the set's rotation is on schedule. "due" starts one JWKS cache time before the deadline,
 * because that is how long a successor must be staged before it can activate safely.
 */
export function rotationStatus(set: KeySet, keys: readonly KeyRecord[], now: Date): RotationStatus {
  const own = keys.filter((k) => k.setId === set.id)
  const active = own.find((k) => k.state === 'active') ?? null
  const pendingKey = own.find((k) => k.state === 'staged' && k.activateAt) ?? null
  const pending = pendingKey ? { kid: pendingKey.kid, activateAt: pendingKey.activateAt! } : null
  const base = { period: set.rotationPeriod, activeKid: active?.kid ?? null, pending }
  if (!active) return { ...base, status: pending ? 'pending' : 'no-active-key', dueAt: null }
  const activated = enteredAt(active, 'active')!
  const dueAt = set.rotationPeriod === null ? null : new Date(activated.getTime() + set.rotationPeriod * 1000)
  if (pending) return { ...base, status: 'pending', dueAt: dueAt?.toISOString() ?? null }
  if (!dueAt) return { ...base, status: 'none', dueAt: null }
  const status: RotationState =
    now >= dueAt ? 'overdue' : now.getTime() >= dueAt.getTime() - set.jwksCacheTime * 1000 ? 'due' : 'ok'
  return { ...base, status, dueAt: dueAt.toISOString() }
}

function explainSafeDate(key: KeyRecord): string {
  const margins = `JWKS cache ${formatDuration(key.policy.jwksCacheTime)} + clock skew ${formatDuration(key.policy.clockSkew)}`
  const retired = enteredAt(key, 'retired')
  const parts: string[] = []
  if (retired)
    parts.push(
      `retired ${formatUtc(retired)} + max token lifetime ${formatDuration(key.policy.maxTokenLifetime)} + ${margins}`,
    )
  if (key.signedUntil) parts.push(`a token it signed while not active expires ${key.signedUntil}, + ${margins}`)
  return parts.join('; ')
}

function listStates(states: readonly KeyState[]): string {
  return states.length === 1 ? states[0]! : `${states.slice(0, -1).join(', ')} or ${states[states.length - 1]!}`
}

function whatNext(key: KeyRecord): string {
  const possible = (Object.keys(transitionRules) as KeyAction[]).filter((a) =>
    transitionRules[a].from.includes(key.state),
  )
  return possible.length
    ? `From ${key.state} it can: ${possible.join(', ')}.`
    : 'It has reached the end of its lifecycle.'
}
