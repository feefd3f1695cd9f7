import { randomUUID } from 'node:crypto'
import { SignetError } from '#shared/errors'
import { planTransition } from '#shared/managed-keys/model'
import { kidPattern, type KeyRecord, type Warning } from '#shared/managed-keys/types'
import { depositSecret, discardQuietly, setMember } from './custody'
import type { KeyMaterial } from './material'
import { stagedKeyRecord, withKeyUpdates, type KeyContext } from './repository'
import { reached } from '../faults'

/**
 * Puts a new key under management, in the one order that survives a crash at any step: the secret
 * is written to the keychain and read back first, and only then is the metadata committed to the
 * store. A crash in between leaves an orphaned secret that reconciliation reports (never a record
 * without its secret); a failed commit deletes the secret again. Call it inside the key lock.
 */

export interface EnrollRequest {
  setId: string
  material: KeyMaterial
  kid?: string | undefined
  origin: KeyRecord['origin']
  activate?: boolean | undefined
  activateAt?: string | null
  rotatedFrom?: string | null
}

export interface Enrolled {
  key: KeyRecord
  /** other keys the commit changed: the key an immediate activation retired */
  alsoChanged: KeyRecord[]
  warnings: Warning[]
}

export async function enrollLocked(context: KeyContext, request: EnrollRequest): Promise<Enrolled> {
  const now = context.now()
  const data = context.store.read()
  const set = data.keySets.find((s) => s.id === request.setId)
  if (!set)
    throw new SignetError(
      'ERR_SET_NOT_FOUND',
      'The key set was deleted while the key was being prepared; nothing was stored.',
    )
  const { material } = request
  const kid = request.kid ?? material.thumbprint
  if (!kidPattern.test(kid)) {
    throw new SignetError(
      'ERR_INVALID_ARGUMENT',
      `The kid "${kid}" is not usable: use 1–128 printable ASCII characters without spaces.`,
    )
  }
  const taken = data.keys.find((k) => k.kid === kid)
  if (taken) {
    const where = data.keySets.find((s) => s.id === taken.setId)?.name ?? 'a deleted set'
    throw new SignetError(
      'ERR_KEY_KID_TAKEN',
      `The kid "${kid}" is already used by a ${taken.state} key in set "${where}"; kids are never reused, even after a key is destroyed. Choose another kid.`,
    )
  }
  const twin = data.keys.find((k) => k.thumbprint === material.thumbprint)
  if (twin) {
    const where = data.keySets.find((s) => s.id === twin.setId)?.name ?? 'a deleted set'
    throw new SignetError(
      'ERR_KEY_DUPLICATE',
      `This key is already managed as "${twin.kid}" (${twin.state}) in set "${where}". One key belongs to one set.`,
    )
  }

  const id = randomUUID()
  const secret = JSON.stringify({ ...material.privateJwk, kid, alg: material.alg, use: 'sig', [setMember]: set.id })
  reached('before-secret-write')
  await depositSecret(context.keychain, id, secret)

  const record = stagedKeyRecord({
    id,
    kid,
    set,
    material,
    origin: request.origin,
    at: now,
    activateAt: request.activateAt ?? null,
    rotatedFrom: request.rotatedFrom ?? null,
  })
  let updates: KeyRecord[] = [record]
  const warnings: Warning[] = []
  if (request.activate) {
    // A set with publish targets refuses to sign with a key no target serves yet (the first key of a set excepted).
    const plan = planTransition(set, [...data.keys, record], id, 'activate', {
      now,
      targets: data.publishTargets.filter((t) => t.setId === set.id),
    })
    if (!plan.ok) {
      await discardQuietly(context.keychain, id)
      throw new SignetError(plan.code, plan.message)
    }
    updates = plan.updates
    warnings.push(...plan.warnings)
  }

  try {
    context.store.update((current) => withKeyUpdates(current, updates, now))
  } catch (error) {
    const removed = await discardQuietly(context.keychain, id)
    const why = error instanceof SignetError ? error.message : 'an unexpected error'
    throw new SignetError(
      'ERR_KEY_CUSTODY_FAILED',
      `The key's metadata could not be saved (${why}), so the key was not added` +
        (removed
          ? '; its secret was removed from the keychain again.'
          : `, and its secret (account ${id}) could not be removed from the keychain: signet keys reconcile lists it.`),
    )
  }
  reached('after-metadata-commit')
  const key = updates.find((k) => k.id === id)!
  return { key, alsoChanged: updates.filter((k) => k.id !== id), warnings }
}
