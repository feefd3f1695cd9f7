import { randomUUID } from 'node:crypto'
import { SignetError } from '#shared/errors'
import type {
  SetDeleteResult,
  SetResult,
  SetsCreateInput,
  SetsListResult,
  SetsUpdateInput,
} from '#shared/contract/keys'
import { isPublished, raisePolicyMarks } from '#shared/managed-keys/model'
import {
  issuerProblem,
  setNameProblem,
  setPolicyDefaults,
  setPolicyProblems,
  type SetPolicy,
} from '#shared/managed-keys/set-policy'
import type { KeySet, Warning } from '#shared/managed-keys/types'
import { withKeyLock } from './lock'
import { announce, audit, requireSet, setInfo, type KeyContext } from './repository'
import { settleDue } from './settle'
import { plural } from '#shared/text/plural'

/**
 * Key sets: one issuer or environment each, with one JWKS and the policy its keys live by (token
 * lifetimes, JWKS cache time, clock skew, rotation period).
 */

/** The defaults a new set gets (shared/managed-keys/set-policy.ts, where the form reads them too). */
export const setDefaults = setPolicyDefaults

export async function listSets(context: KeyContext): Promise<SetsListResult> {
  await settleDue(context)
  const data = context.store.read()
  const now = context.now()
  return { sets: [...data.keySets].sort((a, b) => a.name.localeCompare(b.name)).map((s) => setInfo(data, s, now)) }
}

export async function createSet(context: KeyContext, input: SetsCreateInput): Promise<SetResult> {
  checkName(input.name)
  const maxTokenLifetime = input.maxTokenLifetime ?? setDefaults.maxTokenLifetime
  const policy = {
    issuer: input.issuer === undefined || input.issuer === null ? null : checkIssuer(input.issuer),
    description: input.description ?? '',
    maxTokenLifetime,
    // A lower maximum pulls the default down with it rather than failing on a value nobody typed.
    defaultTokenLifetime: input.defaultTokenLifetime ?? Math.min(setDefaults.defaultTokenLifetime, maxTokenLifetime),
    jwksCacheTime: input.jwksCacheTime ?? setDefaults.jwksCacheTime,
    clockSkew: input.clockSkew ?? setDefaults.clockSkew,
    rotationPeriod: input.rotationPeriod ?? setDefaults.rotationPeriod,
  }
  checkPolicy(policy)
  const created = await withKeyLock(
    context.dataDir,
    { operation: 'set.create', doing: `creating set ${input.name}`, set: input.name },
    async () => {
      const data = context.store.read()
      checkNameFree(data.keySets, input.name, null)
      const at = context.now().toISOString()
      const set: KeySet = { id: randomUUID(), name: input.name, ...policy, createdAt: at, updatedAt: at, revision: 0 }
      context.store.update((current) => ({ ...current, keySets: [...current.keySets, set] }))
      return set
    },
  )
  const warnings: Warning[] = []
  await audit(
    context,
    { action: 'set.create', subject: { set: created.name }, details: policyDetails(created) },
    warnings,
  )
  announce(context, 'set.create', created.name, [])
  return { set: setInfo(context.store.read(), created, context.now()), warnings }
}

