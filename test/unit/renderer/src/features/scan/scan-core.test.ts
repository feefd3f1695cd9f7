import { createHmac } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ScanCollector } from '#renderer/features/scan/scan-core'
import { maxAppScanTokens } from '#shared/limits'
import { errorCategories } from '#shared/error-category'

/**
 * The Scan worker's input handling over real Blobs (the File API the worker reads): the same kind
 * rule as `signet scan` (shared/scan/input-kind.ts), gzip decompressed in pure JS under the shared
 * budget, HAR streamed entry by entry, and the tokens the finder used to miss.
 */

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'alice' })}.c2lnbmF0dXJlLWJ5dGVzLWZvci10ZXN0aW5n`
const other = `${b64({ alg: 'HS256' })}.${b64({ sub: 'bob' })}.c2lnbmF0dXJlLWJ5dGVz`
const har = JSON.stringify({
  log: {
    entries: [
      { request: { url: 'https://a.example/', headers: [{ name: 'Authorization', value: `Bearer ${token}` }] } },
      {
        response: {
          content: {
            encoding: 'base64',
            text: Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(` id=${other} `)]).toString('base64'),
          },
        },
      },
    ],
  },
})

async function scan(name: string, bytes: Buffer | string) {
  const collector = new ScanCollector()
  const progress: number[] = []
  const file = new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name)
  const note = await collector.addFile(file, (done) => progress.push(done))
  return { found: collector.result(), note, progress, size: file.size }
}

describe('the Scan worker reads files as `signet scan` does', () => {
  it('decompresses a .har.gz and walks its entries; a non-UTF-8 byte in a base64 body hides nothing', async () => {
    const { found, progress, size } = await scan('capture.har.gz', gzipSync(har))
    expect(found.map((f) => [f.token, f.locations])).toEqual([
      [token, [{ file: 'capture.har.gz', entry: 0, field: 'request.headers[Authorization]' }]],
      [other, [{ file: 'capture.har.gz', entry: 1, field: 'response.content.text(base64)' }]],
    ])
    expect(progress.at(-1)).toBe(size)
  })
  it('sniffs a HAR whatever its name, and reads as text what only looked like one', async () => {
    const sniffed = await scan('export.json.gz', gzipSync(har))
    expect(sniffed.found[0]!.locations).toEqual([
      { file: 'export.json.gz', entry: 0, field: 'request.headers[Authorization]' },
    ])
    const looked = await scan('app.log', `{"log": "start"}\nuser=a token=${token}\n`)
    expect(looked.found.map((f) => f.locations)).toEqual([[{ file: 'app.log', line: 2, column: 14 }]])
    await expect(scan('broken.har', `{"log": "start"}\n${token}`)).rejects.toMatchObject({
      code: 'ERR_SCAN_HAR_INVALID',
    })
  })
  it('finds a double percent-encoded token in a log line', async () => {
    const encoded = token.replace(/\./g, '%252E')
    const { found } = await scan(
      'access.log',
      `GET /login?next=https%3A%2F%2Fapp%2Fcb%253Ft%253D${encoded}%2526x 302\n`,
    )
    expect(found.map((f) => f.token)).toEqual([token])
  })
  it('stops a gzip bomb at the shared budget with its code', async () => {
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024, 0x41))
    await expect(scan('bomb.log.gz', bomb)).rejects.toMatchObject({
      code: 'ERR_SCAN_GZIP_TOO_LARGE',
      message: expect.stringContaining('"bomb.log.gz" decompresses to more than'),
    })
    await expect(scan('cut.log.gz', gzipSync(`x ${token}`).subarray(0, 20))).rejects.toMatchObject({
      code: 'ERR_FILE_UNREADABLE',
    })
  })
})

// The Scan screen's distinct-token budget (maxAppScanTokens, ERR_SCAN_APP_TOKEN_LIMIT): past it the
// collector adds no new token, keeps recording places of tokens it lists, and says what it left out.

function hs256(sub: string): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, iss: 'https://scan.example' })}`
  return `${input}.${createHmac('sha256', 'k').update(input).digest('base64url')}`
}

/** One token a line: "t=<token>" — `count` distinct tokens, numbered from `from`. */
function log(from: number, count: number): string {
  let text = ''
  for (let i = from; i < from + count; i++) text += `t=${hs256(`user-${i}`)}\n`
  return text
}

const addLog = (collector: ScanCollector, name: string, text: string) =>
  collector.addFile(new File([text], name), () => undefined)

describe('ScanCollector distinct-token limit', () => {
  it('lists every token below the limit and reports no limit', async () => {
    const collector = new ScanCollector()
    await addLog(collector, 'a.log', log(0, 100))
    expect(collector.result()).toHaveLength(100)
    expect(collector.limitReached()).toBeNull()
  })

  it(`stops adding at maxAppScanTokens (${maxAppScanTokens}), keeps places of listed tokens, counts what it left out`, async () => {
    const collector = new ScanCollector()
    // the limit exactly, then 7 more distinct tokens, then token 0 again (listed: its place is kept)
    await addLog(collector, 'big.log', log(0, maxAppScanTokens + 7) + `again ${hs256('user-0')}\n`)
    const found = collector.result()
    expect(found).toHaveLength(maxAppScanTokens)
    expect(found.at(-1)!.token).toBe(hs256(`user-${maxAppScanTokens - 1}`))
    expect(found.some((f) => f.token === hs256(`user-${maxAppScanTokens}`))).toBe(false)
    expect(found[0]!.locations).toEqual([
      { file: 'big.log', line: 1, column: 3 },
      { file: 'big.log', line: maxAppScanTokens + 8, column: 7 },
    ])
    const limit = collector.limitReached()!
    expect(limit.code).toBe('ERR_SCAN_APP_TOKEN_LIMIT')
    expect(errorCategories[limit.code]).toBe('input')
    expect(limit.limit).toBe(maxAppScanTokens)
    expect(limit.skipped).toBe(7)
    expect(limit.message).toContain('25,000 distinct tokens')
    expect(limit.message).toContain('7 more occurrences')
    expect(limit.message).toContain('signet scan')
  })

  it('counts across files: a second file past the limit adds nothing new', async () => {
    const collector = new ScanCollector(10)
    await addLog(collector, 'one.log', log(0, 8))
    await addLog(collector, 'two.log', log(5, 8))
    expect(collector.result().map((f) => f.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    // user-5..7 are listed (their places from two.log kept), user-8, user-9 fill the limit, user-10..12 are left out
    expect(collector.result()[5]!.locations.map((l) => l.file)).toEqual(['one.log', 'two.log'])
    expect(collector.limitReached()).toMatchObject({ limit: 10, skipped: 3 })
    expect(collector.limitReached()!.message).toContain('3 more occurrences')
  })
})
