import { calculateJwkThumbprint, type JWK } from 'jose'
import { SignetError } from '#shared/errors'
import type { KeysReconcileInput, MissingSecret, OrphanedSecret, ReconcileReport } from '#shared/contract/keys'
import { signingAlgorithms, type KeyRecord, type SigningAlgorithm } from '#shared/managed-keys/types'
import { requireConfirmation } from '../confirm'
import { depositSecret, discardQuietly, publicPart, setMember } from './custody'
import { withKeyLock } from './lock'
import { materialFromJwk } from './material'
import { announce, audit, stagedKeyRecord, withKeyUpdates, type KeyContext } from './repository'
import type { StoreData } from '../../adapters/store-schema'
import { refuseWhileRecoveryPending } from '../store-recovery'
import { pendingRecovery } from '../../adapters/store-recovery-marker'

/**
 * Compares the keychain with the store and reports every difference with what to do about it:
 * orphaned secrets (in the keychain, not in the store: a crash between the two writes, or a store
 * restored from an older copy) and missing secrets (in the store, not in the keychain). Nothing is
 * dropped or adopted unless the caller asks for it by name. Runs inside the key lock, so a key being
 * added by another process right now is never mistaken for an orphan.
 *
 * An orphan and a missing key that are the same key (equal RFC 7638 thumbprints, computed here from the
 * entry's public members — the page only sees the pairing) are reported as a pair, resolved by one
 * "relink": the entry's secret is written under the key's own account, read back, and only then is the
 * orphaned entry deleted, so a crash at any step leaves the secret in at least one place.
 */

