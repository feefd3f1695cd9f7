import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { withFileLock } from '#electron/services/audit/lock'

let dir: string
let target: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-lock-'))
  target = join(dir, 'audit.log.jsonl')
})
const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

describe('withFileLock', () => {
  it('runs critical sections one at a time within a process', async () => {
    let inside = 0
    let maxInside = 0
    const order: number[] = []
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        withFileLock(target, async () => {
          inside++
          maxInside = Math.max(maxInside, inside)
          await new Promise((r) => setTimeout(r, 2))
          order.push(i)
          inside--
        }),
      ),
    )
    expect(maxInside).toBe(1)
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  })

  it('releases the lock when the section throws, and the next one runs', async () => {
    await expect(withFileLock(target, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(withFileLock(target, async () => 'next')).resolves.toBe('next')
  })

  it('waits for a lock held by another process, then gives up with ERR_AUDIT_LOCKED', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    children.push(child)
    writeFileSync(
      `${target}.lock`,
      JSON.stringify({
        pid: child.pid,
        host: hostname(),
        doing: 'writing the audit log',
        operation: 'audit.append',
        set: null,
        since: '',
        token: 't',
      }),
    )
    const started = Date.now()
    await expect(withFileLock(target, async () => 'never', { waitMs: 300 })).rejects.toMatchObject({
      code: 'ERR_AUDIT_LOCKED',
    })
    expect(Date.now() - started).toBeGreaterThanOrEqual(280)
  })

  it('takes over a lock left behind by a process that died', async () => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
    await new Promise((r) => child.once('exit', r))
    writeFileSync(
      `${target}.lock`,
      JSON.stringify({
        pid: child.pid,
        host: hostname(),
        doing: 'writing the audit log',
        operation: 'audit.append',
        set: null,
        since: '',
        token: 't',
      }),
    )
    await expect(withFileLock(target, async () => 'ran', { waitMs: 300 })).resolves.toBe('ran')
  })

  it('takes over the mkdir lock an older Signet left behind, once it is old', async () => {
    mkdirSync(`${target}.lock`)
    const old = new Date(Date.now() - 60_000)
    utimesSync(`${target}.lock`, old, old)
    await expect(withFileLock(target, async () => 'ran', { waitMs: 300 })).resolves.toBe('ran')
  })
})
