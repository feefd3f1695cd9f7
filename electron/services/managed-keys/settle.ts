import { settleScheduled } from '#shared/managed-keys/model'
import type { KeyRecord } from '#shared/managed-keys/types'
import type { StoreData } from '../../adapters/store-schema'
import { withKeyLock } from './lock'
import { announce, audit, withKeyUpdates, type KeyContext } from './repository'

/**
 * Carries out scheduled activations that have come due (a rotation's new key replacing the active
 * one after the JWKS cache time). Run before anything that reads or acts on key states, so signing
 * never uses a key that should already have been replaced.
 */
export async function settleDue(context: KeyContext): Promise<void> {
  if (dueChanges(context.store.read(), context.now()).length === 0) return
  const applied = await withKeyLock(
    context.dataDir,
    { operation: 'settle', doing: 'activating scheduled keys' },
    async () => {
      const now = context.now()
      const changes = dueChanges(context.store.read(), now)
      if (changes.length) context.store.update((current) => withKeyUpdates(current, changes, now))
      return changes
    },
  )
  const data = context.store.read()
  for (const key of applied.filter((k) => k.state === 'active')) {
    const set = data.keySets.find((s) => s.id === key.setId)
    const replaced = applied.find((k) => k.setId === key.setId && k.state === 'retired')
    await audit(
      context,
      {
        action: 'key.activate',
        subject: { set: set?.name ?? key.setId, kid: key.kid },
        details: { scheduled: true, at: key.history[key.history.length - 1]!.at, retired: replaced?.kid ?? null },
      },
      [],
    )
    announce(
      context,
      'key.activate',
      set?.name ?? null,
      applied.filter((k) => k.setId === key.setId).map((k) => k.kid),
    )
  }
}

function dueChanges(data: StoreData, now: Date): KeyRecord[] {
  return data.keySets.flatMap((set) =>
    settleScheduled(
      set,
      data.keys,
      now,
      data.publishTargets.filter((t) => t.setId === set.id),
    ),
  )
}
