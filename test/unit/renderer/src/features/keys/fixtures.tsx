import type { SetInfo } from '#shared/contract/keys'
import { rotationStatus } from '#shared/managed-keys/model'
import { keyStates, type KeyInfo, type KeyRecord, type KeySet } from '#shared/managed-keys/types'
import { makeKey, makeSet } from '../../../../shared/managed-keys/fixtures'

export { at, t0 } from '../../../../shared/managed-keys/fixtures'

/** SetInfo and KeyInfo as the key manager returns them, built from the lifecycle fixtures. */
export function setInfo(set: KeySet, keys: readonly KeyRecord[], now: Date): SetInfo {
  const own = keys.filter((k) => k.setId === set.id)
  return {
    ...set,
    keyCounts: Object.fromEntries(
      keyStates.map((state) => [state, own.filter((k) => k.state === state).length]),
    ) as SetInfo['keyCounts'],
    activeKid: own.find((k) => k.state === 'active')?.kid ?? null,
    rotation: rotationStatus(set, keys, now),
  }
}

export function keyInfo(...args: Parameters<typeof makeKey>): KeyInfo {
  return { ...makeKey(...args), setName: 'prod' }
}

export { makeSet }
