import { execFileSync, spawn } from 'node:child_process'
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli, signetBin } from '../support/run-cli'
import { watchPeakRss } from '../support/peak-memory'

/**
 * `signet scan` under the hostile inputs of the attacker review: each budget or fault gives a clear
 * error with its code and limit, and a fault in one input never loses the rest of the scan.
 */

let dir: string
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
/** an unsecured JWT: found by the scan without any key */
const token = `${b64({ alg: 'none' })}.${b64({ sub: 'hostile' })}.`
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

/** Runs the CLI and reads its peak resident set (VmHWM, kB) until it exits. */
function peakMemory(args: string[]): Promise<{ code: number | null; peakKb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [signetBin, ...args], {
      env: { ...process.env, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: '' },
      stdio: ['ignore', 'ignore', 'ignore'],
    })
    const peak = watchPeakRss(child.pid!, 10)
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, peakKb: peak.stop() }))
  })
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-hostile-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet scan: flags that size memory and work are capped', () => {
  it('--max-token-length above the cap is a usage error stating the cap', async () => {
    const log = file('one.log', `token=${token}\n`)
    const run = await runCli(['scan', log, '--max-token-length', '100000000'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/ERR_USAGE.*--max-token-length is at most 8,388,608 characters, not 100000000/)
    const atCap = await runCli(['scan', log, '--max-token-length', '8388608', '--json'])
    expect(atCap.code).not.toBe(2)
    expect(JSON.parse(atCap.stdout).summary).toMatchObject({ tokens: { distinct: 1 } })
  })

  it('--jobs above the cap is a usage error stating the cap', async () => {
    const run = await runCli(['scan', file('jobs.log', token), '--jobs', '200'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/ERR_USAGE.*--jobs is at most 32 jobs, not 200/)
  })

  it('--jobs 32 on three small files starts no more workers than files: its peak memory is that of --jobs 3', async () => {
    const paths = [1, 2, 3].map((n) => file(`small-${n}.log`, `line ${n} ${token}\n`))
    const three = await peakMemory(['scan', ...paths, '--jobs', '3'])
    const many = await peakMemory(['scan', ...paths, '--jobs', '32'])
    expect([three.code, many.code]).toEqual([1, 1])
    // 29 more idle workers are hundreds of MB
    expect(many.peakKb - three.peakKb).toBeLessThan(40 * 1024)
  }, 60_000)
})

describe('signet scan: a path that cannot be walked is reported and skipped', () => {
  it('a missing path is reported with its code and path, the other inputs are still scanned, exit 2 at the end', async () => {
    const good = file('good.log', `before ${token} after\n`)
    const missing = join(dir, 'no-such-dir')
    const run = await runCli(['scan', missing, good, '--json'])
    expect(run.code).toBe(2)
    // under --json the error is a JSON object on stderr, and a note in the summary
    expect(JSON.parse(run.stderr.trim())).toMatchObject({ code: 'ERR_FILE_UNREADABLE', file: missing })
    expect(run.stderr).toContain(`Cannot read \\"${missing}\\"`)
    const report = JSON.parse(run.stdout) as { summary: { tokens: { distinct: number } } }
    expect(report.summary.tokens.distinct).toBe(1)
  })
})

describe('signet scan: pipes and FIFOs are read as streams', () => {
  for (const gzip of [false, true])
    it(`finds the token in a named FIFO${gzip ? ' of gzip' : ''} (sniffed from its first bytes, not read at a position)`, async () => {
      const fifo = join(dir, `pipe-${gzip}`)
      execFileSync('mkfifo', [fifo])
      const run = runCli(['scan', fifo, '--json'])
      const text = `a line ${token}\n`
      // opening a FIFO for writing waits for its reader: the scan
      createWriteStream(fifo).end(gzip ? gzipSync(text) : text)
      const result = await run
      expect(result.stderr).not.toContain('ERR_')
      expect((JSON.parse(result.stdout) as { summary: { tokens: { distinct: number } } }).summary.tokens.distinct).toBe(
        1,
      )
    })
})
