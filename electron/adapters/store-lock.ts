import { hostname } from 'node:os'
import { SignetError } from '#shared/errors'
import { withFileLockSync } from './file-lock'

/**
 * A short, synchronous, cross-process lock around one read-modify-write of the store file.
 *
 * conf/electron-store write atomically, but two processes (the app and a CLI, or two CLIs) doing
 * read → change → write at the same moment would each write their own version and one change would
 * be lost. The critical section is a JSON read and write (milliseconds), so waiting synchronously
 * is cheaper than making every store caller async. The lock is the one cross-process lock
 * (file-lock.ts): a lock left by a process that died is taken over at once.
 */
export function withStoreLockSync<T>(lockPath: string, run: () => T, options: { waitMs?: number } = {}): T {
  const waitMs = options.waitMs ?? 5_000
  return withFileLockSync(lockPath, { operation: 'store.write', doing: 'writing the store' }, run, {
    waitMs,
    busy: (holder) =>
      new SignetError(
        'ERR_CONFLICT',
        `Another Signet process${holder ? ` (pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''})` : ''} has been writing the store for more than ${Math.round(waitMs / 1000)} s (lock file ${lockPath}); nothing was changed here. Retry in a moment.`,
        { segment: lockPath },
      ),
    unusable: (where, error) =>
      new SignetError(
        'ERR_STORE_UNWRITABLE',
        `Could not create the store lock ${where}: ${(error as Error).message}. Check that the data directory is writable.`,
        { segment: where },
      ),
  })
}
