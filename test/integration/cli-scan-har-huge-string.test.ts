import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runCliMeasured } from '#test/support/peak-memory'

/**
 * A HAR entry holding one 300 MB string (a huge response body) is skipped without being held: the
 * reader drops the entry's parser and the tokenizer once the entry passes the 64 MiB budget and
 * skips the rest of its bytes raw (shared/scan/har.ts), so the CLI's peak RSS stays far below the
 * string's size (159 MB measured); the entries around it are scanned and the skip is reported.
 * Before, the tokenizer accumulated the whole string before the entry could end: 669 MB (this test
 * on the code before the fix).
 */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const tokenA = `${b64({ alg: 'none' })}.${b64({ sub: 'before-the-huge-entry' })}.`
const tokenB = `${b64({ alg: 'none' })}.${b64({ sub: 'after-the-huge-entry' })}.`
const stringBytes = 300 * 1024 * 1024
let dir: string
let har: string

const small = (token: string) =>
  JSON.stringify({
    request: { url: 'https://a.example/', headers: [{ name: 'Authorization', value: `Bearer ${token}` }] },
  })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-har-huge-string-'))
  har = join(dir, 'capture.har')
  // Written as a stream, 1 MiB at a time: the test never holds the string either.
  const out = createWriteStream(har)
  const write = (text: string | Buffer) =>
    out.write(text) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()))
  await write(
    `{"log":{"version":"1.2","entries":[${small(tokenA)},{"response":{"content":{"mimeType":"text/plain","text":"`,
  )
  // escapes and quotes inside the string: the raw skip must read them as string bytes
  const block = Buffer.from('abc\\"}]{[\\\\ é '.padEnd(1024 * 1024, 'z'))
  for (let written = 0; written < stringBytes; written += block.length) await write(block)
  await write(`"}}},${small(tokenB)}]}}`)
  await new Promise<void>((resolve) => out.end(() => resolve()))
}, 120_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it(
  'a 300 MB string in one HAR entry: skipped and reported, the other entries scanned, peak RSS far below the string',
  { timeout: 180_000 },
  async () => {
    expect(statSync(har).size).toBeGreaterThan(stringBytes)
    const { code, peakKb, stdout, stderr } = await runCliMeasured(['scan', har, '--json', '--jobs', '1'])
    // An input partly skipped is an input error (exit 2), reported with its code and limit.
    expect(code, stderr).toBe(2)
    // under --json, the input's error is a JSON object on stderr
    expect(stderr).toMatch(/"code":"ERR_SCAN_HAR_ENTRY_TOO_LARGE"/)
    expect(stderr).toMatch(/capture\.har\\": entry 1 \(300\.\d MiB .*above the 64 MiB limit/)
    const report = JSON.parse(stdout) as {
      tokens: { locations: { entry: number; field: string }[] }[]
      summary: { tokens: { distinct: number } }
    }
    expect(report.summary.tokens.distinct).toBe(2)
    expect(report.tokens.flatMap((t) => t.locations.map((l) => `${l.entry} ${l.field}`))).toEqual([
      '0 request.headers[Authorization]',
      '2 request.headers[Authorization]',
    ])
    console.log(`HAR with a 300 MB string: peak RSS ${(peakKb / 1024).toFixed(0)} MB`)
    expect(peakKb / 1024, 'peak RSS in MB').toBeLessThan(200)
  },
)

it(
  'an entry nested 5 million levels deep (10 MB): skipped for its depth, the other entries scanned, memory flat',
  { timeout: 120_000 },
  async () => {
    // Before the depth budget the parser's stack held 576 MB and 4 CPU-s for this (the build before the fix).
    const levels = 5_000_000
    const deep = join(dir, 'deep.har')
    const out = createWriteStream(deep)
    out.write(`{"log":{"entries":[${small(tokenA)},{"request":{"url":"x"},"x":`)
    out.write('['.repeat(levels))
    out.write(']'.repeat(levels))
    await new Promise<void>((resolve) => out.end(`},${small(tokenB)}]}}`, () => resolve()))
    const { code, peakKb, stdout, stderr } = await runCliMeasured(['scan', deep, '--json', '--jobs', '1'])
    expect(code, stderr).toBe(2)
    expect(stderr).toMatch(/"code":"ERR_SCAN_HAR_ENTRY_TOO_DEEP"/)
    expect(stderr).toMatch(/deep\.har\\": entry 1, nested deeper than 256 levels/)
    const report = JSON.parse(stdout) as { summary: { tokens: { distinct: number } } }
    expect(report.summary.tokens.distinct).toBe(2)
    expect(peakKb / 1024, 'peak RSS in MB').toBeLessThan(150)
  },
)
