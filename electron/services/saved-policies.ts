import type { PoliciesListResult, PolicyDeleteResult, SavedPolicy } from '#shared/contract/index'
import { SignetError } from '#shared/errors'
import { parsePolicy, serializePolicy, type Policy } from '#shared/validation-policy/policy'
import type { StoreData } from '../adapters/store-schema'

/**
 * Named validation policies, kept in the store file so the Inspect screen can offer them again.
 * A saved policy is stored as the JSON `serializePolicy` writes — the very document the CLI's
 * --policy reads — and re-validated on every read: a file edited by hand, or written by a newer
 * release with fields this one does not know, is reported rather than trusted or thrown away.
 */

interface PolicyContext {
  store: { read(): StoreData; update(change: (data: StoreData) => StoreData): StoreData }
  now: () => Date
}

export function listPolicies(context: PolicyContext): PoliciesListResult {
  const policies: SavedPolicy[] = []
  const unreadable: PoliciesListResult['unreadable'] = []
  for (const stored of context.store.read().policies) {
    try {
      policies.push({
        name: stored.name,
        savedAt: stored.savedAt,
        policy: parsePolicy(stored.policy, `The saved policy "${stored.name}"`),
      })
    } catch (error) {
      unreadable.push({
        name: stored.name,
        message: error instanceof SignetError ? error.message : `The saved policy "${stored.name}" could not be read.`,
      })
    }
  }
  policies.sort((a, b) => a.name.localeCompare(b.name))
  return { policies, unreadable }
}

export function savePolicy(
  context: PolicyContext,
  input: { policy: Record<string, unknown>; overwrite?: boolean | undefined },
): SavedPolicy {
  const policy = parsePolicy(input.policy)
  const name = policy.name
  if (name === undefined) {
    throw new SignetError(
      'ERR_POLICY_INVALID',
      'A saved policy needs a name: give it one (e.g. "prod API access tokens") and save again.',
      { segment: 'name' },
    )
  }
  const savedAt = context.now().toISOString()
  // Stored as its canonical JSON, so the store holds exactly what an export would write.
  const document = JSON.parse(serializePolicy(policy)) as Record<string, unknown>
  context.store.update((data) => {
    const existing = data.policies.findIndex((p) => p.name === name)
    if (existing >= 0 && !input.overwrite) {
      throw new SignetError(
        'ERR_POLICY_EXISTS',
        `A policy named "${name}" is already saved. Choose another name, or replace it.`,
        { segment: 'name' },
      )
    }
    const entry = { name, savedAt, policy: document }
    const policies =
      existing >= 0 ? data.policies.map((p, i) => (i === existing ? entry : p)) : [...data.policies, entry]
    return { ...data, policies }
  })
  return { name, savedAt, policy: policy satisfies Policy }
}

export function deletePolicy(context: PolicyContext, input: { name: string }): PolicyDeleteResult {
  context.store.update((data) => {
    if (!data.policies.some((p) => p.name === input.name)) {
      throw new SignetError(
        'ERR_POLICY_NOT_FOUND',
        `No saved policy is named "${input.name}"; it may have been deleted already.`,
        { segment: 'name' },
      )
    }
    return { ...data, policies: data.policies.filter((p) => p.name !== input.name) }
  })
  return { deleted: input.name }
}
