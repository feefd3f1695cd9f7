import { formatDuration, parseDuration } from '../time/duration'

/**
 * The rules for a managed status list's timing, once for every place that sets it: `status-list
 * create` and `update` enforce them (electron/services/revocations), the forms preview them as the
 * user types. Durations are whole seconds.
 *
 * - lifetime (iat → exp of each exported Status List Token, draft-ietf-oauth-status-list §5.1):
 *   positive, and no longer than the set's maximum token lifetime — a list token is a token the
 *   set signs like any other;
 * - ttl (the token's `ttl` claim, §5.1: how long a Relying Party may cache it): positive or absent;
 *   longer than the lifetime is allowed but warned about, since a verifier then caches a token
 *   past its exp and must fetch again anyway.
 */
export interface StatusListTiming {
  /** seconds; null leaves the ttl claim out */
  ttl: number | null
  /** seconds */
  lifetime: number
}

/**
 * A `ttl` as a person writes it (`--ttl`, the app's timing form): "none" (any case, spaces around)
 * leaves the claim out (null); anything else is a duration (shared/time/duration.ts), in seconds.
 * @throws SignetError from parseDuration, naming `what`, when it is neither
 */
export function parseStatusListTtl(text: string, what: string): number | null {
  return text.trim().toLowerCase() === 'none' ? null : parseDuration(text, what)
}

export interface StatusListTimingCheck {
  /** refusals: the service throws ERR_STATUS_LIST_INVALID with the first */
  errors: { field: 'ttl' | 'lifetime'; message: string }[]
  warnings: { code: 'WARN_STATUS_LIST_TTL_BEYOND_LIFETIME'; message: string }[]
}

export function checkStatusListTiming(
  timing: StatusListTiming,
  set: { name: string; maxTokenLifetime: number },
): StatusListTimingCheck {
  const errors: StatusListTimingCheck['errors'] = []
  const warnings: StatusListTimingCheck['warnings'] = []
  if (!Number.isInteger(timing.lifetime) || timing.lifetime <= 0)
    errors.push({ field: 'lifetime', message: 'A list token lifetime must be a positive number of seconds.' })
  else if (timing.lifetime > set.maxTokenLifetime)
    errors.push({
      field: 'lifetime',
      message: `A list token lifetime of ${timing.lifetime} s (${formatDuration(timing.lifetime)}) is longer than set "${set.name}" allows for any token (${set.maxTokenLifetime} s, ${formatDuration(set.maxTokenLifetime)}).`,
    })
  if (timing.ttl !== null && (!Number.isInteger(timing.ttl) || timing.ttl <= 0))
    errors.push({ field: 'ttl', message: 'A ttl must be a positive number of seconds, or left out.' })
  else if (timing.ttl !== null && errors.length === 0 && timing.ttl > timing.lifetime)
    warnings.push({
      code: 'WARN_STATUS_LIST_TTL_BEYOND_LIFETIME',
      message: `The ttl (${formatDuration(timing.ttl)}) is longer than each list token lives (${formatDuration(timing.lifetime)}): verifiers will have to fetch a new token at its exp anyway.`,
    })
  return { errors, warnings }
}
