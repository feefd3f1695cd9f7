import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'

/**
 * `signet scan` (the built CLI, a child process) over the inputs the outside review found missed
 * or unbounded: a token percent-encoded twice, a base64 HAR body with a non-UTF-8 byte, a HAR known
 * by its content or gzipped, a HAR entry over its budget, a gzip bomb — each reported with its code,
 * the rest of the scan going on.
 */

let dir: string
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const unsecured = (sub: string) => `${b64({ alg: 'none' })}.${b64({ sub })}.`
const hs = (sub: string) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub })}.c2lnbmF0dXJlLWJ5dGVzLWZvcg`
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

interface Report {
  summary: { tokens: { distinct: number } }
  tokens: { token: string; locations: Record<string, unknown>[] }[]
}
async function scan(paths: string[], extra: string[] = []) {
  const run = await runCli(['scan', ...paths, '--json', '--show-tokens', ...extra])
  return { ...run, report: JSON.parse(run.stdout) as Report }
}
/** a token's locations, in order of file name (workers finish files in any order) */
const locationsOf = (report: Report, token: string) =>
  report.tokens
    .find((t) => t.token === token)
    ?.locations.slice()
    .sort((a, b) => String(a.file).localeCompare(String(b.file)))

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-inputs-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet scan: tokens it used to miss', () => {
  it('finds a token in a URL inside a URL-encoded parameter (percent-encoded twice), in a log and in a HAR', async () => {
    const token = hs('twice')
    const twice = token.replace(/\./g, '%252E')
    const line = `GET /login?next=https%3A%2F%2Fapp.example%2Fcb%253Ft%253D${twice}%2526x%253D1 302`
    const log = file('access.log', `${line}\n`)
    const har = file(
      'nested.har',
      JSON.stringify({
        log: {
          entries: [
            { request: { url: `https://idp.example/logout?next=https%3A%2F%2Fa%2F%253Fid_token_hint%253D${twice}` } },
          ],
        },
      }),
    )
    const { report, code, stderr } = await scan([log, har])
    expect(stderr).not.toContain('ERR_')
    expect(code).not.toBe(2)
    expect(report.summary.tokens.distinct).toBe(1)
    expect(locationsOf(report, token)).toEqual([
      { file: log, line: 1, column: line.indexOf('eyJ') + 1, percentEncoded: true },
      { file: har, entry: 0, field: 'request.url', percentEncoded: true },
    ])
  })
  it('finds the tokens of a base64 HAR body that holds a byte that is not UTF-8', async () => {
    const token = hs('binary-neighbour')
    const body = Buffer.concat([
      Buffer.from('--b\r\nContent-Type: image/png\r\n\r\n'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from(`\r\n--b\r\nContent-Type: application/json\r\n\r\n{"access_token":"${token}"}\r\n--b--\r\n`),
    ])
    const har = file(
      'multipart.har',
      JSON.stringify({
        log: { entries: [{ response: { content: { text: body.toString('base64'), encoding: 'base64' } } }] },
      }),
    )
    const { report, stderr } = await scan([har])
    expect(stderr).not.toContain('ERR_')
    expect(locationsOf(report, token)).toEqual([{ file: har, entry: 0, field: 'response.content.text(base64)' }])
  })
})

describe('signet scan: what an input is, and its budgets', () => {
  it('walks a HAR known by its content or gzipped under any name; --no-har reads it as text', async () => {
    const token = unsecured('sniffed')
    const capture = JSON.stringify({ log: { entries: [{ request: { headers: [{ name: 'Cookie', value: token }] } }] } })
    const json = file('export.json', capture)
    const gz = file('capture.har.gz', gzipSync(capture))
    const anyName = file('dump.bin', gzipSync(capture))
    const { report } = await scan([json, gz, anyName])
    expect(locationsOf(report, token)).toEqual(
      [gz, anyName, json].map((path) => ({ file: path, entry: 0, field: 'request.headers[Cookie]' })),
    )
    const plain = await scan([json], ['--no-har'])
    expect(locationsOf(plain.report, token)).toEqual([{ file: json, line: 1, column: capture.indexOf(token) + 1 }])
  })
  it('skips a gzip bomb with its code and limit, and scans the other files', async () => {
    const token = unsecured('beside-the-bomb')
    const bomb = file('bomb.log.gz', gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x41)))
    const good = file('good.log.gz', gzipSync(`ts=1 ${token}\n`))
    const { report, code, stderr } = await scan([bomb, good])
    expect(code).toBe(2)
    const error = JSON.parse(stderr.trim()) as { code: string; message: string }
    expect(error.code).toBe('ERR_SCAN_GZIP_TOO_LARGE')
    expect(error.message).toMatch(
      new RegExp(`^"${bomb}" decompresses to more than .* \\(200 times its compressed size, at most 4 GiB\\)`),
    )
    expect(locationsOf(report, token)).toEqual([{ file: good, line: 1, column: 6 }])
  }, 60_000)
  it('skips a HAR entry above 64 MiB with its code, and finds the tokens of the entries around it', async () => {
    const before = unsecured('before-the-big-entry')
    const after = unsecured('after-the-big-entry')
    const entry = (token: string) => JSON.stringify({ request: { headers: [{ name: 'Authorization', value: token }] } })
    const big = `{"request":{"headers":[{"name":"X","value":"${unsecured('inside')}"}]},"response":{"content":{"text":"${'x'.repeat(65 * 1024 * 1024)}"}}}`
    const har = file('big-entry.har', `{"log":{"entries":[${entry(before)},${big},${entry(after)}]}}`)
    const { report, code, stderr } = await scan([har])
    expect(code).toBe(2)
    const error = JSON.parse(stderr.trim()) as { code: string; message: string }
    expect(error.code).toBe('ERR_SCAN_HAR_ENTRY_TOO_LARGE')
    expect(error.message).toContain(
      `"${har}": entry 1 (65.0 MiB (${Buffer.byteLength(big).toLocaleString('en-US')} bytes)) above the 64 MiB limit for one HAR entry was skipped; the rest of the capture was scanned.`,
    )
    expect(report.tokens.map((t) => t.token).sort()).toEqual([after, before].sort())
  }, 60_000)
})