export async function updateSet(context: KeyContext, input: SetsUpdateInput): Promise<SetResult> {
  const changes = input.changes
  if (changes.name !== undefined) checkName(changes.name)
  const issuer = changes.issuer === undefined ? undefined : changes.issuer === null ? null : checkIssuer(changes.issuer)
  const warnings: Warning[] = []
  const { before, after } = await withKeyLock(
    context.dataDir,
    { operation: 'set.update', doing: `changing set ${input.set}`, set: input.set },
    async () => {
      const data = context.store.read()
      const before = requireSet(data, input.set)
      if (changes.name !== undefined) checkNameFree(data.keySets, changes.name, before.id)
      const after: KeySet = {
        ...before,
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(issuer !== undefined ? { issuer } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.defaultTokenLifetime !== undefined ? { defaultTokenLifetime: changes.defaultTokenLifetime } : {}),
        ...(changes.maxTokenLifetime !== undefined ? { maxTokenLifetime: changes.maxTokenLifetime } : {}),
        ...(changes.jwksCacheTime !== undefined ? { jwksCacheTime: changes.jwksCacheTime } : {}),
        ...(changes.clockSkew !== undefined ? { clockSkew: changes.clockSkew } : {}),
        ...(changes.rotationPeriod !== undefined ? { rotationPeriod: changes.rotationPeriod } : {}),
        revision: before.revision + 1,
        updatedAt: context.now().toISOString(),
      }
      checkPolicy(after)
      context.store.update((current) => ({
        ...current,
        keySets: current.keySets.map((s) => (s.id === after.id ? after : s)),
        // Keys that can still have tokens in flight keep the largest policy values they lived under.
        keys: current.keys.map((k) =>
          k.setId === after.id && isPublished(k.state) ? { ...k, policy: raisePolicyMarks(k.policy, after) } : k,
        ),
      }))
      return { before, after }
    },
  )
  if (
    after.maxTokenLifetime < before.maxTokenLifetime ||
    after.jwksCacheTime < before.jwksCacheTime ||
    after.clockSkew < before.clockSkew
  ) {
    warnings.push({
      code: 'WARN_POLICY_LOWERED',
      message:
        'Lowered values apply to tokens signed from now on. Keys that are published keep the larger values for their safe dates, because tokens already issued keep their lifetime.',
    })
  }
  if (before.issuer !== after.issuer) {
    warnings.push({
      code: 'WARN_ISSUER_CHANGED',
      message: `Tokens signed from now on carry iss ${JSON.stringify(after.issuer)}; verifiers that expect ${JSON.stringify(before.issuer)} will reject them.`,
    })
  }
  const details = { ...policyDetails(after), ...(before.name !== after.name ? { renamedFrom: before.name } : {}) }
  await audit(context, { action: 'set.update', subject: { set: after.name }, details }, warnings)
  announce(context, 'set.update', after.name, [])
  return { set: setInfo(context.store.read(), after, context.now()), warnings }
}

export async function deleteSet(context: KeyContext, input: { set: string }): Promise<SetDeleteResult> {
  const { set, tombstones } = await withKeyLock(
    context.dataDir,
    { operation: 'set.delete', doing: `deleting set ${input.set}`, set: input.set },
    async () => {
      const data = context.store.read()
      const set = requireSet(data, input.set)
      const own = data.keys.filter((k) => k.setId === set.id)
      const living = own.filter((k) => k.state !== 'destroyed')
      if (living.length) {
        throw new SignetError(
          'ERR_SET_NOT_EMPTY',
          `Set "${set.name}" still holds ${plural(living.length, 'key')} that ${living.length === 1 ? 'is' : 'are'} not destroyed: ${living.map((k) => `${k.kid} (${k.state})`).join(', ')}. ` +
            'Take each through its lifecycle to destroyed first (a set is deleted only when no key in it can still sign or verify).',
        )
      }
      context.store.update((current) => ({ ...current, keySets: current.keySets.filter((s) => s.id !== set.id) }))
      return { set, tombstones: own.length }
    },
  )
  await audit(context, { action: 'set.delete', subject: { set: set.name }, details: { tombstones } }, [])
  announce(context, 'set.delete', set.name, [])
  return { deleted: set.name, tombstones }
}

function checkName(name: string): void {
  const problem = setNameProblem(name)
  if (problem) throw new SignetError('ERR_INVALID_ARGUMENT', problem.message)
}

function checkNameFree(sets: readonly KeySet[], name: string, exceptId: string | null): void {
  const clash = sets.find((s) => s.id !== exceptId && s.name.toLowerCase() === name.toLowerCase())
  if (clash)
    throw new SignetError(
      'ERR_SET_EXISTS',
      `A key set named "${clash.name}" already exists; set names are unique regardless of case.`,
    )
}

function checkIssuer(issuer: string): string {
  const problem = issuerProblem(issuer)
  if (problem) throw new SignetError('ERR_SET_INVALID', problem.message)
  return issuer
}

/** Throws the first broken rule; the form shows them all (shared/managed-keys/set-policy.ts). */
function checkPolicy(policy: SetPolicy): void {
  const [first] = setPolicyProblems(policy)
  if (first) throw new SignetError('ERR_SET_INVALID', first.message)
}

function policyDetails(set: KeySet): Record<string, string | number | null> {
  return {
    issuer: set.issuer,
    defaultTokenLifetime: set.defaultTokenLifetime,
    maxTokenLifetime: set.maxTokenLifetime,
    jwksCacheTime: set.jwksCacheTime,
    clockSkew: set.clockSkew,
    rotationPeriod: set.rotationPeriod,
  }
}
