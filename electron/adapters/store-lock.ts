import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { SignetError } from '../../shared/errors'

/**
 * A short, synchronous, cross-process lock around one read-modify-write of the store file.
 *
 * conf/electron-store write atomically, but two processes (the app and a CLI, or two CLIs) doing
 * read → change → write at the same moment would each write their own version and one change would
 * be lost. The critical section is a JSON read and write (milliseconds), so waiting synchronously
 * is cheaper than making every store caller async.
 *
 * The lock file holds the holder's pid: a lock left by a process that died is taken over at once.
 */
const pollMs = 5
const staleAfterMs = 10_000
const sleeper = new Int32Array(new SharedArrayBuffer(4))

export function withStoreLockSync<T>(lockPath: string, run: () => T, options: { waitMs?: number } = {}): T {
  const deadline = Date.now() + (options.waitMs ?? 5_000)
  for (;;) {
    let fd: number | undefined
    try {
      fd = openSync(lockPath, 'wx', 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(lockPath, error)
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, String(process.pid))
      } finally {
        closeSync(fd)
      }
      try {
        return run()
      } finally {
        removeQuietly(lockPath)
      }
    }
    if (isStale(lockPath)) {
      removeQuietly(lockPath)
      continue
    }
    if (Date.now() >= deadline) {
      throw new SignetError(
        'ERR_CONFLICT',
        `Another Signet process has been writing the store for more than ${Math.round((options.waitMs ?? 5_000) / 1000)} s (lock file ${lockPath}); nothing was changed here. Retry in a moment.`,
        { segment: lockPath },
      )
    }
    Atomics.wait(sleeper, 0, 0, pollMs)
  }
}

function isStale(lockPath: string): boolean {
  let text: string
  let age: number
  try {
    text = readFileSync(lockPath, 'utf8')
    age = Date.now() - statSync(lockPath).mtimeMs
  } catch {
    return false
  }
  const pid = Number(text)
  if (!Number.isInteger(pid) || pid <= 0) return age > 1_000
  if (pid === process.pid) return age > staleAfterMs
  try {
    process.kill(pid, 0)
    return age > staleAfterMs
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM'
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch {
    // already gone: another process broke a stale lock, or we never held it
  }
}

function unwritable(path: string, error: unknown): SignetError {
  return new SignetError('ERR_STORE_UNWRITABLE', `Could not create the store lock ${path}: ${(error as Error).message}. Check that the data directory is writable.`, { segment: path })
}
