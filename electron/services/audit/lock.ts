import lockfile from 'proper-lockfile'
import { SignetError } from '../../../shared/errors'

/**
 * Serialises appends to one audit log across processes (the app and any number of CLI runs) and
 * within this one. Across processes: proper-lockfile's mkdir lock beside the log, which is atomic
 * on local file systems and is taken over when its holder died (its mtime stops being refreshed).
 * Within the process: a promise chain, so concurrent appends queue instead of spinning on retries.
 */

const queues = new Map<string, Promise<unknown>>()

export interface LockOptions {
  /** a lock not refreshed for this long is considered left behind by a dead process */
  staleMs?: number
  /** how long to wait for another process before giving up */
  waitMs?: number
}

export async function withFileLock<T>(target: string, run: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const previous = queues.get(target) ?? Promise.resolve()
  const next = previous.catch(() => undefined).then(() => lockAndRun(target, run, options))
  queues.set(target, next)
  try {
    return await next
  } finally {
    if (queues.get(target) === next) queues.delete(target)
  }
}

async function lockAndRun<T>(target: string, run: () => Promise<T>, options: LockOptions): Promise<T> {
  const staleMs = options.staleMs ?? 10_000
  const waitMs = options.waitMs ?? 15_000
  let compromised: Error | undefined
  let release: () => Promise<void>
  try {
    release = await lockfile.lock(target, {
      realpath: false,
      stale: staleMs,
      update: Math.max(1000, Math.floor(staleMs / 2)),
      retries: { retries: Math.ceil(waitMs / 50), factor: 1, minTimeout: 50, maxTimeout: 50 },
      onCompromised: (error) => {
        compromised = error
      },
    })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOCKED') {
      throw new SignetError(
        'ERR_AUDIT_LOCKED',
        `Another Signet process held the audit log lock (${target}.lock) for more than ${Math.round(waitMs / 1000)} s. ` +
          'Wait for it to finish and retry; if no Signet process is running, the lock is cleared automatically after ' +
          `${Math.round(staleMs / 1000)} s.`,
        { segment: `${target}.lock` },
      )
    }
    throw new SignetError(
      'ERR_AUDIT_UNWRITABLE',
      `Could not lock the audit log ${target}: ${(error as Error).message}. Check that the data directory is writable.`,
      { segment: target },
    )
  }
  try {
    const result = await run()
    if (compromised) {
      throw new SignetError(
        'ERR_AUDIT_LOCKED',
        `The audit log lock (${target}.lock) was taken over while this process held it (${compromised.message}); ` +
          'run "signet audit verify" to check the chain.',
        { segment: `${target}.lock` },
      )
    }
    return result
  } finally {
    await release().catch(() => undefined)
  }
}
