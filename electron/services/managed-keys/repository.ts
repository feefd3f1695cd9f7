import { SignetError } from '#shared/errors'
import { raisePolicyMarks, rotationStatus } from '#shared/managed-keys/model'
import type { SetInfo } from '#shared/contract/keys'
import {
  keyStates,
  type KeyInfo,
  type KeyRecord,
  type KeySet,
  type KeyState,
  type Warning,
} from '#shared/managed-keys/types'
import type { AuditEntryInput } from '../audit-sink'
import type { ServiceContext } from '../context'
import type { StoreData } from '../../adapters/store-schema'
import type { KeyMaterial } from './material'

/**
 * Reading and changing key sets and keys in the store document, and the two things every change is
 * followed by: an audit entry and a `keys:changed` event. Callers change the store only inside the
 * key manager's lock (lock.ts).
 */

export type KeyContext = Pick<ServiceContext, 'dataDir' | 'store' | 'keychain' | 'audit' | 'now' | 'events' | 'confirm'>

export function findSet(data: StoreData, ref: string): KeySet | undefined {
  return (
    data.keySets.find((s) => s.name === ref) ??
    data.keySets.find((s) => s.id === ref) ??
    data.keySets.find((s) => s.name.toLowerCase() === ref.toLowerCase())
  )
}

export function requireSet(data: StoreData, ref: string): KeySet {
  const set = findSet(data, ref)
  if (set) return set
  const names = data.keySets.map((s) => s.name)
  throw new SignetError(
    'ERR_SET_NOT_FOUND',
    names.length
      ? `There is no key set "${ref}". Sets: ${names.join(', ')}.`
      : `There is no key set "${ref}": there are no key sets yet. Create one with signet sets create <name>.`,
  )
}

export function requireKey(data: StoreData, kid: string): KeyRecord {
  const key = data.keys.find((k) => k.kid === kid)
  if (key) return key
  throw new SignetError('ERR_KEY_NOT_FOUND', `There is no key with kid "${kid}". List keys with signet keys list.`)
}

export function setOf(data: StoreData, key: KeyRecord): KeySet {
  const set = data.keySets.find((s) => s.id === key.setId)
  if (!set) throw new SignetError('ERR_SET_NOT_FOUND', `Key "${key.kid}" belongs to a key set that no longer exists.`)
  return set
}

export function keyInfo(data: StoreData, key: KeyRecord): KeyInfo {
  const publishedOn = data.publishTargets
    .filter((t) => t.setId === key.setId)
    .map((t) => ({ target: t.name, at: t.firstPublished[key.kid] ?? null }))
  return { ...key, setName: data.keySets.find((s) => s.id === key.setId)?.name ?? '(deleted set)', publishedOn }
}

export function setInfo(data: StoreData, set: KeySet, now: Date): SetInfo {
  const own = data.keys.filter((k) => k.setId === set.id)
  const keyCounts = Object.fromEntries(
    keyStates.map((state) => [state, own.filter((k) => k.state === state).length]),
  ) as Record<KeyState, number>
  return {
    ...set,
    keyCounts,
    activeKid: own.find((k) => k.state === 'active')?.kid ?? null,
    rotation: rotationStatus(set, data.keys, now),
  }
}

/** Replaces changed key records and bumps the revision of every set they belong to. */
/**
 * The metadata of a key entering a set: staged, its public JWK labelled with the kid and algorithm,
 * and the set's current policy marks. One shape for generated, imported, restored and adopted keys.
 */
export function stagedKeyRecord(input: {
  id: string
  kid: string
  set: KeySet
  material: KeyMaterial
  origin: KeyRecord['origin']
  at: Date
  activateAt?: string | null
  rotatedFrom?: string | null
}): KeyRecord {
  const { id, kid, set, material } = input
  return {
    id,
    kid,
    setId: set.id,
    alg: material.alg,
    kty: material.kty,
    ...(material.crv ? { crv: material.crv } : {}),
    ...(material.bits ? { bits: material.bits } : {}),
    state: 'staged',
    history: [{ state: 'staged', at: input.at.toISOString() }],
    origin: input.origin,
    publicJwk: material.publicJwk ? { ...material.publicJwk, kid, alg: material.alg, use: 'sig' } : null,
    thumbprint: material.thumbprint,
    activateAt: input.activateAt ?? null,
    rotatedFrom: input.rotatedFrom ?? null,
    policy: raisePolicyMarks({ maxTokenLifetime: 0, jwksCacheTime: 0, clockSkew: 0 }, set),
    signedUntil: null,
    secret: 'present',
  }
}

export function withKeyUpdates(data: StoreData, updates: readonly KeyRecord[], now: Date): StoreData {
  if (updates.length === 0) return data
  const byId = new Map(updates.map((k) => [k.id, k]))
  const known = new Set(data.keys.map((k) => k.id))
  const keys = data.keys.map((k) => byId.get(k.id) ?? k)
  for (const update of updates) if (!known.has(update.id)) keys.push(update)
  return bumpSets({ ...data, keys }, new Set(updates.map((k) => k.setId)), now)
}

export function bumpSets(data: StoreData, setIds: ReadonlySet<string>, now: Date): StoreData {
  const at = now.toISOString()
  return {
    ...data,
    keySets: data.keySets.map((s) => (setIds.has(s.id) ? { ...s, revision: s.revision + 1, updatedAt: at } : s)),
  }
}

/**
 * Records the action in the audit log. The change it describes is already committed, so a failing
 * audit write must not turn into a failed operation (a retry would repeat the change): it becomes a
 * warning the user sees.
 */
export async function audit(context: KeyContext, entry: AuditEntryInput, warnings: Warning[]): Promise<void> {
  try {
    await context.audit.append(entry)
  } catch (error) {
    const detail = error instanceof SignetError ? `${error.code}: ${error.message}` : 'an unexpected error'
    warnings.push({
      code: 'WARN_AUDIT_FAILED',
      message: `The change was made, but it could not be recorded in the audit log (${detail}).`,
    })
  }
}

export function announce(context: KeyContext, action: string, set: string | null, kids: string[]): void {
  context.events.emit('keys:changed', { action, set, kids, at: context.now().toISOString() })
}
