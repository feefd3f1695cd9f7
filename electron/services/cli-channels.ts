import { z } from 'zod'
import { repairAuditLog } from './audit/repair'
import type { ServiceContext } from './context'
import { reconcileKeys } from './managed-keys/reconcile'
import { acknowledgeStoreRecovery, recoverStore } from './store-recovery'

/**
 * Service calls only the command line may make, checked and dispatched exactly like the contract's
 * channels (dispatch.ts), but never in shared/contract: the preload builds window.signet from that
 * map, and the page must not reach these. Why each is CLI-only:
 * - audit:repair cuts a torn last line off the audit log: a recovery step after a crash that a
 *   person runs knowingly from a terminal, not a button the page could press;
 * - store:recover moves an unreadable store file aside, which the app cannot even open;
 * - store:acknowledge-all acknowledges every recovery so far and returns the audit warnings: the
 *   contract's store:acknowledge-recovery takes the `at` of the banner the page drew, so a later
 *   recovery is never acknowledged unseen; at a terminal, the command typed is the acknowledgement;
 * - keys:reconcile-at-start is the CLI's start-up report, which waits at most 1 s for the key lock
 *   (the contract's keys:reconcile has no such budget: the app waits for its turn).
 */
export const cliOnlyChannels = {
  'audit:repair': { input: z.undefined() },
  'store:recover': { input: z.undefined() },
  'store:acknowledge-all': { input: z.undefined() },
  'keys:reconcile-at-start': { input: z.undefined() },
} as const

export type CliOnlyChannel = keyof typeof cliOnlyChannels

export function createCliOnlyHandlers(context: ServiceContext) {
  return {
    'audit:repair': () => repairAuditLog(context),
    'store:recover': () => recoverStore(context),
    'store:acknowledge-all': () => acknowledgeStoreRecovery(context),
    'keys:reconcile-at-start': () => reconcileKeys(context, undefined, { waitMs: 1000 }),
  } satisfies Record<CliOnlyChannel, (input: undefined) => Promise<unknown>>
}

export type CliOnlyOutput<C extends CliOnlyChannel> = Awaited<ReturnType<ReturnType<typeof createCliOnlyHandlers>[C]>>
