import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { withFileLock, withFileLockSync, type FileLockOptions, type LockHolder } from '#electron/adapters/file-lock'

/**
 * The one cross-process lock (keys, audit log and store all use it), tested once with real processes:
 * both faces exclude each other across processes, a dead holder is taken over at once, a live one is
 * waited for, an unreadable file and a foreign host's lock only once old.
 */
const errors: Pick<FileLockOptions, 'busy' | 'unusable'> = {
  busy: (holder) => new SignetError('ERR_CONFLICT', `busy: ${holder ? holder.pid : 'unreadable'}`),
  unusable: (path) => new SignetError('ERR_STORE_UNWRITABLE', `unusable: ${path}`),
}
const intent = { operation: 'test', doing: 'testing' }
const workDir = join(process.cwd(), '.tmp', `file-lock-${process.pid}`)
const bundle = join(workDir, 'file-lock.mjs')
const children: ChildProcess[] = []
let dir: string

beforeAll(async () => {
  mkdirSync(workDir, { recursive: true })
  const { build } = await import('esbuild')
  await build({
    entryPoints: [join(process.cwd(), 'electron/adapters/file-lock.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'silent',
  })
})
afterAll(() => rmSync(workDir, { recursive: true, force: true }))
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function freshDir(): string {
  dir = mkdtempSync(join(tmpdir(), 'signet-file-lock-'))
  return dir
}

function run(script: string, args: string[]): Promise<number | null> {
  const file = join(workDir, `child-${Math.random().toString(36).slice(2)}.mjs`)
  writeFileSync(file, script)
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: 'inherit' })
    children.push(child)
    child.on('close', resolve)
  })
}

const errorsSource = `const errors = { busy: () => new Error('busy'), unusable: (p) => new Error('unusable ' + p) }`

describe('the one cross-process lock', () => {
  it('never loses an increment: 4 processes × 25, two on the sync face and two on the async face', async () => {
    const d = freshDir()
    const counter = join(d, 'counter')
    writeFileSync(counter, '0')
    const bump = `import { readFileSync, writeFileSync } from 'node:fs'
const bump = () => { const n = Number(readFileSync(process.argv[3], 'utf8')); for (let i = 0; i < 2e5; i++); writeFileSync(process.argv[3], String(n + 1)) }`
    const sync = `import { withFileLockSync } from ${JSON.stringify(bundle)}
${bump}
${errorsSource}
for (let i = 0; i < 25; i++) withFileLockSync(process.argv[2], { operation: 'o', doing: 'd' }, bump, { waitMs: 30000, ...errors })`
    const async = `import { withFileLock } from ${JSON.stringify(bundle)}
${bump}
${errorsSource}
for (let i = 0; i < 25; i++) await withFileLock(process.argv[2], { operation: 'o', doing: 'd' }, async () => bump(), { waitMs: 30000, ...errors })`
    const lock = join(d, 'x.lock')
    const codes = await Promise.all([
      run(sync, [lock, counter]),
      run(async, [lock, counter]),
      run(sync, [lock, counter]),
      run(async, [lock, counter]),
    ])
    expect(codes).toEqual([0, 0, 0, 0])
    expect(readFileSync(counter, 'utf8')).toBe('100')
    expect(existsSync(lock)).toBe(false)
  }, 60_000)

  it('takes over at once from a holder killed while holding it', async () => {
    const d = freshDir()
    const lock = join(d, 'x.lock')
    const holder = `import { withFileLock } from ${JSON.stringify(bundle)}
${errorsSource}
await withFileLock(process.argv[2], { operation: 'o', doing: 'd' }, async () => { process.kill(process.pid, 'SIGKILL') }, { ...errors })`
    expect(await run(holder, [lock])).toBe(null)
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ doing: 'd', host: hostname() })
    const started = Date.now()
    expect(withFileLockSync(lock, intent, () => 'ran', { waitMs: 0, ...errors })).toBe('ran')
    expect(Date.now() - started).toBeLessThan(3000)
    expect(existsSync(lock)).toBe(false)
  })

  it('waits for a live holder in another process, then says who holds it', async () => {
    const d = freshDir()
    const lock = join(d, 'x.lock')
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })
    children.push(child)
    const holder: LockHolder = {
      pid: child.pid!,
      host: hostname(),
      doing: 'rotating',
      operation: 'key.rotate',
      set: null,
      since: new Date().toISOString(),
      token: 't',
    }
    writeFileSync(lock, JSON.stringify(holder))
    await expect(withFileLock(lock, intent, async () => 'ran', { waitMs: 200, ...errors })).rejects.toMatchObject({
      message: `busy: ${child.pid}`,
    })
    expect(() => withFileLockSync(lock, intent, () => 'ran', { waitMs: 200, ...errors })).toThrow(`busy: ${child.pid}`)
  })

  it('trusts an unreadable lock file for a grace period, then takes it over', () => {
    const d = freshDir()
    const lock = join(d, 'x.lock')
    writeFileSync(lock, '{"pid":')
    expect(() => withFileLockSync(lock, intent, () => 'ran', { waitMs: 100, ...errors })).toThrow('busy: unreadable')
    const old = new Date(Date.now() - 60_000)
    utimesSync(lock, old, old)
    expect(withFileLockSync(lock, intent, () => 'ran', { waitMs: 100, ...errors })).toBe('ran')
  })

  it('trusts another host’s lock (its pid cannot be checked) for ten minutes', () => {
    const d = freshDir()
    const lock = join(d, 'x.lock')
    writeFileSync(
      lock,
      JSON.stringify({
        pid: 1,
        host: 'elsewhere.example',
        doing: 'd',
        operation: 'o',
        set: null,
        since: '',
        token: 't',
      }),
    )
    expect(() => withFileLockSync(lock, intent, () => 'ran', { waitMs: 100, ...errors })).toThrow('busy: 1')
    const old = new Date(Date.now() - 11 * 60_000)
    utimesSync(lock, old, old)
    expect(withFileLockSync(lock, intent, () => 'ran', { waitMs: 100, ...errors })).toBe('ran')
  })

  it('takes over the lock formats of older Signet versions: a bare pid, an old mkdir lock directory', () => {
    const d = freshDir()
    const lock = join(d, 'x.lock')
    writeFileSync(lock, '999999999')
    expect(withFileLockSync(lock, intent, () => 'ran', { waitMs: 100, ...errors })).toBe('ran')
    mkdirSync(lock)
    const old = new Date(Date.now() - 60_000)
    utimesSync(lock, old, old)
    expect(withFileLockSync(lock, intent, () => 'ran', { waitMs: 100, ...errors })).toBe('ran')
    expect(existsSync(lock)).toBe(false)
  })
})
