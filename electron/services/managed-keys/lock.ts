import { hostname } from 'node:os'
import { join } from 'node:path'
import { SignetError } from '#shared/errors'
import { withFileLock, type LockHolder, type LockIntent } from '../../adapters/file-lock'
import { reached } from '../faults'

/**
 * The key manager's lock: `keys.lock` in the data directory, held around every read-modify-write of
 * key sets, keys, status lists and publish targets, so the app and any number of CLI processes never
 * interleave a keychain write and a store commit. The lock itself is the one cross-process lock
 * (electron/adapters/file-lock.ts); this file only names it and words its errors.
 */

export const lockFileName = 'keys.lock'
export type { LockHolder, LockIntent }

export interface LockOptions {
  /** how long to wait for another process to finish; default 5 s */
  waitMs?: number
  /** give up at once, with ERR_CONFLICT, when the holder is doing something this operation must not queue behind */
  conflictsWith?: (holder: LockHolder) => boolean
}

export async function withKeyLock<T>(
  dataDir: string,
  intent: LockIntent,
  run: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const path = join(dataDir, lockFileName)
  return withFileLock(
    path,
    intent,
    async () => {
      await reached('lock-held')
      return run()
    },
    {
      ...options,
      busy: (holder) => conflict(holder),
      unusable: (where, error) =>
        new SignetError(
          'ERR_STORE_UNWRITABLE',
          `Could not use the key manager's lock file ${where}: ${(error as Error).message}. Check that the data directory is writable.`,
          { segment: where },
        ),
    },
  )
}

function conflict(holder: LockHolder | null): SignetError {
  const who = holder
    ? `Another Signet process (pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}) is ${holder.doing}`
    : 'Another Signet process is changing keys'
  return new SignetError('ERR_CONFLICT', `${who}; nothing was changed here. Retry when it has finished.`)
}
