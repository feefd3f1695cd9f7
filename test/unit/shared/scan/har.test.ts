import { describe, expect, it } from 'vitest'
import { harFields, parseHar } from '#shared/scan/har'

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

describe('HAR walker', () => {
  it('yields every field kind with entry index and field name', () => {
    const fields = [...harFields(parseHar(JSON.stringify({ log: { entries: [{}, entry] } }), 'x.har'))]
    expect(fields.map((f) => [f.entry, f.field, f.value])).toEqual([
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
    ])
  })
  it('refuses what is not a HAR, and enforces its budgets with codes', () => {
    // A broken capture near a credential: the message says where, never the text around it.
    const broken = '{"log": {"entries": [{"x": tru}} Basic Y29va2llLXNlY3JldA=="}'
    expect(() => parseHar(broken, 'a.har')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('(unexpected identifier at line 1, column 28)') }),
    )
    expect(() => parseHar(broken, 'a.har')).not.toThrow(
      expect.objectContaining({ message: expect.stringMatching(/Basic|Y29v/) }),
    )
    expect(() => parseHar('{', 'a.har')).toThrow(expect.objectContaining({ code: 'ERR_SCAN_HAR_INVALID' }))
    expect(() => parseHar('{"log":{}}', 'a.har')).toThrow(expect.objectContaining({ code: 'ERR_SCAN_HAR_INVALID' }))
    expect(() => parseHar('{"log":{"entries":[]}}   ', 'a.har', { maxBytes: 10 })).toThrow(
      expect.objectContaining({ code: 'ERR_SCAN_HAR_TOO_LARGE' }),
    )
    expect(() => parseHar('{"log":{"entries":[{},{},{}]}}', 'a.har', { maxEntries: 2 })).toThrow(
      expect.objectContaining({ code: 'ERR_SCAN_HAR_TOO_MANY_ENTRIES' }),
    )
  })
  it('measures the capture in UTF-8 bytes, not UTF-16 code units, and names both in the message', () => {
    // 300 three-byte characters: 330 code units of JSON, 930 bytes.
    const har = JSON.stringify({ log: { entries: [{ comment: '€'.repeat(300) }] } })
    expect(har.length).toBeLessThan(512)
    const bytes = new TextEncoder().encode(har).length
    expect(() => parseHar(har, '"a.har"', { maxBytes: 512 })).toThrow(
      expect.objectContaining({
        code: 'ERR_SCAN_HAR_TOO_LARGE',
        message: `"a.har" is ${bytes} bytes, above the 512 bytes limit for a HAR capture; split the capture, or scan it as plain text with --no-har.`,
      }),
    )
    expect(parseHar(har, '"a.har"', { maxBytes: bytes })).toHaveLength(1)
    expect(() => parseHar('{"log":{"entries":[{},{},{}]}}', 'a.har', { maxEntries: 2 })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('has 3 entries, above the limit of 2 entries') }),
    )
  })
  it('skips base64 content that is not text, and names with control characters are neutralised', () => {
    const har = {
      log: {
        entries: [
          {
            request: { headers: [{ name: 'X\u001b[31m', value: 'v' }] },
            response: { content: { text: Buffer.from([0xff, 0xfe]).toString('base64'), encoding: 'base64' } },
          },
        ],
      },
    }
    expect([...harFields(parseHar(JSON.stringify(har), 'h'))].map((f) => f.field)).toEqual(['request.headers[X?[31m]'])
  })
})
