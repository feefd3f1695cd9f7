import { randomUUID } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { SignetError } from '../../../shared/errors'
import { testHold } from './test-hooks'

/**
 * The key manager's lock: one file in the data directory, created with O_EXCL, held around every
 * read-modify-write of key sets and keys so the app and any number of CLI processes never interleave
 * a keychain write and a store commit.
 *
 * Why not a lock that goes stale by age (proper-lockfile): a process killed while holding it would
 * block every other one until the age passes. The holder writes its pid and host instead, and a lock
 * whose process is gone on this host is taken over at once — safely, under a second short "breaker"
 * lock, so two processes cannot both take over the same dead lock.
 */

export const lockFileName = 'keys.lock'

export interface LockHolder {
  pid: number
  host: string
  /** what the holder is doing, in words for an error message: "rotating set prod" */
  doing: string
  operation: string
  set: string | null
  since: string
  token: string
}

export interface LockIntent {
  operation: string
  doing: string
  set?: string | null
}

export interface LockOptions {
  /** how long to wait for another process to finish; default 5 s */
  waitMs?: number
  /** give up at once, with ERR_CONFLICT, when the holder is doing something this operation must not queue behind */
  conflictsWith?: (holder: LockHolder) => boolean
}

/** A takeover lock not released within this long belonged to a process that died mid-takeover. */
const breakerStaleMs = 10_000
/** An unreadable lock file (its writer died between create and write) is trusted for this long. */
const unreadableGraceMs = 5_000
/** A lock from another host cannot be checked for liveness; it is trusted for this long. */
const foreignHostStaleMs = 10 * 60_000

const queues = new Map<string, Promise<unknown>>()

export async function withKeyLock<T>(dataDir: string, intent: LockIntent, run: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const path = join(dataDir, lockFileName)
  // Within one process (the app serving several IPC calls), queue instead of polling the file.
  const previous = queues.get(path) ?? Promise.resolve()
  const next = previous.catch(() => undefined).then(async () => {
    const holder = await acquire(path, intent, options)
    try {
      await testHold()
      return await run()
    } finally {
      release(path, holder)
    }
  })
  queues.set(path, next)
  try {
    return await next
  } finally {
    if (queues.get(path) === next) queues.delete(path)
  }
}

async function acquire(path: string, intent: LockIntent, options: LockOptions): Promise<LockHolder> {
  const deadline = Date.now() + (options.waitMs ?? 5_000)
  try {
    mkdirSync(dirname(path), { recursive: true })
  } catch (error) {
    throw unwritable(path, error)
  }
  const mine: LockHolder = {
    pid: process.pid,
    host: hostname(),
    doing: intent.doing,
    operation: intent.operation,
    set: intent.set ?? null,
    since: new Date().toISOString(),
    token: randomUUID(),
  }
  for (;;) {
    if (tryCreate(path, mine)) return mine
    const current = readHolder(path)
    if (current === 'gone') continue
    if (isStale(path, current)) {
      breakStale(path, current)
      continue
    }
    if (current !== 'unreadable' && options.conflictsWith?.(current)) throw conflict(current)
    if (Date.now() >= deadline) throw conflict(current === 'unreadable' ? null : current)
    await sleep(20 + Math.floor(Math.random() * 40))
  }
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw unwritable(path, error)
  }
  try {
    writeSync(fd, JSON.stringify(holder))
  } finally {
    closeSync(fd)
  }
  return true
}

function readHolder(path: string): LockHolder | 'unreadable' | 'gone' {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone'
    throw unwritable(path, error)
  }
  try {
    const parsed = JSON.parse(text) as LockHolder
    return typeof parsed.pid === 'number' && typeof parsed.token === 'string' ? parsed : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

function isStale(path: string, holder: LockHolder | 'unreadable'): boolean {
  if (holder === 'unreadable') return ageMs(path) > unreadableGraceMs
  if (holder.host !== hostname()) return ageMs(path) > foreignHostStaleMs
  return !processAlive(holder.pid)
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes a dead holder's lock, under the breaker lock, and only if the file still names that same
 * holder: another process may have taken over (and taken the lock afresh) in the meantime.
 */
function breakStale(path: string, seen: LockHolder | 'unreadable'): void {
  const breaker = `${path}.takeover`
  let fd: number
  try {
    fd = openSync(breaker, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(breaker, error)
    if (ageMs(breaker) > breakerStaleMs) removeQuietly(breaker)
    return
  }
  try {
    const current = readHolder(path)
    const same =
      current === 'unreadable'
        ? seen === 'unreadable' && ageMs(path) > unreadableGraceMs
        : current !== 'gone' && seen !== 'unreadable' && current.token === seen.token
    if (same) removeQuietly(path)
  } finally {
    closeSync(fd)
    removeQuietly(breaker)
  }
}

function release(path: string, holder: LockHolder): void {
  const current = readHolder(path)
  if (current !== 'gone' && current !== 'unreadable' && current.token === holder.token) removeQuietly(path)
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs
  } catch {
    return 0
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unwritable(path, error)
  }
}

function conflict(holder: LockHolder | null): SignetError {
  const who = holder ? `Another Signet process (pid ${holder.pid}${holder.host !== hostname() ? ` on ${holder.host}` : ''}) is ${holder.doing}` : 'Another Signet process is changing keys'
  return new SignetError('ERR_CONFLICT', `${who}; nothing was changed here. Retry when it has finished.`)
}

function unwritable(path: string, error: unknown): SignetError {
  return new SignetError('ERR_STORE_UNWRITABLE', `Could not use the key manager's lock file ${path}: ${(error as Error).message}. Check that the data directory is writable.`, { segment: path })
}
