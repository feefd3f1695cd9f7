import { randomUUID } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { SignetError } from '#shared/errors'

/**
 * Signet's one cross-process lock: a file created with O_EXCL that names its holder (pid, host, what
 * it is doing). The key manager, the audit log and the store each lock their own file with it, through
 * an async face (`withFileLock`, queued within the process) or a sync one (`withFileLockSync`, for the
 * store's millisecond read-modify-write).
 *
 * One stale-holder policy, by liveness rather than age: a process killed while holding a lock must not
 * block every other one until some age passes, and a live process doing slow work (a keychain prompt,
 * a large backup) must not lose its lock because it is slow.
 * - a holder on this host whose pid is gone is stale at once;
 * - an unreadable lock file (its writer died between create and write) is stale after `unreadableGraceMs`;
 * - a holder on another host (a shared data directory) cannot be checked: stale after `foreignHostStaleMs`.
 * A stale lock is removed under a second short "breaker" lock, and only if it still names the holder
 * that was judged stale, so two processes can never both take over the same dead lock.
 */

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

export interface FileLockOptions {
  /** how long to wait for another holder, in ms (default 5000) */
  waitMs?: number
  /** give up at once when the holder does something this caller must not queue behind */
  conflictsWith?: (holder: LockHolder) => boolean
  /** the error for a lock still held after waitMs (or a conflicting holder); holder null when unreadable */
  busy: (holder: LockHolder | null, waitedMs: number) => SignetError
  /** the error for a lock file that cannot be created, read or removed */
  unusable: (path: string, error: unknown) => SignetError
}

export const unreadableGraceMs = 5_000
export const foreignHostStaleMs = 10 * 60_000
/** A takeover lock not released within this long belonged to a process that died mid-takeover. */
const breakerStaleMs = 10_000

const queues = new Map<string, Promise<unknown>>()
const sleeper = new Int32Array(new SharedArrayBuffer(4))

/** Runs `run` holding the lock at `path`; callers in this process queue instead of polling the file. */
export async function withFileLock<T>(
  path: string,
  intent: LockIntent,
  run: (holder: LockHolder) => Promise<T>,
  options: FileLockOptions,
): Promise<T> {
  const previous = queues.get(path) ?? Promise.resolve()
  const next = previous
    .catch(() => undefined)
    .then(async () => {
      const holder = await acquire(path, intent, options, (ms) => sleep(ms))
      try {
        return await run(holder)
      } finally {
        release(path, holder, options)
      }
    })
  queues.set(path, next)
  try {
    return await next
  } finally {
    if (queues.get(path) === next) queues.delete(path)
  }
}

/** The synchronous face, for critical sections of milliseconds (the store's read-modify-write). */
export function withFileLockSync<T>(path: string, intent: LockIntent, run: () => T, options: FileLockOptions): T {
  const holder = acquireSync(path, intent, options)
  try {
    return run()
  } finally {
    release(path, holder, options)
  }
}

async function acquire(
  path: string,
  intent: LockIntent,
  options: FileLockOptions,
  wait: (ms: number) => Promise<unknown>,
): Promise<LockHolder> {
  const attempt = attempter(path, intent, options)
  for (;;) {
    const result = attempt()
    if (result !== 'retry') return result
    await wait(20 + Math.floor(Math.random() * 40))
  }
}

function acquireSync(path: string, intent: LockIntent, options: FileLockOptions): LockHolder {
  const attempt = attempter(path, intent, options)
  for (;;) {
    const result = attempt()
    if (result !== 'retry') return result
    Atomics.wait(sleeper, 0, 0, 5)
  }
}

/** One acquisition's steps, shared by both faces: returns the holder, 'retry', or throws busy/unusable. */
function attempter(path: string, intent: LockIntent, options: FileLockOptions): () => LockHolder | 'retry' {
  const waitMs = options.waitMs ?? 5_000
  const started = Date.now()
  try {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  } catch (error) {
    throw options.unusable(path, error)
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
  return () => {
    if (tryCreate(path, mine, options)) return mine
    const current = readHolder(path, options)
    if (current === 'gone') return 'retry'
    if (isStale(path, current)) {
      breakStale(path, current, options)
      return 'retry'
    }
    if (current !== 'unreadable' && options.conflictsWith?.(current)) throw options.busy(current, Date.now() - started)
    if (Date.now() - started >= waitMs)
      throw options.busy(current === 'unreadable' ? null : current, Date.now() - started)
    return 'retry'
  }
}

function tryCreate(path: string, holder: LockHolder, options: FileLockOptions): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw options.unusable(path, error)
  }
  try {
    writeSync(fd, JSON.stringify(holder))
  } finally {
    closeSync(fd)
  }
  return true
}

/** The holder named in the lock file; 'unreadable' for a half-written file (or a directory left by an older Signet's mkdir lock). */
function readHolder(path: string, options: FileLockOptions): LockHolder | 'unreadable' | 'gone' {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return 'gone'
    if (code === 'EISDIR') return 'unreadable'
    throw options.unusable(path, error)
  }
  // A bare pid: the store lock of an older Signet, on this host.
  if (/^\d+$/.test(text.trim())) {
    return {
      pid: Number(text.trim()),
      host: hostname(),
      doing: 'writing the store',
      operation: 'store.write',
      set: null,
      since: '',
      token: `pid:${text.trim()}`,
    }
  }
  try {
    const parsed = JSON.parse(text) as LockHolder
    return typeof parsed.pid === 'number' && typeof parsed.token === 'string' && typeof parsed.host === 'string'
      ? parsed
      : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

/** The one stale-holder policy (see the top of this file). */
export function isStale(path: string, holder: LockHolder | 'unreadable'): boolean {
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
 * Removes a stale holder's lock, under the breaker lock, and only if the file still names that same
 * holder: another process may have taken over (and taken the lock afresh) in the meantime.
 */
function breakStale(path: string, seen: LockHolder | 'unreadable', options: FileLockOptions): void {
  const breaker = `${path}.takeover`
  let fd: number
  try {
    fd = openSync(breaker, 'wx', 0o600)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw options.unusable(breaker, error)
    if (ageMs(breaker) > breakerStaleMs) removeQuietly(breaker, options)
    return
  }
  try {
    const current = readHolder(path, options)
    const same =
      current === 'unreadable'
        ? seen === 'unreadable' && ageMs(path) > unreadableGraceMs
        : current !== 'gone' && seen !== 'unreadable' && current.token === seen.token
    if (same) removeQuietly(path, options)
  } finally {
    closeSync(fd)
    removeQuietly(breaker, options)
  }
}

function release(path: string, holder: LockHolder, options: FileLockOptions): void {
  const current = readHolder(path, options)
  if (current !== 'gone' && current !== 'unreadable' && current.token === holder.token) removeQuietly(path, options)
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs
  } catch {
    return 0
  }
}

function removeQuietly(path: string, options: FileLockOptions): void {
  try {
    unlinkSync(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return
    // A directory: the mkdir lock of an older Signet (proper-lockfile), judged stale like an unreadable file.
    if (code === 'EISDIR' || code === 'EPERM') {
      rmSync(path, { recursive: true, force: true })
      return
    }
    throw options.unusable(path, error)
  }
}
