import { planTransition, transitionRules, unpublishSafeAt, type TransitionPlan } from '#shared/managed-keys/model'
import type { SetInfo } from '#shared/contract/keys'
import type { KeyAction, KeyInfo, Warning } from '#shared/managed-keys/types'

/**
 * What the Keys screen offers for a key and what it says before the user confirms: the moves the
 * lifecycle allows from the key's state, which of them cannot be undone (those need the kid typed),
 * and a preview of the outcome computed with the very model the services enforce.
 */

export interface KeyActionText {
  label: string
  /** the dialog's question */
  title: (kid: string) => string
  /** what it does, in one or two sentences */
  effect: string
  /** cannot be undone: confirmed by typing the kid */
  destructive: boolean
  confirmLabel: string
}

export const keyActionText: Record<KeyAction, KeyActionText> = {
  activate: {
    label: 'Activate',
    title: (kid) => `Activate ${kid}?`,
    effect:
      'It becomes the set’s signing key. The key that is active now is retired: it stays in the JWKS, verify-only, until every token it signed can have expired.',
    destructive: false,
    confirmLabel: 'Activate',
  },
  retire: {
    label: 'Retire',
    title: (kid) => `Retire ${kid}?`,
    effect:
      'It stops signing and stays in the JWKS, verify-only, so tokens it already signed keep verifying. The set has no signing key until another is activated.',
    destructive: false,
    confirmLabel: 'Retire',
  },
  unpublish: {
    label: 'Unpublish',
    title: (kid) => `Unpublish ${kid}?`,
    effect:
      'It leaves the JWKS: from the next JWKS refresh, verifiers reject every token it signed. The private key stays in the keychain until you destroy it.',
    destructive: true,
    confirmLabel: 'Unpublish',
  },
  compromise: {
    label: 'Mark compromised',
    title: (kid) => `Mark ${kid} as compromised?`,
    effect:
      'It leaves the JWKS at once and every token it signed is to be treated as suspect. Signet never signs with it again. Use this when the private key may be known to someone else.',
    destructive: true,
    confirmLabel: 'Mark compromised',
  },
  destroy: {
    label: 'Destroy',
    title: (kid) => `Destroy ${kid}?`,
    effect:
      'Its private key is deleted from the OS keychain. A tombstone keeps its kid and thumbprint, so the kid is never reused. This cannot be undone (except from a backup).',
    destructive: true,
    confirmLabel: 'Destroy',
  },
}

/** The moves the lifecycle allows from the key's state, in lifecycle order. */
export function availableActions(key: Pick<KeyInfo, 'state'>): KeyAction[] {
  return (Object.keys(transitionRules) as KeyAction[]).filter((action) =>
    transitionRules[action].from.includes(key.state),
  )
}

export interface TransitionPreview {
  /** the service would refuse it as asked (the unpublish guard); carries its reason */
  blocked: { code: string; message: string } | null
  /** the guard can be passed with force and a written reason */
  forceable: boolean
  /** the earliest date the move needs no force, when a guard applies */
  safeAt: string | null
  warnings: Warning[]
  /** other keys the move changes, and how */
  alsoChanged: { kid: string; to: string }[]
}

/**
 * The outcome of `action` on `key` right now, as planTransition (the services' own rule) sees it;
 * with `force` the guard is bypassed, as the service would with a reason.
 */
export function previewTransition(
  set: SetInfo,
  keys: readonly KeyInfo[],
  key: KeyInfo,
  action: KeyAction,
  now: Date,
  force = false,
): TransitionPreview {
  const safe = action === 'unpublish' ? unpublishSafeAt(key) : null
  const plan: TransitionPlan = planTransition(set, keys, key.id, action, {
    now,
    force,
    reason: force ? 'preview of a forced move' : undefined,
  })
  if (!plan.ok) {
    return {
      blocked: { code: plan.code, message: plan.message },
      forceable: plan.code === 'ERR_LIFECYCLE_TOO_EARLY',
      safeAt: safe ? safe.toISOString() : null,
      warnings: [],
      alsoChanged: [],
    }
  }
  const alsoChanged = plan.updates
    .filter((update) => update.id !== key.id)
    .map((update) => ({
      kid: update.kid,
      to: update.state === keys.find((k) => k.id === update.id)?.state ? 'schedule cancelled' : update.state,
    }))
  return {
    blocked: null,
    forceable: false,
    safeAt: safe && safe > now ? safe.toISOString() : null,
    warnings: plan.warnings,
    alsoChanged,
  }
}

/** A confirmation by typing the kid: exact, but forgiving of surrounding whitespace. */
export function kidConfirmed(typed: string, kid: string): boolean {
  return typed.trim() === kid
}
