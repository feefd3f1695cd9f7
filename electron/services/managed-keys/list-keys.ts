import type { KeysListInput, KeysListResult } from '#shared/contract/keys'
import { keyInfo, requireSet, type KeyContext } from './repository'
import { settleDue } from './settle'

/** Every key (tombstones included unless asked otherwise), oldest first, optionally of one set. */
export async function listKeys(context: KeyContext, input: KeysListInput): Promise<KeysListResult> {
  await settleDue(context)
  const data = context.store.read()
  const setId = input?.set === undefined ? undefined : requireSet(data, input.set).id
  const keys = data.keys
    .filter(
      (k) =>
        (setId === undefined || k.setId === setId) && (input?.includeDestroyed !== false || k.state !== 'destroyed'),
    )
    // Stable sort: keys created in the same instant keep the store's order, which is creation order.
    .sort((a, b) => a.history[0]!.at.localeCompare(b.history[0]!.at))
  return { keys: keys.map((k) => keyInfo(data, k)) }
}
