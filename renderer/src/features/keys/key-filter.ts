import type { KeyInfo, KeyState, SigningAlgorithm } from '#shared/managed-keys/types'
import { plural } from '#shared/text/plural'

/** What the keys table is narrowed to: a state, an algorithm, and text found in the kid, thumbprint, origin or algorithm. */
export interface KeyFilter {
  state: KeyState | null
  alg: SigningAlgorithm | null
  text: string
}

export const noKeyFilter: KeyFilter = { state: null, alg: null, text: '' }

export function isFiltering(filter: KeyFilter): boolean {
  return filter.state !== null || filter.alg !== null || filter.text.trim() !== ''
}

/** The keys that pass `filter`, in the order given. The text match is case-insensitive. */
export function filterKeys<K extends Pick<KeyInfo, 'kid' | 'thumbprint' | 'alg' | 'state' | 'origin' | 'crv'>>(
  keys: readonly K[],
  filter: KeyFilter,
): K[] {
  const needle = filter.text.trim().toLowerCase()
  return keys.filter(
    (key) =>
      (filter.state === null || key.state === filter.state) &&
      (filter.alg === null || key.alg === filter.alg) &&
      (needle === '' ||
        [key.kid, key.thumbprint, key.alg, key.origin, key.crv ?? ''].some((field) =>
          field.toLowerCase().includes(needle),
        )),
  )
}

/**
 * The one sentence that counts a set's keys, wherever it is shown: "3 keys", "1 of 3 keys matches",
 * and the destroyed keys (tombstones) named separately when they are listed, since they are not keys
 * that can sign or verify any more.
 */
export function describeKeyCount(input: {
  living: number
  destroyed: number
  showDestroyed: boolean
  matching: number
  filtering: boolean
}): string {
  const base = plural(input.living, 'key')
  const tombstones = input.showDestroyed && input.destroyed > 0 ? ` + ${plural(input.destroyed, 'destroyed key')}` : ''
  if (!input.filtering) return `${base}${tombstones}`
  const total = input.living + (input.showDestroyed ? input.destroyed : 0)
  return `${input.matching} of ${plural(total, 'key')}${tombstones ? ' (destroyed included)' : ''} ${input.matching === 1 ? 'matches' : 'match'}`
}
