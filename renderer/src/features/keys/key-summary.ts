import type { SetInfo } from '#shared/contract/keys'
import { nextStep } from '#shared/managed-keys/model'
import type { KeyAction, KeyInfo } from '#shared/managed-keys/types'
import { formatDuration } from '#shared/time/duration'
import { formatUtc, relativeTo } from '../../components/format-time'
import { keyActionText } from './key-actions'

/** The short phrases the key table, the drawer and the sidebar share. */

/** "ES256 · P-256", "RS256 · 2048-bit", "HS256 · 256-bit secret". */
export function describeAlgorithm(key: Pick<KeyInfo, 'alg' | 'kty' | 'crv' | 'bits'>): string {
  if (key.kty === 'RSA') return `${key.alg} · ${key.bits ?? '?'}-bit RSA`
  if (key.kty === 'oct') return `${key.alg} · ${key.bits ? `${key.bits}-bit ` : ''}secret`
  return key.crv ? `${key.alg} · ${key.crv}` : key.alg
}

/** The key's size or curve alone: "P-256", "2048-bit RSA", "256-bit secret". */
export function describeKeySize(key: Pick<KeyInfo, 'kty' | 'crv' | 'bits'>): string {
  if (key.kty === 'RSA') return `${key.bits ?? '?'}-bit RSA`
  if (key.kty === 'oct') return key.bits ? `${key.bits}-bit secret` : 'secret'
  return key.crv ?? key.kty
}

export interface NextStepSummary {
  label: string
  /** when it becomes possible, or why it already is */
  detail: string
  ready: boolean
  scheduled: boolean
  action: KeyAction
  /**
   * the date in `detail`, apart, so a narrow table can put it on a line of its own and never break
   * inside it: `prefix` + formatUtc(at), then `relative`; null when the detail has no date
   */
  when: { prefix: string; at: number; relative: string } | null
}

export function summarizeNextStep(
  key: KeyInfo,
  set: Pick<SetInfo, 'rotationPeriod'>,
  nowMs: number,
): NextStepSummary | null {
  const next = nextStep(key, set)
  if (!next) return null
  const label = keyActionText[next.action].label
  if (next.earliestAt === null)
    return { label, detail: 'when you choose', ready: true, scheduled: false, action: next.action, when: null }
  const at = Date.parse(next.earliestAt)
  const ready = at <= nowMs
  if (next.scheduled) {
    return {
      label: 'Activates',
      detail: ready ? 'now (scheduled)' : `${formatUtc(at)} · ${relativeTo(at, nowMs)}`,
      ready,
      scheduled: true,
      action: next.action,
      when: ready ? null : { prefix: '', at, relative: relativeTo(at, nowMs) },
    }
  }
  if (ready)
    return {
      label,
      detail: key.state === 'active' ? `was due ${relativeTo(at, nowMs)}` : 'ready now',
      ready: true,
      scheduled: false,
      action: next.action,
      when: null,
    }
  return {
    label,
    detail: `from ${formatUtc(at)} · ${relativeTo(at, nowMs)}`,
    ready: false,
    scheduled: false,
    action: next.action,
    when: { prefix: 'from ', at, relative: relativeTo(at, nowMs) },
  }
}

export interface RotationSummary {
  tone: 'ok' | 'info' | 'warn' | 'bad' | 'none'
  badge: string
  message: string
}

export function summarizeRotation(set: SetInfo, nowMs: number): RotationSummary {
  const r = set.rotation
  const every = r.period === null ? null : formatDuration(r.period)
  switch (r.status) {
    case 'no-active-key':
      return {
        tone: 'bad',
        badge: 'no signing key',
        message: `No key in “${set.name}” is active: signing in this set fails until one is activated.`,
      }
    case 'pending':
      return {
        tone: 'info',
        badge: 'rotating',
        message: `Rotation in progress: “${r.pending!.kid}” is published and becomes the signing key at ${formatUtc(r.pending!.activateAt)} (${relativeTo(r.pending!.activateAt, nowMs)}), once every verifier’s cached JWKS includes it.`,
      }
    case 'overdue':
      return {
        tone: 'bad',
        badge: 'rotation overdue',
        message: `The active key “${r.activeKid}” was due for rotation ${relativeTo(r.dueAt!, nowMs)} (${formatUtc(r.dueAt!)}; the set rotates every ${every}). Rotate now.`,
      }
    case 'due':
      return {
        tone: 'warn',
        badge: 'rotation due',
        message: `The active key “${r.activeKid}” reaches the end of its ${every} period ${relativeTo(r.dueAt!, nowMs)} (${formatUtc(r.dueAt!)}). Rotate now so its successor is published a full JWKS cache time before then.`,
      }
    case 'ok':
      return {
        tone: 'ok',
        badge: `rotates every ${every}`,
        message: `Next rotation due ${formatUtc(r.dueAt!)} (${relativeTo(r.dueAt!, nowMs)}).`,
      }
    case 'none':
      return {
        tone: 'none',
        badge: 'no rotation schedule',
        message: 'This set has no rotation period; rotate when you choose.',
      }
  }
}
