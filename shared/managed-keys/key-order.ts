import type { KeyRecord, KeyState } from './types'

/**
 * The one order keys are shown in — the keys table, the sidebar and the lifecycle timeline — so a
 * key sits on the same line everywhere: the signing key first, then the other published keys
 * (staged, retired), then the ones on their way out (compromised, unpublished, destroyed); within a
 * state, oldest first (by the first history entry, an ISO 8601 timestamp), then by kid so the order
 * never depends on the store's.
 */
export const keyStateRank: Record<KeyState, number> = {
  active: 0,
  staged: 1,
  retired: 2,
  compromised: 3,
  unpublished: 4,
  destroyed: 5,
}

/** Compares two keys in display order; for Array.prototype.sort. */
export function compareKeysForDisplay(
  a: Pick<KeyRecord, 'state' | 'history' | 'kid'>,
  b: Pick<KeyRecord, 'state' | 'history' | 'kid'>,
): number {
  const created = (key: Pick<KeyRecord, 'history'>) => key.history[0]?.at ?? ''
  return (
    keyStateRank[a.state] - keyStateRank[b.state] || compareText(created(a), created(b)) || compareText(a.kid, b.kid)
  )
}

/** A sorted copy of `keys` in display order (see compareKeysForDisplay). */
export function sortKeysForDisplay<K extends Pick<KeyRecord, 'state' | 'history' | 'kid'>>(keys: readonly K[]): K[] {
  return [...keys].sort(compareKeysForDisplay)
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
