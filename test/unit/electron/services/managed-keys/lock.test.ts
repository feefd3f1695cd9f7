import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { lockFileName, withKeyLock, type LockHolder } from '#electron/services/managed-keys/lock'

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

function dataDir(): string {
  return mkdtempSync(join(tmpdir(), 'signet-lock-'))
}

/** A real other process that "holds" the lock: its pid is alive until we kill it. */
function holder(dir: string, overrides: Partial<LockHolder> = {}): { child: ChildProcess; holder: LockHolder } {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
  children.push(child)
  const holder: LockHolder = {
    pid: child.pid!,
    host: hostname(),
    doing: 'rotating set prod',
    operation: 'key.rotate',
    set: 'set-1',
    since: new Date().toISOString(),
    token: 'other',
    ...overrides,
  }
  writeFileSync(join(dir, lockFileName), JSON.stringify(holder))
  return { child, holder }
}

const intent = { operation: 'key.rotate', doing: 'rotating set prod', set: 'set-1' }

describe('withKeyLock', () => {
  it('runs callers in one process one at a time, and removes the lock after', async () => {
    const dir = dataDir()
    const order: string[] = []
    const slow = withKeyLock(dir, intent, async () => {
      order.push('a-start')
      expect(existsSync(join(dir, lockFileName))).toBe(true)
      await new Promise((r) => setTimeout(r, 50))
      order.push('a-end')
    })
    const fast = withKeyLock(dir, intent, async () => void order.push('b'))
    await Promise.all([slow, fast])
    expect(order).toEqual(['a-start', 'a-end', 'b'])
    expect(existsSync(join(dir, lockFileName))).toBe(false)
  })

  it('releases the lock when the work fails', async () => {
    const dir = dataDir()
    await expect(withKeyLock(dir, intent, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(existsSync(join(dir, lockFileName))).toBe(false)
  })

  it('waits for a live holder in another process, then reports a conflict naming it', async () => {
    const dir = dataDir()
    const { child } = holder(dir)
    const started = Date.now()
    await expect(
      withKeyLock(dir, { operation: 'key.generate', doing: 'adding a key' }, async () => 'ran', { waitMs: 300 }),
    ).rejects.toMatchObject({
      code: 'ERR_CONFLICT',
      message: expect.stringContaining(`Another Signet process (pid ${child.pid}) is rotating set prod`),
    })
    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('fails fast when the holder does what this caller must not queue behind', async () => {
    const dir = dataDir()
    holder(dir)
    const started = Date.now()
    await expect(
      withKeyLock(dir, intent, async () => 'ran', {
        waitMs: 5000,
        conflictsWith: (h) => h.operation === 'key.rotate' && h.set === 'set-1',
      }),
    ).rejects.toMatchObject({ code: 'ERR_CONFLICT' })
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('takes over at once from a holder whose process died', async () => {
    const dir = dataDir()
    const { child } = holder(dir)
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))
    expect(
      await withKeyLock(
        dir,
        intent,
        async () => JSON.parse(readFileSync(join(dir, lockFileName), 'utf8')).pid as number,
        { waitMs: 0 },
      ),
    ).toBe(process.pid)
    expect(existsSync(join(dir, lockFileName))).toBe(false)
  })

  it('takes over an unreadable lock file only once it is old', async () => {
    const dir = dataDir()
    const path = join(dir, lockFileName)
    writeFileSync(path, '')
    await expect(withKeyLock(dir, intent, async () => 'ran', { waitMs: 100 })).rejects.toMatchObject({
      code: 'ERR_CONFLICT',
    })
    const old = new Date(Date.now() - 60_000)
    utimesSync(path, old, old)
    expect(await withKeyLock(dir, intent, async () => 'ran', { waitMs: 100 })).toBe('ran')
  })

  it('trusts a lock from another host until it is ten minutes old', async () => {
    const dir = dataDir()
    const path = join(dir, lockFileName)
    writeFileSync(
      path,
      JSON.stringify({ pid: 1, host: 'elsewhere', doing: 'x', operation: 'x', set: null, since: '', token: 't' }),
    )
    await expect(withKeyLock(dir, intent, async () => 'ran', { waitMs: 100 })).rejects.toMatchObject({
      code: 'ERR_CONFLICT',
      message: expect.stringContaining('on elsewhere'),
    })
    const old = new Date(Date.now() - 11 * 60_000)
    utimesSync(path, old, old)
    expect(await withKeyLock(dir, intent, async () => 'ran', { waitMs: 100 })).toBe('ran')
  })

  it('never removes a lock it does not hold', async () => {
    const dir = dataDir()
    const path = join(dir, lockFileName)
    await withKeyLock(dir, intent, async () => {
      // Someone replaced our lock (an operator by hand): releasing must leave theirs alone.
      writeFileSync(
        path,
        JSON.stringify({
          pid: process.pid,
          host: hostname(),
          doing: 'x',
          operation: 'x',
          set: null,
          since: '',
          token: 'theirs',
        }),
      )
    })
    expect(JSON.parse(readFileSync(path, 'utf8')).token).toBe('theirs')
  })
})
