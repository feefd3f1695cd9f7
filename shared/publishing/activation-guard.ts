import { formatDuration } from '../time/duration'
import { formatUtc } from '../time/format-time'
import type { PublishTarget } from './targets'

export interface ActivationGuard {
  ok: boolean
  /** when every target will have served the key for the JWKS cache time; null when a target has not published it */
  safeAt: Date | null
  /** the targets that have not published the key yet */
  unpublishedOn: string[]
  message: string
}

/**
 * Whether a staged key may start signing: verifiers trust only keys in the JWKS they cached, so a key
 * must be published on every target of its set and stay there for the JWKS cache time before its
 * first token (the failure hashicorp/vault#11441 describes in reverse). A set without targets is not
 * judged here (ok): Signet cannot know where its JWKS is served.
 *
 * @param targets the set's publish targets, with their first-published times per kid
 * @param cacheSeconds the JWKS cache time, seconds (the larger of the set's value and the key's mark)
 */
export function activationGuard(
  kid: string,
  targets: readonly Pick<PublishTarget, 'name' | 'firstPublished'>[],
  cacheSeconds: number,
  now: Date,
): ActivationGuard {
  if (targets.length === 0)
    return { ok: true, safeAt: null, unpublishedOn: [], message: 'The set has no publish targets.' }
  const unpublishedOn = targets.filter((t) => !t.firstPublished[kid]).map((t) => t.name)
  if (unpublishedOn.length) {
    return {
      ok: false,
      safeAt: null,
      unpublishedOn,
      message: `Key "${kid}" is not published on ${unpublishedOn.map((n) => `"${n}"`).join(', ')} yet: verifiers fetching the JWKS there would reject its tokens. Run "signet jwks publish --set <set>", then wait the JWKS cache time (${formatDuration(cacheSeconds)}).`,
    }
  }
  const latest = Math.max(...targets.map((t) => new Date(t.firstPublished[kid]!).getTime()))
  const safeAt = new Date(latest + cacheSeconds * 1000)
  if (now < safeAt) {
    return {
      ok: false,
      safeAt,
      unpublishedOn: [],
      message: `Key "${kid}" was published on every target only at ${formatUtc(latest)}; verifiers may serve a JWKS cached before then until ${formatUtc(safeAt)} (JWKS cache time ${formatDuration(cacheSeconds)}). Wait ${formatDuration(Math.ceil((safeAt.getTime() - now.getTime()) / 1000))}, or force it with a written reason.`,
    }
  }
  return {
    ok: true,
    safeAt,
    unpublishedOn: [],
    message: `Key "${kid}" has been published on every target since ${formatUtc(latest)}.`,
  }
}
