import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { signetBin } from '#test/support/run-cli'
import { peakRssKb, watchPeakRss } from '#test/support/peak-memory'

/**
 * `signet scan --jobs 2 --ndjson` waits for a reader that is not reading, as `--jobs 1` does: the
 * finding workers pause once a few batches are out unacknowledged (found-credit.ts), and the main
 * thread acknowledges only what its output had room for (found-order.ts). Without that, the
 * workers read every file on while stdout is full, and every distinct token they find piles up in
 * the main thread: here 3 files of 12,000 distinct ~4 KB tokens each (~180 MB of tokens), which
 * took the CLI's peak RSS to 392 MB while nobody read, and growing with the input (measured on the
 * code before the fix, this very test). With it the CLI stops after a pipe's worth of lines at
 * ~185 MB — four worker threads' start-up (~120 MB on a tiny input) and the bounded batches in
 * flight — whatever the input's size.
 *
 * The peak is VmHWM from the real CLI child's /proc/<pid>/status; "stopped" is its CPU time standing
 * still (utime + stime from /proc/<pid>/stat: a blocked process uses none, however
 * loaded the machine).
 */

const files = 3
const perFile = 12_000
const now = Math.floor(Date.now() / 1000)
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
let dir: string
let inputBytes = 0

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-jobs-backpressure-'))
  const header = b64({ alg: 'ES256', typ: 'JWT' })
  const pad = 'p'.repeat(3600)
  for (let f = 0; f < files; f++) {
    // Streamed to disk: the test itself holds one line at a time.
    const out = createWriteStream(join(dir, `gateway-${f}.log`))
    for (let i = 0; i < perFile; i++) {
      const claims = b64({ sub: `user-${f}-${i}`, iat: now, exp: now + 600, pad })
      const line = `GET /orders ${i} Authorization: Bearer ${header}.${claims}.${randomBytes(64).toString('base64url')}\n`
      inputBytes += line.length
      if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
    }
    await new Promise<void>((resolve) => out.end(() => resolve()))
  }
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** CPU ticks (utime + stime) the process has used so far; null once it has exited. */
function cpuTicks(pid: number): number | null {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return null
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  if (fields[0] === 'Z') return null
  return Number(fields[11]) + Number(fields[12])
}

/**
 * Waits until the process's CPU time stands still for three seconds in a row (one still second can
 * be a starved process on a loaded machine; three are a blocked one).
 */
async function atRest(child: ChildProcessByStdio<Writable, Readable, Readable>): Promise<void> {
  let last = cpuTicks(child.pid!)
  let still = 0
  for (const deadline = Date.now() + 150_000; Date.now() < deadline;) {
    await sleep(1000)
    const current = cpuTicks(child.pid!)
    if (current === null) throw new Error('the CLI exited while nobody read its output')
    still = current === last && child.stdout.readableLength > 0 ? still + 1 : 0
    if (still === 3) return
    last = current
  }
  throw new Error('the CLI never stopped working while nobody read its output')
}

it(
  `--jobs 2 --ndjson over ${files} files of ${perFile.toLocaleString('en-US')} distinct tokens: stops at a bounded peak RSS while nobody reads, then prints every token`,
  { timeout: 300_000 },
  async () => {
    const child = spawn(process.execPath, [signetBin, 'scan', dir, '--ndjson', '--jobs', '2'], {
      env: { ...process.env, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    child.stdout.pause()
    child.stdin.end()
    const peak = watchPeakRss(child.pid!)
    try {
      await atRest(child)
      const pausedKb = Math.max(peak.peakKb, peakRssKb(child.pid!) ?? 0)
      // Everything else, read now.
      let tokens = 0
      let tail = ''
      let last = ''
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        const lines = (tail + text).split('\n')
        tail = lines.pop()!
        for (const line of lines) if (line.startsWith('{"schemaVersion":2,"type":"token"')) tokens++
        if (lines.length > 0) last = lines.at(-1)!
      })
      // an explicitly paused stream stays paused when a 'data' listener is added
      child.stdout.resume()
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      const wholeKb = peak.stop()
      expect(code, stderr).toBe(0)
      expect(tokens).toBe(files * perFile)
      expect(JSON.parse(last)).toMatchObject({ type: 'summary', tokens: { distinct: files * perFile } })
      // While nobody read, the CLI held far less than the tokens it had to find (~120 MB of them).
      expect(inputBytes).toBeGreaterThan(100e6)
      expect(pausedKb / 1024, 'peak RSS in MB while nobody read').toBeLessThan(250)
      console.log(
        `scan --jobs 2 --ndjson, ${(inputBytes / 1e6).toFixed(0)} MB of distinct tokens: peak RSS ${(pausedKb / 1024).toFixed(0)} MB while unread, ${(wholeKb / 1024).toFixed(0)} MB over the whole run`,
      )
    } finally {
      peak.stop()
      child.kill()
    }
  },
)
