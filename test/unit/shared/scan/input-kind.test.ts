import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { inputKind } from '#shared/scan/input-kind'
import { gzipOutputLimit } from '#shared/scan/gzip-budget'
import { gunzipChunks } from '#shared/scan/gunzip'
import { maxGzipOutputBytes, maxGzipRatio, minGzipBudgetBase } from '#shared/limits'

const bytes = (text: string) => new TextEncoder().encode(text)

describe('inputKind: one rule for the CLI and the app', () => {
  it('gzip by magic bytes whatever the name; HAR by name or by its start; text otherwise', () => {
    const gz = gzipSync('{"log":{}}')
    expect(inputKind('a.log', gz)).toBe('gzip')
    expect(inputKind('a.har', gz)).toBe('gzip')
    expect(inputKind('a.har', bytes('x'))).toBe('har')
    expect(inputKind('A.HAR.GZ', bytes('x'))).toBe('har')
    expect(inputKind('export.json', bytes('\ufeff\r\n {\n  "log" : {'))).toBe('har')
    expect(inputKind('-', bytes('{"log":{"entries":[]}}'))).toBe('har')
    expect(inputKind('export.json', bytes('{"logs":{}}'))).toBe('text')
    expect(inputKind('export.json', bytes('[{"log":{}}]'))).toBe('text')
    expect(inputKind('a.harness', bytes('x'))).toBe('text')
    expect(inputKind('a.har', bytes('{"log":{}}'), { harAware: false })).toBe('text')
    expect(inputKind('a.log', new Uint8Array(0))).toBe('text')
  })
})

describe('the gzip budget', () => {
  it('is a ratio to the compressed size, from a floor, under an absolute cap', () => {
    expect(gzipOutputLimit(1024 * 1024)).toBe(maxGzipRatio * 1024 * 1024)
    expect(gzipOutputLimit(10)).toBe(maxGzipRatio * minGzipBudgetBase)
    expect(gzipOutputLimit(1024 ** 3)).toBe(maxGzipOutputBytes)
  })
  it('gunzipChunks: multi-member gzip in any split; a bomb stops before it is inflated whole', async () => {
    const members = Buffer.concat([gzipSync('hello '), gzipSync('world')])
    for (const size of [1, 7, members.length]) {
      const pieces = async function* () {
        for (let i = 0; i < members.length; i += size) yield members.subarray(i, i + size)
      }
      let text = ''
      for await (const chunk of gunzipChunks(pieces(), '"m.gz"')) text += Buffer.from(chunk).toString()
      expect(text).toBe('hello world')
    }
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024))
    let out = 0
    const run = async () => {
      for await (const chunk of gunzipChunks([bomb], '"b.gz"', bomb.length)) out += chunk.length
    }
    await expect(run()).rejects.toMatchObject({ code: 'ERR_SCAN_GZIP_TOO_LARGE' })
    expect(out).toBeLessThanOrEqual(gzipOutputLimit(bomb.length))
  })
})
