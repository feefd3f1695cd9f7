import type { RevocationEntry, RevocationsClaim } from './format'
import type { ManagedRevocationEntry, RevocationListChange } from './managed'

/**
 * Pure work on a managed revocation list: pruning entries whose token can no longer be accepted,
 * the published `revocations` claim (format.ts), and the diff between two claims.
 */

/**
 * Splits entries into those still needed at `now` (NumericDate seconds) and those whose `until`
 * plus `skew` seconds has passed: a verifier tolerating that skew could still accept the token
 * until then, so the entry stays that long.
 */
export function pruneRevocations(
  entries: readonly ManagedRevocationEntry[],
  now: number,
  skew: number,
): { kept: ManagedRevocationEntry[]; pruned: ManagedRevocationEntry[] } {
  const kept: ManagedRevocationEntry[] = []
  const pruned: ManagedRevocationEntry[] = []
  for (const entry of entries) (entry.until !== null && entry.until + skew < now ? pruned : kept).push(entry)
  return { kept, pruned }
}

/** The `revocations` claim of Signet revocation list v1, entries sorted by kind then id so equal lists sign equal claims. */
export function revocationsClaim(
  entries: readonly ManagedRevocationEntry[],
  notBefore: number | null,
): RevocationsClaim {
  const sorted = [...entries].sort((a, b) =>
    a.by === b.by ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.by === 'jti' ? -1 : 1,
  )
  const claim: RevocationsClaim = {
    version: 1,
    entries: sorted.map(
      (e) =>
        ({
          [e.by]: e.id,
          ...(e.until !== null ? { until: e.until } : {}),
          ...(e.reason !== null && e.reason !== '' ? { reason: e.reason } : {}),
        }) as RevocationEntry,
    ),
  }
  if (notBefore !== null) claim.not_before = notBefore
  return claim
}

const keyOf = (entry: RevocationEntry) => (entry.jti !== undefined ? `jti:${entry.jti}` : `sub:${entry.sub ?? ''}`)

/**
 * What `current` changes against `previous` (null: never exported, so everything is new): entries
 * added, removed (by hand or pruned) and changed (until or reason), then the cutoff. Bounded by the
 * two claims' sizes, which the format's budget already bounds.
 */
export function diffRevocations(previous: RevocationsClaim | null, current: RevocationsClaim): RevocationListChange[] {
  const before = new Map((previous?.entries ?? []).map((e) => [keyOf(e), e]))
  const changes: RevocationListChange[] = []
  const describe = (e: RevocationEntry) => ({
    by: e.jti !== undefined ? ('jti' as const) : ('sub' as const),
    id: e.jti ?? e.sub ?? '',
    until: e.until ?? null,
    reason: e.reason ?? null,
  })
  const seen = new Set<string>()
  for (const entry of current.entries) {
    const key = keyOf(entry)
    seen.add(key)
    const old = before.get(key)
    if (!old) changes.push({ kind: 'added', ...describe(entry) })
    else if ((old.until ?? null) !== (entry.until ?? null) || (old.reason ?? null) !== (entry.reason ?? null)) {
      changes.push({
        kind: 'changed',
        ...describe(entry),
        was: { until: old.until ?? null, reason: old.reason ?? null },
      })
    }
  }
  for (const [key, entry] of before) if (!seen.has(key)) changes.push({ kind: 'removed', ...describe(entry) })
  const from = previous?.not_before ?? null
  const to = current.not_before ?? null
  if (from !== to) changes.push({ kind: 'cutoff', from, to })
  return changes
}
