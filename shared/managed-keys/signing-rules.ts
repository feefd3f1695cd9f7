import { formatDuration } from '../time/duration'
import type { KeyState } from './types'

/**
 * The rules for signing with a managed key that the Sign screen previews and
 * electron/services/managed-keys/sign-token.ts enforces — written once, so both say the same thing.
 */

/**
 * Null when a token living `lifetime` seconds fits the set's `maxTokenLifetime` (seconds); otherwise
 * the problem, `short` for beside the field and `message` as the service's sentence.
 */
export function lifetimeProblem(
  lifetime: number,
  set: { name: string; maxTokenLifetime: number },
): { short: string; message: string } | null {
  if (lifetime <= set.maxTokenLifetime) return null
  return {
    short: `Longer than set ${set.name} allows (${formatDuration(set.maxTokenLifetime)}). Shorten it, or raise the set’s maximum on Keys.`,
    message: `This token would live ${formatDuration(Math.ceil(lifetime))}, longer than set "${set.name}" allows (${formatDuration(set.maxTokenLifetime)}). Shorten it, or raise the set's maximum token lifetime.`,
  }
}

/** Why signing with a key in `state` (anything but active) deserves a warning; null for the active key. */
export function notActiveKeyWarning(kid: string, state: KeyState, setName: string): string | null {
  if (state === 'active') return null
  const why =
    state === 'staged'
      ? 'it is published but not yet the signing key; verifiers with an older cached JWKS may not know it yet'
      : state === 'retired'
        ? 'it is retired; a token it signs now pushes back the date it can be unpublished'
        : 'it is no longer published, so no verifier using the JWKS can check this token'
  return `${kid} is not the active key of ${setName}: ${why}.`
}
