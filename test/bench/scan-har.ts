/**
 * Benchmark (not a test): `signet scan` over a generated HAR capture (200 MB by default,
 * BENCH_HAR_MB=N to change), its peak RSS and CPU beside the baseline of reading the same capture
 * whole — readFileSync + JSON.parse + a walk of every entry's headers, the least a whole-document
 * reader does, and the shape of the reader before the HAR was streamed (which held the bytes, the
 * text and the parsed objects at once: ~5× the capture). The capture is written to the temporary
 * directory and deleted after. Needs the built CLI (node scripts/build-cli.mjs).
 * BENCH_HAR_BEFORE=path/to/bin/signet.mjs also times another build of the CLI (one from before the
 * HAR was streamed) on the same capture, in the same run.
 */
import { spawnSync } from 'node:child_process'
import { appendFileSync, closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const megabytes = Number(process.env.BENCH_HAR_MB ?? 200)
const signet = resolve(import.meta.dirname, '../../bin/signet.mjs')
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const token = (i: number) => `${b64({ alg: 'none' })}.${b64({ iss: 'https://bench.example', sub: `user-${i}` })}.`

/** One entry of ~10 KB: a bearer token, a dozen headers each way, cookies, a JSON body. */
function entry(i: number): string {
  const headers = (prefix: string) =>
    Array.from({ length: 12 }, (_, h) => ({ name: `${prefix}-Header-${h}`, value: `value-${h}-${'v'.repeat(40)}` }))
  const body = JSON.stringify({ id: i, items: Array.from({ length: 60 }, (_, k) => ({ k, name: `item-${k}-${i}` })) })
  return JSON.stringify({
    startedDateTime: '2026-11-30T10:00:00.000Z',
    time: 12,
    request: {
      method: 'GET',
      url: `https://api.example.com/v1/items/${i}?page=${i % 7}`,
      httpVersion: 'HTTP/1.1',
      headers: [{ name: 'Authorization', value: `Bearer ${token(i % 500)}` }, ...headers('X-Req')],
      queryString: [{ name: 'page', value: String(i % 7) }],
      cookies: [{ name: 'sid', value: `s-${i}` }],
      headersSize: -1,
      bodySize: 0,
    },
    response: {
      status: 200,
      statusText: 'OK',
      httpVersion: 'HTTP/1.1',
      headers: headers('X-Res'),
      cookies: [],
      content: { size: body.length, mimeType: 'application/json', text: body },
      redirectURL: '',
      headersSize: -1,
      bodySize: body.length,
    },
    cache: {},
    timings: { send: 1, wait: 10, receive: 1 },
  })
}

function timed(args: string[]): { cpu: number; rssMb: number; status: number | null } {
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const [user, sys, rss] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number)
  return { cpu: user! + sys!, rssMb: rss! / 1024, status: result.status }
}

const dir = mkdtempSync(join(tmpdir(), 'signet-bench-har-'))
try {
  const path = join(dir, 'capture.har')
  const fd = openSync(path, 'w')
  writeSync(fd, '{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"entries":[')
  let written = 0
  for (let i = 0; written < megabytes * 1024 * 1024; i++) {
    const text = `${i > 0 ? ',' : ''}${entry(i)}`
    writeSync(fd, text)
    written += text.length
  }
  writeSync(fd, ']}}')
  closeSync(fd)
  const size = statSync(path).size / 1024 / 1024
  const whole = `const v = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); let n = 0;
    for (const e of v.log.entries) for (const h of e.request.headers) n += h.value.length; if (n === 0) process.exit(3)`
  const baseline = timed([process.execPath, '-e', whole, path])
  const scan = timed([process.execPath, signet, 'scan', path, '--jobs', '1', '--json'])
  if (baseline.status !== 0 || scan.status === 2) throw new Error(`runs failed: ${baseline.status}, ${scan.status}`)
  const before = process.env.BENCH_HAR_BEFORE
    ? timed([process.execPath, process.env.BENCH_HAR_BEFORE, 'scan', path, '--jobs', '1', '--json'])
    : null
  console.log(
    `signet scan of a ${size.toFixed(0)} MB HAR capture (500 distinct tokens), --jobs 1, against reading it whole`,
  )
  console.log(
    `  read whole (readFileSync + JSON.parse + walk): peak RSS ${baseline.rssMb.toFixed(0)} MB, CPU ${baseline.cpu.toFixed(2)} s`,
  )
  console.log(
    `  signet scan (streamed):                        peak RSS ${scan.rssMb.toFixed(0)} MB, CPU ${scan.cpu.toFixed(2)} s`,
  )
  console.log(
    `  ratios, signet / read whole: peak RSS ${(scan.rssMb / baseline.rssMb).toFixed(2)}×, CPU ${(scan.cpu / baseline.cpu).toFixed(2)}×`,
  )
  if (before)
    console.log(
      `  the build in BENCH_HAR_BEFORE: peak RSS ${before.rssMb.toFixed(0)} MB, CPU ${before.cpu.toFixed(2)} s (exit ${before.status}); this build / that one: peak RSS ${(scan.rssMb / before.rssMb).toFixed(2)}×, CPU ${(scan.cpu / before.cpu).toFixed(2)}×`,
    )
  if (process.env.BENCH_TARGETS_FILE)
    appendFileSync(
      process.env.BENCH_TARGETS_FILE,
      [
        `| scan peak RSS, ${size.toFixed(0)} MB HAR / reading it whole | flat (follows one entry) | ${(scan.rssMb / baseline.rssMb).toFixed(2)} | – | ${scan.rssMb.toFixed(0)} MB against ${baseline.rssMb.toFixed(0)} MB (readFileSync + JSON.parse + walk) |`,
        `| scan CPU, ${size.toFixed(0)} MB HAR / reading it whole | none (a ratio to follow) | ${(scan.cpu / baseline.cpu).toFixed(2)} | – | ${scan.cpu.toFixed(2)} s against ${baseline.cpu.toFixed(2)} s: a JS tokenizer (@streamparser/json) against V8's native JSON.parse, plus the token search |`,
      ].join('\n') + '\n',
    )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