/** Key accounts are internal ids (UUIDs); any other entry under the service is not a key. */
const keyAccount = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export async function reconcileKeys(
  context: KeyContext,
  input: KeysReconcileInput,
  options: { waitMs?: number } = {},
): Promise<ReconcileReport> {
  const removals = input?.remove ?? []
  if (removals.length) {
    // Deleting a keychain entry deletes a private key for good: main asks, by account, before the lock.
    await requireConfirmation(context.confirm, {
      action: 'key.remove-orphan',
      title: `Delete ${removals.length} keychain entr${removals.length === 1 ? 'y' : 'ies'}`,
      message: `Delete ${removals.length === 1 ? 'this orphaned entry' : 'these orphaned entries'} from the OS keychain for good?`,
      detail: `${removals.join('\n')}\nAny private key in them is lost unless a backup holds it. Adopting an entry keeps it instead.`,
      confirmLabel: 'Delete',
    })
  }
  const performed: string[] = []
  const audits: {
    action: string
    set: string | null
    kid: string | null
    details: Record<string, string | number | boolean | null>
  }[] = []
  const report = await withKeyLock(
    context.dataDir,
    { operation: 'keys.reconcile', doing: 'reconciling the keychain with the store' },
    async () => {
      // After a store recovery the "orphans" are most likely the keys of the store that was moved
      // aside: deleting one would destroy the only copy of a private key. Adopting stays allowed.
      if (input?.remove?.length)
        refuseWhileRecoveryPending(context.dataDir, `delete keychain entry ${input.remove.join(', ')}`)
      let found = await inspect(context)
      for (const request of input?.adopt ?? []) {
        const orphan = found.orphans.find((o) => o.account === request.account && o.kind === 'unknown')
        if (!orphan) throw notOrphan(request.account, 'adopt')
        const record = await adopt(context, request.account, request.set)
        const setName = context.store.read().keySets.find((s) => s.id === record.setId)!.name
        performed.push(`adopted ${request.account} as staged key "${record.kid}" in set "${setName}"`)
        audits.push({
          action: 'key.adopt',
          set: setName,
          kid: record.kid,
          details: { account: request.account, alg: record.alg, thumbprint: record.thumbprint },
        })
      }
      for (const request of input?.relink ?? []) {
        const orphan = found.orphans.find((o) => o.account === request.account && o.kind === 'unknown')
        if (!orphan) throw notOrphan(request.account, 'relink')
        if (orphan.sameKeyAs !== request.kid) {
          throw new SignetError(
            'ERR_KEY_NOT_ORPHAN',
            `The keychain entry ${request.account} does not hold the key "${request.kid}" (or that key is not missing its secret); only an entry reported as the same key can be re-linked to it.`,
          )
        }
        const record = await relink(context, request.account, request.kid)
        performed.push(
          `re-linked keychain entry ${request.account} to key "${record.kid}": its private key is back under the key's own entry`,
        )
        audits.push({
          action: 'key.relink',
          set: orphan.set ?? setName(context.store.read(), record.setId),
          kid: record.kid,
          details: { account: request.account, thumbprint: record.thumbprint },
        })
      }
      for (const account of input?.remove ?? []) {
        const orphan = found.orphans.find((o) => o.account === account)
        if (!orphan) throw notOrphan(account, 'remove')
        if (!(await discardQuietly(context.keychain, account))) {
          throw new SignetError(
            'ERR_KEYCHAIN_UNAVAILABLE',
            `The OS keychain did not delete the orphaned entry ${account}; nothing else was changed by this request. Retry.`,
          )
        }
        performed.push(`deleted orphaned keychain entry ${account}${orphan.kid ? ` (kid "${orphan.kid}")` : ''}`)
        audits.push({
          action: 'key.remove-orphan',
          set: orphan.set,
          kid: orphan.kid,
          details: { account, kind: orphan.kind },
        })
      }
      for (const kid of input?.markMissing ?? []) {
        const entry = found.missing.find((m) => m.kid === kid)
        if (!entry)
          throw new SignetError(
            'ERR_KEY_NOT_ORPHAN',
            `Key "${kid}" is not missing its secret (or does not exist); only keys reported missing can be marked missing.`,
          )
        const now = context.now()
        context.store.update((data) =>
          withKeyUpdates(
            data,
            data.keys.filter((k) => k.kid === kid).map((k) => ({ ...k, secret: 'missing' as const })),
            now,
          ),
        )
        performed.push(`recorded key "${kid}" as missing its secret`)
        audits.push({ action: 'key.mark-missing', set: entry.set, kid, details: { state: entry.state } })
      }
      const healed = healReturned(context, found.returned)
      performed.push(...healed.map((kid) => `the secret of "${kid}" is back in the keychain; recorded as present`))
      if (performed.length) found = await inspect(context)
      return found
    },
    { waitMs: options.waitMs },
  )
  for (const entry of audits) {
    await audit(
      context,
      {
        action: entry.action,
        subject: { ...(entry.set ? { set: entry.set } : {}), ...(entry.kid ? { kid: entry.kid } : {}) },
        details: entry.details,
      },
      [],
    )
  }
  if (performed.length)
    announce(
      context,
      'keys.reconcile',
      null,
      audits.flatMap((a) => (a.kid ? [a.kid] : [])),
    )
  return {
    checkedAt: context.now().toISOString(),
    accountedFor: report.accountedFor,
    orphans: report.orphans,
    missing: report.missing,
    performed,
  }
}

interface Inspection {
  accountedFor: number
  orphans: OrphanedSecret[]
  missing: MissingSecret[]
  /** keys recorded as missing whose secret is in the keychain again */
  returned: string[]
}

