import { basename } from 'node:path'
import type { StoreRecovery } from '#shared/contract'
import type { StoreAcknowledgeResult } from '#shared/contract/store'
import { SignetError } from '#shared/errors'
import type { ServiceContext } from './context'
import { withKeyLock } from './managed-keys/lock'
import { acknowledgeRecoveries, pendingRecovery } from '../adapters/store-recovery-marker'

/**
 * The two deliberate acts around an unreadable store: recovering it (the app's start-up and
 * `signet store recover`) and acknowledging that recovery (`signet store acknowledge`, the app's
 * banner). Both run under the key manager's lock, so neither interleaves with a key being added
 * or with reconciliation deciding what is an orphan, and both are audited.
 */

export interface RecoverResult {
  /** null when the store file was readable and nothing was done */
  recovery: StoreRecovery | null
  warnings: { code: string; message: string }[]
}

/** Moves an unreadable store aside, starts an empty one and records both in the marker and the audit log. */
export async function recoverStore(context: ServiceContext): Promise<RecoverResult> {
  const recovery = await withKeyLock(
    context.dataDir,
    { operation: 'store.recover', doing: 'recovering an unreadable store file' },
    async () => context.store.recover(),
  )
  const warnings: RecoverResult['warnings'] = []
  if (recovery) {
    await record(context, warnings, {
      action: 'store.recover',
      details: { movedTo: basename(recovery.movedTo), reason: recovery.reason.slice(0, 1000) },
    })
  }
  return { recovery, warnings }
}

/**
 * Acknowledges every unacknowledged recovery up to `upTo` (ISO 8601; all when absent). Nothing
 * pending is not an error: it returns `acknowledged: 0`.
 */
export async function acknowledgeStoreRecovery(
  context: ServiceContext,
  upTo?: string,
): Promise<StoreAcknowledgeResult & { warnings: RecoverResult['warnings'] }> {
  const now = context.now().toISOString()
  const result = await withKeyLock(
    context.dataDir,
    { operation: 'store.acknowledge', doing: 'acknowledging a store recovery' },
    async () => acknowledgeRecoveries(context.dataDir, now, upTo),
  )
  const warnings: RecoverResult['warnings'] = []
  const latest = result.acknowledged[result.acknowledged.length - 1]
  if (latest || result.keptUnreadableAt) {
    await record(context, warnings, {
      action: 'store.acknowledge-recovery',
      details: {
        count: result.acknowledged.length,
        movedTo: latest ? basename(latest.movedTo) : null,
        recoveredAt: latest?.at ?? null,
        unreadableMarkerKeptAs: result.keptUnreadableAt ? basename(result.keptUnreadableAt) : null,
      },
    })
  }
  return {
    acknowledged: result.acknowledged.length + (result.keptUnreadableAt ? 1 : 0),
    pending: pendingRecovery(context.dataDir),
    warnings,
  }
}

/** Throws ERR_STORE_RECOVERY_UNACKNOWLEDGED when a recovery is pending: `doing` says what was refused. */
export function refuseWhileRecoveryPending(dataDir: string, doing: string): void {
  const pending = pendingRecovery(dataDir)
  if (!pending) return
  throw new SignetError(
    'ERR_STORE_RECOVERY_UNACKNOWLEDGED',
    `Refused to ${doing}: the store was recovered at ${pending.at} and the old store (kept at ${pending.movedTo}) may still list this key. ` +
      'Restore or inspect the old store first; once you are sure the entry is not needed, run "signet store acknowledge" and try again.',
  )
}

async function record(
  context: ServiceContext,
  warnings: RecoverResult['warnings'],
  entry: Parameters<ServiceContext['audit']['append']>[0],
): Promise<void> {
  try {
    await context.audit.append(entry)
  } catch (error) {
    const detail = error instanceof SignetError ? `${error.code}: ${error.message}` : 'an unexpected error'
    warnings.push({
      code: 'WARN_AUDIT_FAILED',
      message: `Done, but it could not be recorded in the audit log (${detail}).`,
    })
  }
}
