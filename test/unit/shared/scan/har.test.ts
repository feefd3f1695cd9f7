import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { harEntriesSkipped, HarReader, readHar, type HarField } from '#shared/scan/har'
import { findTokens } from '#shared/scan/finder'
import { maxJsonDepth } from '#shared/limits'

const entry = {
  request: {
    url: 'https://a.example/cb?code=1',
    queryString: [{ name: 'code', value: '1' }],
    headers: [{ name: 'Authorization', value: 'Bearer t1' }],
    cookies: [{ name: 'sid', value: 't2' }],
    postData: { mimeType: 'application/x-www-form-urlencoded', text: 'a=t3', params: [{ name: 'a', value: 't3' }] },
  },
  response: {
    headers: [{ name: 'Set-Cookie', value: 'x=t4' }],
    cookies: [{ name: 'x', value: 't4' }],
    redirectURL: 'https://b.example/#t5',
    content: { text: Buffer.from('body t6').toString('base64'), encoding: 'base64' },
  },
}
const expected = [
  [1, 'request.url', 'https://a.example/cb?code=1'],
  [1, 'request.queryString[code]', '1'],
  [1, 'request.headers[Authorization]', 'Bearer t1'],
  [1, 'request.cookies[sid]', 't2'],
  [1, 'request.postData.text', 'a=t3'],
  [1, 'request.postData.params[a]', 't3'],
  [1, 'response.headers[Set-Cookie]', 'x=t4'],
  [1, 'response.cookies[x]', 't4'],
  [1, 'response.redirectURL', 'https://b.example/#t5'],
  [1, 'response.content.text(base64)', 'body t6'],
]
const rows = (fields: HarField[]) => fields.map((f) => [f.entry, f.field, f.value])

/** Pushes `bytes` cut at `cuts`; the fields in order. */
function byChunks(bytes: Uint8Array, cuts: number[], maxEntryBytes?: number) {
  const fields: HarField[] = []
  const reader = new HarReader('"x.har"', (more) => fields.push(...more), maxEntryBytes ? { maxEntryBytes } : {})
  let start = 0
  for (const cut of [...cuts.filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b), bytes.length]) {
    reader.push(bytes.subarray(start, cut))
    start = cut
  }
  reader.end()
  return { fields, reader }
}