async function inspect(context: KeyContext): Promise<Inspection> {
  const accounts = new Set((await context.keychain.list()).filter((a) => keyAccount.test(a)))
  const data = context.store.read()
  const byId = new Map(data.keys.map((k) => [k.id, k]))
  const orphans: OrphanedSecret[] = []
  const thumbprints = new Map<string, string>()
  for (const account of [...accounts].sort()) {
    const record = byId.get(account)
    if (record && record.state !== 'destroyed') continue
    if (record) {
      orphans.push({
        account,
        kid: record.kid,
        alg: record.alg,
        kty: record.kty,
        set: setName(data, record.setId),
        kind: 'destroyed-leftover',
        sameKeyAs: null,
        action: `Key "${record.kid}" was destroyed but its secret is still in the keychain: remove it (signet keys reconcile --remove ${account}).`,
      })
      continue
    }
    const described = await describeOrphan(context, data, account)
    if (described.thumbprint) thumbprints.set(account, described.thumbprint)
    orphans.push(described.orphan)
  }
  const missing: MissingSecret[] = []
  const returned: string[] = []
  let accountedFor = 0
  for (const key of data.keys) {
    if (key.state === 'destroyed') continue
    const present = accounts.has(key.id)
    if (present && key.secret === 'missing') returned.push(key.kid)
    if (present) {
      accountedFor++
      continue
    }
    const twin = orphans.find((o) => o.sameKeyAs === null && thumbprints.get(o.account) === key.thumbprint)
    if (twin) {
      twin.sameKeyAs = key.kid
      twin.action = `This entry holds the private key of "${key.kid}", whose own entry is missing: re-link it (signet keys reconcile --relink ${twin.account}).`
    }
    missing.push({
      kid: key.kid,
      set: setName(data, key.setId) ?? '(deleted set)',
      state: key.state,
      foundIn: twin?.account ?? null,
      action: twin
        ? `Its private key is in the keychain under another entry (account ${twin.account}): re-link it (signet keys reconcile --relink ${twin.account}).`
        : key.secret === 'missing'
          ? `Recorded as missing. Restore it from a Signet backup, or take the key out of service (signet keys compromise --kid=${key.kid}, then destroy).`
          : `Its private key is not in the keychain (account ${key.id}). Restore the keychain entry or a Signet backup; if it is gone for good, record it (signet keys reconcile --mark-missing=${key.kid}) and replace the key.`,
    })
  }
  return { accountedFor, orphans, missing, returned }
}

/**
 * Reads only the public facts of an orphaned entry: kid, alg, key type, set, and the RFC 7638 thumbprint
 * of its public members (null when the entry is not a readable key).
 */
async function describeOrphan(
  context: KeyContext,
  data: StoreData,
  account: string,
): Promise<{ orphan: OrphanedSecret; thumbprint: string | null }> {
  let jwk: Record<string, unknown> | null = null
  try {
    const text = await context.keychain.get(account)
    const parsed: unknown = text === null ? null : JSON.parse(text)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) jwk = parsed as Record<string, unknown>
  } catch {
    jwk = null
  }
  const kid = typeof jwk?.kid === 'string' ? jwk.kid : null
  const set = typeof jwk?.[setMember] === 'string' ? setName(data, jwk[setMember] as string) : null
  const readable = jwk !== null && typeof jwk.kty === 'string'
  const recovered = pendingRecovery(context.dataDir)
  const thumbprint = readable ? await calculateJwkThumbprint(publicPart(jwk as JWK), 'sha256').catch(() => null) : null
  const orphan: OrphanedSecret = {
    account,
    kid,
    alg: typeof jwk?.alg === 'string' ? jwk.alg : null,
    kty: typeof jwk?.kty === 'string' ? jwk.kty : null,
    set,
    kind: 'unknown',
    sameKeyAs: null,
    action: recovered
      ? `A key${kid ? ` "${kid}"` : ''} the current store does not know. The store was recovered at ${recovered.at}: this is most likely a key of the old store, kept at ${recovered.movedTo}. Do not delete it: restore the old store (or a Signet backup), or adopt it as a staged key (signet keys reconcile --adopt ${account}${set ? '' : ' --set <name>'}); then run "signet store acknowledge".`
      : readable
        ? `A key${kid ? ` "${kid}"` : ''} whose metadata was never saved (an interrupted generate or import, or an older store). Adopt it as a staged key (signet keys reconcile --adopt ${account}${set ? '' : ' --set <name>'}), or remove it (--remove ${account}).`
        : `An entry that is not a readable key. Remove it (signet keys reconcile --remove ${account}) unless you know what it is.`,
  }
  return { orphan, thumbprint }
}

/**
 * Moves an orphaned entry's secret to the account of the missing key it holds: deposit (write, read
 * back) under the key's id first, check the deposited key is the recorded one, then delete the orphan
 * and record the secret as present. Errors: ERR_KEY_CUSTODY_MISMATCH when the entry changed meanwhile,
 * ERR_KEYCHAIN_UNAVAILABLE when the old entry cannot be deleted (the key is usable again by then).
 */
