import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signetBin } from '#test/support/run-cli'

/**
 * Bulk output waits for its reader. On a pipe, Node's stdout is asynchronous and keeps in memory
 * whatever the reader has not taken yet, so a scan over a large input piped into a slow reader
 * (`| less`, a network pipe) would grow with its output. The CLI awaits room on stdout between
 * result lines (cli/output/write.ts outputRoom), so while nobody reads, it does no work at all:
 * its CPU time stands still. Without the wait it would go on analysing and queueing for seconds.
 *
 * The CPU time comes from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms). The test waits
 * until the unread CLI's CPU time stands still (a blocked process uses none, however loaded the
 * machine), then reads everything and compares: the fixed CLI stops after a pipe's worth of lines,
 * so it has used a small part of its whole run's CPU by then; a CLI that queues its output stands
 * still only once all its work is done.
 */

const now = Math.floor(Date.now() / 1000)
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
/** distinct tokens: each gives a result line of ~1 KB, far more than a pipe holds (64 KB) */
const tokenCount = 12_000

let dir: string
let tokensFile: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-backpressure-'))
  const header = b64({ alg: 'ES256', typ: 'JWT' })
  const tokens = Array.from(
    { length: tokenCount },
    (_, i) =>
      `${header}.${b64({ sub: `user-${i}`, iat: now, exp: now + 600 })}.${randomBytes(64).toString('base64url')}`,
  )
  tokensFile = join(dir, 'tokens.txt')
  writeFileSync(tokensFile, `${tokens.join('\n')}\n`)
  writeFileSync(join(dir, 'gateway.log'), tokens.map((t) => `auth Bearer ${t}`).join('\n'))
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** CPU ticks (utime + stime) the process has used so far; null once it has exited. */
function cpuTicks(pid: number): number | null {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  if (fields[0] === 'Z') return null
  return Number(fields[11]) + Number(fields[12])
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Starts the CLI with stdout piped to nobody: the test reads only when told to. */
function startUnread(args: string[]): ChildProcessByStdio<Writable, Readable, Readable> {
  const child = spawn(process.execPath, [signetBin, ...args], {
    env: { ...process.env, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: undefined },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  child.stdout.pause()
  child.stdin.end()
  return child
}

/** Resolves once the child has written its first bytes (still unread: the stream stays paused). */
function firstOutput(child: ChildProcessByStdio<Writable, Readable, Readable>): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => (child.stdout.readableLength > 0 ? resolve() : setTimeout(check, 50))
    child.on('exit', (code) => reject(new Error(`the CLI exited (${code}) before anything was read`)))
    check()
  })
}

/** Waits until the process's CPU time stands still for a second; returns it. */
async function cpuAtRest(pid: number): Promise<number> {
  let last = cpuTicks(pid)
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    await sleep(1000)
    const current = cpuTicks(pid)
    if (current === null) throw new Error('the CLI exited while nobody read its output')
    if (current === last) return current
    last = current
  }
  throw new Error('the CLI never stopped working while nobody read its output')
}

/** Reads everything that is left and waits for the exit; `ticks` is the CPU time last seen while it ran. */
function readRest(
  child: ChildProcessByStdio<Writable, Readable, Readable>,
): Promise<{ code: number | null; stdout: string; ticks: number }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let ticks = 0
    const sample = setInterval(() => (ticks = cpuTicks(child.pid!) ?? ticks), 20)
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stdout.resume()
    child.stderr.resume()
    child.on('close', (code) => {
      clearInterval(sample)
      resolve({ code, stdout: Buffer.concat(chunks).toString('utf8'), ticks })
    })
  })
}

describe('bulk output waits for a slow reader instead of queueing in memory', () => {
  for (const [name, args] of [
    ['signet scan --ndjson', () => ['scan', join(dir, 'gateway.log'), '--ndjson', '--jobs', '1']],
    [
      'signet verify --tokens --ndjson',
      () => ['verify', '--tokens', tokensFile, '--secret', 'not-the-key', '--ndjson'],
    ],
    ['signet verify --tokens (human lines)', () => ['verify', '--tokens', tokensFile, '--secret', 'not-the-key']],
  ] as const) {
    it(`${name}: stops while nobody reads, then every line once read`, { timeout: 180_000 }, async () => {
      const child = startUnread(args())
      try {
        await firstOutput(child)
        const atRest = await cpuAtRest(child.pid!)
        const { code, stdout, ticks } = await readRest(child)
        // At rest after a pipe's worth of lines, not after all of them: well under its whole run.
        expect(atRest).toBeLessThan(0.6 * ticks)
        const lines = stdout.trim().split('\n')
        if (name.includes('human')) {
          expect(lines).toHaveLength(tokenCount + 1)
          expect(lines.at(-1)).toMatch(
            new RegExp(`^${tokenCount.toLocaleString('en-US')} tokens: 0 valid, ${tokenCount} invalid`),
          )
          expect(code).toBe(1)
        } else {
          expect(lines).toHaveLength(tokenCount + 1)
          expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'summary' })
          for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow()
          expect(code).toBe(name.includes('scan') ? 0 : 1)
        }
      } finally {
        child.kill()
      }
    })
  }
})
