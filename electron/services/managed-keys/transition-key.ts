import { SignetError } from '#shared/errors'
import type { KeyTransitionInput, TransitionResult } from '#shared/contract/keys'
import { planTransition } from '#shared/managed-keys/model'
import type { KeyAction, KeyRecord, Warning } from '#shared/managed-keys/types'
import { requireConfirmation, type ConfirmRequest } from '../confirm'
import { withKeyLock } from './lock'
import { announce, audit, keyInfo, requireKey, setOf, withKeyUpdates, type KeyContext } from './repository'
import { settleDue } from './settle'

const verbs: Record<KeyAction, string> = {
  activate: 'activating',
  retire: 'retiring',
  unpublish: 'unpublishing',
  compromise: 'marking as compromised',
  destroy: 'destroying',
}

/**
 * One lifecycle move on one key (activate, retire, unpublish, compromise, destroy), decided by the
 * shared lifecycle model inside the lock, against the store as it is at that moment. Destroying
 * deletes the secret from the keychain first and keeps the record as a tombstone.
 *
 * Compromise and destroy cannot be undone: main asks the user itself (context.confirm) once the
 * move is known to be possible, before the lock is taken; the page's request alone never suffices.
 */
export async function transitionKey(
  context: KeyContext,
  action: KeyAction,
  input: KeyTransitionInput,
): Promise<TransitionResult> {
  await settleDue(context)
  const question = irreversible[action]
  if (question) {
    const data = context.store.read()
    const key = requireKey(data, input.kid)
    const plan = planTransition(setOf(data, key), data.keys, key.id, action, {
      now: context.now(),
      force: input.force ?? false,
      reason: input.reason,
    })
    if (!plan.ok) throw new SignetError(plan.code, plan.message)
    await requireConfirmation(context.confirm, question(key, setOf(data, key).name))
  }
  const warnings: Warning[] = []
  const outcome = await withKeyLock(
    context.dataDir,
    { operation: `key.${action}`, doing: `${verbs[action]} key ${input.kid}` },
    async () => {
      const now = context.now()
      const data = context.store.read()
      const key = requireKey(data, input.kid)
      const set = setOf(data, key)
      // With publish targets, activation waits until the key is published on all of them for the JWKS cache time.
      const targets = data.publishTargets.filter((t) => t.setId === set.id)
      const plan = planTransition(set, data.keys, key.id, action, {
        now,
        force: input.force ?? false,
        reason: input.reason,
        targets,
      })
      if (!plan.ok) throw new SignetError(plan.code, plan.message)
      warnings.push(...plan.warnings)
      if (action === 'destroy') warnings.push(...(await deleteSecret(context, key)))
      context.store.update((current) => withKeyUpdates(current, plan.updates, now))
      return { from: key.state, set, updates: plan.updates }
    },
  )
  const [changed, ...others] = outcome.updates as [KeyRecord, ...KeyRecord[]]
  const last = changed.history[changed.history.length - 1]!
  await audit(
    context,
    {
      action: `key.${action}`,
      subject: { set: outcome.set.name, kid: changed.kid },
      details: {
        from: outcome.from,
        to: changed.state,
        forced: last.forced ?? false,
        reason: last.reason ?? null,
        retired: others.find((k) => k.state === 'retired')?.kid ?? null,
      },
    },
    warnings,
  )
  announce(
    context,
    `key.${action}`,
    outcome.set.name,
    outcome.updates.map((k) => k.kid),
  )
  const data = context.store.read()
  return { key: keyInfo(data, changed), alsoChanged: others.map((k) => keyInfo(data, k)), warnings }
}

const irreversible: Partial<Record<KeyAction, (key: KeyRecord, set: string) => ConfirmRequest>> = {
  destroy: (key, set) => ({
    action: 'key.destroy',
    title: `Destroy key "${key.kid}"`,
    message: `Delete the private key of "${key.kid}" (set "${set}") from the OS keychain?`,
    detail:
      'Nothing can sign with it again and it cannot be brought back, except from a backup. A tombstone keeps its kid reserved.',
    confirmLabel: 'Destroy',
  }),
  compromise: (key, set) => ({
    action: 'key.compromise',
    title: `Mark key "${key.kid}" compromised`,
    message: `Mark "${key.kid}" (set "${set}", ${key.state}) as compromised?`,
    detail:
      'It leaves the JWKS at once, every token it signed stops verifying, and it can never sign or be published again. This cannot be undone.',
    confirmLabel: 'Mark compromised',
  }),
}

/** Deletes the private half, and proves it is gone, before the record may say "destroyed". */
async function deleteSecret(context: KeyContext, key: KeyRecord): Promise<Warning[]> {
  const existed = await context.keychain.delete(key.id)
  if ((await context.keychain.get(key.id)) !== null) {
    throw new SignetError(
      'ERR_KEYCHAIN_UNAVAILABLE',
      `The OS keychain did not delete the private key of "${key.kid}" (account ${key.id}); the key was not marked destroyed. Retry, or delete the entry by hand and retry.`,
    )
  }
  return existed
    ? []
    : [
        {
          code: 'WARN_SECRET_ALREADY_GONE',
          message: `The keychain held no private key for "${key.kid}" any more (account ${key.id}); the record is now a tombstone.`,
        },
      ]
}