async function relink(context: KeyContext, account: string, kid: string): Promise<KeyRecord> {
  const record = context.store.read().keys.find((k) => k.kid === kid && k.state !== 'destroyed')
  const text = await context.keychain.get(account)
  if (!record || text === null) throw notOrphan(account, 'relink')
  let jwk: JWK
  try {
    jwk = JSON.parse(text) as JWK
  } catch {
    throw notOrphan(account, 'relink')
  }
  const thumbprint = await calculateJwkThumbprint(publicPart(jwk), 'sha256').catch(() => null)
  if (thumbprint !== record.thumbprint) {
    throw new SignetError(
      'ERR_KEY_CUSTODY_MISMATCH',
      `The keychain entry ${account} no longer holds the key "${kid}"; nothing was changed. Run the check again.`,
    )
  }
  await depositSecret(context.keychain, record.id, text)
  const now = context.now()
  context.store.update((data) =>
    withKeyUpdates(
      data,
      data.keys.filter((k) => k.id === record.id).map((k) => ({ ...k, secret: 'present' as const })),
      now,
    ),
  )
  if (!(await discardQuietly(context.keychain, account))) {
    throw new SignetError(
      'ERR_KEYCHAIN_UNAVAILABLE',
      `Key "${kid}" has its private key back, but the OS keychain did not delete the old entry ${account}; it now shows as a leftover copy. Remove it (signet keys reconcile --remove ${account}).`,
    )
  }
  return record
}

async function adopt(context: KeyContext, account: string, setRef: string | undefined): Promise<KeyRecord> {
  const text = await context.keychain.get(account)
  if (text === null) throw notOrphan(account, 'adopt')
  let jwk: JWK & Record<string, unknown>
  try {
    jwk = JSON.parse(text) as JWK & Record<string, unknown>
  } catch {
    throw new SignetError(
      'ERR_KEY_INVALID',
      `The keychain entry ${account} is not a key (not JSON); it cannot be adopted. Remove it instead.`,
    )
  }
  const data = context.store.read()
  const ref = setRef ?? (typeof jwk[setMember] === 'string' ? (jwk[setMember] as string) : undefined)
  if (!ref)
    throw new SignetError(
      'ERR_USAGE',
      `The keychain entry ${account} does not say which set it belongs to: name one (--set <name>).`,
    )
  const set = data.keySets.find((s) => s.name === ref || s.id === ref)
  if (!set)
    throw new SignetError(
      'ERR_SET_NOT_FOUND',
      `There is no key set "${ref}" to adopt ${account} into; create it, or name another with --set.`,
    )
  const declaredAlg =
    typeof jwk.alg === 'string' && (signingAlgorithms as readonly string[]).includes(jwk.alg)
      ? (jwk.alg as SigningAlgorithm)
      : undefined
  const { kid: declaredKid, alg: _alg, use: _use, [setMember]: _set, ...keyOnly } = jwk
  const material = await materialFromJwk(keyOnly as JWK, declaredAlg)
  const kid = typeof declaredKid === 'string' ? declaredKid : material.thumbprint
  if (data.keys.some((k) => k.kid === kid))
    throw new SignetError(
      'ERR_KEY_KID_TAKEN',
      `The orphaned key's kid "${kid}" is already used by another key; it cannot be adopted under that kid.`,
    )
  const twin = data.keys.find((k) => k.thumbprint === material.thumbprint)
  if (twin)
    throw new SignetError(
      'ERR_KEY_DUPLICATE',
      `The orphaned entry ${account} holds the same key as "${twin.kid}"; remove the orphan instead.`,
    )
  const now = context.now()
  const record = stagedKeyRecord({ id: account, kid, set, material, origin: 'adopted', at: now })
  context.store.update((current) => withKeyUpdates(current, [record], now))
  return record
}

function healReturned(context: KeyContext, kids: string[]): string[] {
  if (kids.length === 0) return []
  const now = context.now()
  context.store.update((data) =>
    withKeyUpdates(
      data,
      data.keys.filter((k) => kids.includes(k.kid)).map((k) => ({ ...k, secret: 'present' as const })),
      now,
    ),
  )
  return kids
}

function setName(data: StoreData, setId: string): string | null {
  return data.keySets.find((s) => s.id === setId)?.name ?? null
}

function notOrphan(account: string, verb: string): SignetError {
  return new SignetError(
    'ERR_KEY_NOT_ORPHAN',
    `There is no orphaned keychain entry ${account} to ${verb}; run signet keys reconcile to list the current ones.`,
  )
}
