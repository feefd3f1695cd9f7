import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { signetBin } from '#test/support/run-cli'

/**
 * `signet verify --tokens` over distinct 16 KB tokens stays at bounded memory: the cache of results
 * for repeated tokens is bounded by bytes, not only by its 100,000 entries (which held ~21 KB per
 * distinct line: 12,000 lines peaked near 330 MB before the byte bound, ~115 MB after). The peak RSS
 * is read from the real CLI child's /proc/<pid>/status (VmHWM) while it runs.
 */

const secret = 'k7Qp2vX9sL4mN8rT1wY6zB3cF5hJ0dGa'
const count = 12_000
let dir: string
let file: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-bulk-memory-'))
  file = join(dir, 'tokens.txt')
  const b64 = (s: string) => Buffer.from(s).toString('base64url')
  const header = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const pad = 'x'.repeat(11_900)
  const lines: string[] = []
  for (let i = 0; i < count; i++) {
    const input = `${header}.${b64(JSON.stringify({ sub: `u${i}`, exp: 4_000_000_000, pad }))}`
    lines.push(`${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`)
  }
  // the first token again at the end: the repeated-token path still answers it
  lines.push(lines[0]!)
  writeFileSync(file, `${lines.join('\n')}\n`)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it(`${count.toLocaleString('en-US')} distinct 16 KB tokens: peak RSS stays under 200 MB`, async () => {
  expect(readFileSync(file, 'utf8').split('\n')[0]!.length).toBeGreaterThan(15_900)
  const child = spawn(
    process.execPath,
    [signetBin, 'verify', '--tokens', file, '--secret', secret, '--secret-encoding', 'utf8'],
    { env: { ...process.env, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let peakKb = 0
  let tail = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (tail = (tail + chunk).slice(-400)))
  const poll = setInterval(() => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]))
    } catch {
      // the process has just ended
    }
  }, 25)
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  clearInterval(poll)
  expect(code, tail).toBe(0)
  expect(tail).toContain(`${(count + 1).toLocaleString('en-US')} tokens: ${count + 1} valid, 0 invalid`)
  expect(peakKb).toBeGreaterThan(10_000)
  expect(peakKb / 1024, 'peak RSS in MB').toBeLessThan(200)
}, 300_000)
