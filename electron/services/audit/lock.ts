import { hostname } from 'node:os'
import { SignetError } from '#shared/errors'
import { withFileLock as withLock } from '../../adapters/file-lock'

/**
 * Serialises appends to one audit log across processes (the app and any number of CLI runs) and
 * within this one: `<log>.lock` beside the log, through the one cross-process lock
 * (electron/adapters/file-lock.ts) — its holder's death frees it at once.
 */

export interface LockOptions {
  /** how long to wait for another process before giving up, in ms (default 15 s) */
  waitMs?: number
}

export async function withFileLock<T>(target: string, run: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const waitMs = options.waitMs ?? 15_000
  const lockPath = `${target}.lock`
  return withLock(lockPath, { operation: 'audit.append', doing: 'writing the audit log' }, () => run(), {
    waitMs,
    busy: (holder) =>
      new SignetError(
        'ERR_AUDIT_LOCKED',
        `Another Signet process${holder ? ` (pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''})` : ''} held the audit log lock (${lockPath}) for more than ${Math.round(waitMs / 1000)} s. ` +
          'Wait for it to finish and retry; a lock left by a process that has exited is cleared automatically.',
        { segment: lockPath },
      ),
    unusable: (where, error) =>
      new SignetError(
        'ERR_AUDIT_UNWRITABLE',
        `Could not lock the audit log ${target} (${where}): ${(error as Error).message}. Check that the data directory is writable.`,
        { segment: target },
      ),
  })
}
