import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { ScanCollector } from '#renderer/features/scan/scan-core'

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