describe('HAR reader', () => {
  it('yields every field kind with entry index and field name', () => {
    const { fields, entries } = readHar(JSON.stringify({ log: { entries: [{}, entry] } }), 'x.har')
    expect(rows(fields)).toEqual(expected)
    expect(entries).toBe(2)
  })
  it('gives the same fields for any split of the bytes, multi-byte characters and a BOM included', () => {
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'é€😀', version: '1' },
        pages: [{ id: 'p', title: 'x "}]' }],
        entries: [{ comment: '😀 ]}' }, entry, 7, [entry], entry],
      },
    }
    const bytes = Buffer.from(`\ufeff${JSON.stringify(har, null, 2)}`)
    const whole = readHar(bytes, 'x.har').fields
    expect(rows(whole)).toEqual([...expected, ...expected.map(([, f, v]) => [4, f, v])])
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 12 }), (cuts) => {
        expect(byChunks(bytes, cuts).fields).toEqual(whole)
      }),
      // [2, 2]: the byte order mark cut after two bytes, then an empty chunk (once turned the BOM into U+FFFD)
      { numRuns: 150, examples: [[[2, 2]], [[1, 1, 2]]] },
    )
  })
  it('refuses what is not a HAR with a byte position, never the text around it', () => {
    // A broken capture near a credential: the message says where, never the text around it.
    const broken = '{"log": {"entries": [{"x": tru}} Basic Y29va2llLXNlY3JldA=="}'
    expect(() => readHar(broken, '"a.har"')).toThrow(
      expect.objectContaining({ code: 'ERR_SCAN_HAR_INVALID', message: expect.stringContaining('at byte 30') }),
    )
    expect(() => readHar(broken, 'a.har')).not.toThrow(
      expect.objectContaining({ message: expect.stringMatching(/Basic|Y29v|tru/) }),
    )
    const misplaced = '{"log": {"entries": [{"a" "Y29va2llLXNlY3JldA"}]}}'
    expect(() => readHar(misplaced, 'a.har')).toThrow(
      expect.objectContaining({ code: 'ERR_SCAN_HAR_INVALID', message: expect.not.stringContaining('Y29v') }),
    )
    for (const notHar of ['{', '{"log":{}}', '{"log":{"entries":{}}}', '[1]', '"x"', '{"log":{"entries":[]}} x'])
      expect(() => readHar(notHar, 'a.har'), notHar).toThrow(expect.objectContaining({ code: 'ERR_SCAN_HAR_INVALID' }))
    expect(() => readHar('{"log":{"entries":[{"a":1}', 'a.har')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('ends before its JSON does') }),
    )
  })
  it('skips an entry above the budget, reports it with the limit, and reads the entries around it', () => {
    const big = { ...entry, response: { ...entry.response, content: { text: 'x'.repeat(5000) } } }
    const har = Buffer.from(JSON.stringify({ log: { entries: [entry, big, entry] } }))
    for (const cuts of [[], [40, 300, 2000, 4000, 6000]]) {
      const { fields, reader } = byChunks(har, cuts, 2048)
      expect(fields.map((f) => f.entry)).toEqual([...expected.map(() => 0), ...expected.map(() => 2)])
      expect(reader.skipped).toEqual([{ entry: 1, bytes: JSON.stringify(big).length, reason: 'size' }])
      expect(reader.entries).toBe(3)
    }
    const error = harEntriesSkipped('"x.har"', [{ entry: 1, bytes: 5575, reason: 'size' }], 2048)
    expect(error).toMatchObject({
      code: 'ERR_SCAN_HAR_ENTRY_TOO_LARGE',
      message:
        '"x.har": entry 1 (5.4 KiB (5,575 bytes)) above the 2 KiB limit for one HAR entry was skipped; the rest of the capture was scanned. Scan the file as plain text with --no-har to search those entries too.',
    })
    expect(
      harEntriesSkipped(
        'h',
        [
          { entry: 1, bytes: 3000, reason: 'size' },
          { entry: 4, bytes: 4000, reason: 'size' },
        ],
        2048,
      ).message,
    ).toContain(
      'entry 1 (2.9 KiB (3,000 bytes)) and 1 other entry above the 2 KiB limit for one HAR entry were skipped',
    )
  })

  it('skips an entry nested deeper than maxJsonDepth without building it (nesting costs the parser memory, not bytes)', () => {
    const entry = JSON.stringify({ request: { url: 'https://a.example/', headers: [] }, response: {} })
    // 100,000 levels in a few hundred KB: under the byte budget, far over the depth one
    const nested = (levels: number) => `{"request":{"url":"x"},"x":${'['.repeat(levels)}${']'.repeat(levels)}}`
    const deep = nested(100_000)
    const text = `{"log":{"entries":[${entry},${deep},${entry}]}}`
    for (const cuts of [[], [50, 1000, 150_000]]) {
      const { fields, reader } = byChunks(Buffer.from(text), cuts)
      expect([...new Set(fields.map((f) => f.entry))]).toEqual([0, 2])
      expect(reader.skipped).toEqual([{ entry: 1, bytes: deep.length, reason: 'depth' }])
    }
    // at the limit (the entry object is level 1, its "x" array level 2) the entry is read
    expect(readHar(`{"log":{"entries":[${nested(maxJsonDepth - 1)}]}}`, 'h').skipped).toEqual([])
    expect(readHar(`{"log":{"entries":[${nested(maxJsonDepth)}]}}`, 'h').skipped).toHaveLength(1)
    const error = harEntriesSkipped('"d.har"', [{ entry: 1, bytes: 200_000, reason: 'depth' }])
    expect(error).toMatchObject({
      code: 'ERR_SCAN_HAR_ENTRY_TOO_DEEP',
      message: expect.stringContaining(
        `"d.har": entry 1, nested deeper than ${maxJsonDepth} levels of arrays and objects`,
      ),
    })
  })
  it('skips the rest of an entry over budget as raw bytes, cut in any tokenizer state: the entries after it are read', () => {
    // Strings that a raw skip must read as strings: quotes and brackets escaped or inside them,
    // backslashes before quotes, \u escapes, multi-byte characters; numbers and literals too.
    const nasty = ['"}]{[', '\\', '\\"', 'a\\\\"b', '\u0041\u00e9', 'é€😀'.repeat(40), '"'.repeat(30)].join('x')
    const big = {
      ...entry,
      response: { ...entry.response, content: { text: nasty.repeat(20), size: -1.5e3, ok: true, none: null } },
      comment: [{ a: [nasty, { b: nasty }] }, 'tail'],
    }
    const har = Buffer.from(JSON.stringify({ log: { entries: [entry, big, entry, big, entry] } }))
    const whole = byChunks(har, [], 1024)
    expect(whole.fields.map((f) => f.entry)).toEqual([0, 2, 4].flatMap((n) => expected.map(() => n)))
    const bigBytes = Buffer.byteLength(JSON.stringify(big))
    expect(whole.reader.skipped).toEqual([
      { entry: 1, bytes: bigBytes, reason: 'size' },
      { entry: 3, bytes: bigBytes, reason: 'size' },
    ])
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: har.length - 1 }), { maxLength: 40 }), (cuts) => {
        const split = byChunks(har, cuts, 1024)
        expect(rows(split.fields)).toEqual(rows(whole.fields))
        expect(split.reader.skipped).toEqual(whole.reader.skipped)
        expect(split.reader.entries).toBe(5)
      }),
      { numRuns: 200 },
    )
    // Bad JSON after a skipped entry is still refused, with its position in the whole capture.
    const broken = Buffer.from(`{"log":{"entries":[${JSON.stringify(big)},{"x": tru}]}}`)
    const at = broken.indexOf('tru}') + 3
    expect(() => byChunks(broken, [30, 60], 1024)).toThrow(
      expect.objectContaining({ code: 'ERR_SCAN_HAR_INVALID', message: expect.stringContaining(`at byte ${at}`) }),
    )
    // A capture that ends inside a skipped entry is cut short.
    expect(() => byChunks(har.subarray(0, har.indexOf('tail')), [100], 1024)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('ends before its JSON does') }),
    )
  })
  it('does not keep log.pages or earlier entries: memory follows one entry', () => {
    const filler = 'y'.repeat(64 * 1024)
    const page = JSON.stringify({ id: 'p', title: filler })
    const one = JSON.stringify({ request: { url: `https://a.example/${filler}` } })
    const reader = new HarReader('h', () => {}, { maxEntryBytes: 1024 * 1024 })
    reader.push(Buffer.from(`{"log":{"pages":[${page}`))
    const chunk = Buffer.from(`,${page}`)
    for (let i = 0; i < 200; i++) reader.push(chunk)
    reader.push(Buffer.from(`],"entries":[${one}`))
    const before = process.memoryUsage().heapUsed
    const next = Buffer.from(`,${one}`)
    for (let i = 0; i < 1000; i++) reader.push(next)
    reader.push(Buffer.from(']}}'))
    reader.end()
    expect(reader.entries).toBe(1001)
    // 1,200 objects of 64 KiB went through (~77 MiB); what stays is a fraction of that.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(24 * 1024 * 1024)
  })
  it('decodes base64 bodies leniently: a non-UTF-8 byte does not hide the tokens beside it', () => {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const token = `${b64({ alg: 'HS256' })}.${b64({ sub: 'a' })}.c2lnbmF0dXJlLWJ5dGVz`
    const body = Buffer.concat([
      Buffer.from('{"x":"'),
      Buffer.from([0xff, 0xc3, 0x28]),
      Buffer.from(`","t":"${token}"}`),
    ])
    const har = {
      log: { entries: [{ response: { content: { text: body.toString('base64'), encoding: 'base64' } } }] },
    }
    const { fields } = readHar(JSON.stringify(har), 'h')
    expect(fields.map((f) => f.field)).toEqual(['response.content.text(base64)'])
    expect(findTokens(fields[0]!.value).hits.map((h) => h.token)).toEqual([token])
    const notBase64 = { log: { entries: [{ response: { content: { text: '%%%', encoding: 'base64' } } }] } }
    expect(readHar(JSON.stringify(notBase64), 'h').fields).toEqual([])
  })
  it('neutralises names with control characters', () => {
    const har = { log: { entries: [{ request: { headers: [{ name: 'X\u001b[31m', value: 'v' }] } }] } }
    expect(readHar(JSON.stringify(har), 'h').fields.map((f) => f.field)).toEqual(['request.headers[X?[31m]'])
  })
})
