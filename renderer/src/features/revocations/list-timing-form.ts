import type { z } from 'zod'
import type { statusListUpdateInputSchema } from '#shared/contract/status-list-settings'
import { SignetError } from '#shared/errors'
import type { StatusListInfo } from '#shared/status-list/managed'
import { checkStatusListTiming, parseStatusListTtl, type StatusListTimingCheck } from '#shared/status-list/list-timing'
import { formatDuration, parseDuration } from '#shared/time/duration'

/**
 * The form that edits a managed status list's token timing on the Revocations screen: two text
 * fields in, a status-list:update input out, read exactly as `signet status-list update` reads
 * `--ttl` and `--lifetime` (shared/time/duration.ts: 30m, 12h, 1h30m, a number of seconds; "none"
 * or an empty ttl leaves the claim out) and checked by the rules the service enforces
 * (shared/status-list/list-timing.ts, draft-ietf-oauth-status-list §5.1). The service checks again.
 */

export interface ListTimingValues {
  /** the `ttl` claim as typed; empty or "none" leaves it out */
  ttl: string
  /** each exported token's lifetime (iat → exp) as typed */
  lifetime: string
}

export type ListTimingErrors = Partial<Record<keyof ListTimingValues, string>>

export type StatusListUpdateInput = z.input<typeof statusListUpdateInputSchema>

export type ListTimingCheck =
  | {
      ok: true
      /** the status-list:update input, with only the fields that change; null when nothing does */
      input: StatusListUpdateInput | null
      warnings: StatusListTimingCheck['warnings']
    }
  | { ok: false; errors: ListTimingErrors }

/** The list's current timing, spelled as a person would type it. */
export function timingValues(list: Pick<StatusListInfo, 'ttl' | 'lifetime'>): ListTimingValues {
  return { ttl: list.ttl === null ? 'none' : formatDuration(list.ttl), lifetime: formatDuration(list.lifetime) }
}

/**
 * @param list the list as status-list:list reports it (name, ttl and lifetime in seconds)
 * @param set the list's key set: its name and maximum token lifetime (seconds)
 */
export function checkListTiming(
  values: ListTimingValues,
  list: Pick<StatusListInfo, 'name' | 'ttl' | 'lifetime'>,
  set: { name: string; maxTokenLifetime: number },
): ListTimingCheck {
  const errors: ListTimingErrors = {}
  const read = (
    field: keyof ListTimingValues,
    what: string,
    parse: (text: string, what: string) => number | null = parseDuration,
  ): number | null => {
    try {
      return parse(values[field], what)
    } catch (error) {
      errors[field] = error instanceof SignetError ? error.message : 'Not a duration: use 30m, 12h, 1d…'
      return null
    }
  }
  // an emptied ttl field also means none
  const ttl = values.ttl.trim() === '' ? null : read('ttl', 'ttl', parseStatusListTtl)
  const lifetime = read('lifetime', 'token lifetime')
  if (lifetime === null || errors.ttl) return { ok: false, errors }

  const check = checkStatusListTiming({ ttl, lifetime }, set)
  for (const problem of check.errors) errors[problem.field] ??= problem.message
  if (Object.keys(errors).length > 0) return { ok: false, errors }

  const changes = {
    ...(ttl !== list.ttl ? { ttl } : {}),
    ...(lifetime !== list.lifetime ? { lifetime } : {}),
  }
  return {
    ok: true,
    input: Object.keys(changes).length > 0 ? { name: list.name, ...changes } : null,
    warnings: check.warnings,
  }
}
