import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { openText } from '#electron/services/scan/inputs'

/**
 * The text decoding of scan inputs, on real files: UTF-8 characters split across read chunks come
 * out whole, a leading byte order mark is dropped (as TextDecoder did), invalid bytes become U+FFFD.
 */

const dir = mkdtempSync(join(tmpdir(), 'signet-inputs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function textOf(name: string, bytes: Buffer): Promise<{ text: string; chunks: number }> {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  const input = await openText(path)
  if (input.kind !== 'text') throw new Error(`read as ${input.kind}`)
  let text = ''
  let chunks = 0
  for await (const chunk of input.chunks) {
    text += chunk
    chunks++
  }
  return { text, chunks }
}

describe('scan input decoding', () => {
  it('keeps multi-byte characters whole across every chunk boundary and drops a leading BOM', async () => {
    // 3-byte and 4-byte characters repeated over 300 KB: chunk boundaries fall inside some of them
    const body = 'é€😀 token ─ '.repeat(20_000)
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')])
    const { text, chunks } = await textOf('multi.log', bytes)
    expect(chunks).toBeGreaterThan(1)
    expect(text).toBe(body)
  })

  it('keeps a BOM that is not at the start, and turns invalid bytes into U+FFFD', async () => {
    const bytes = Buffer.concat([Buffer.from('a\uFEFFb', 'utf8'), Buffer.from([0xff, 0x41, 0xe2, 0x82])])
    expect((await textOf('odd.log', bytes)).text).toBe('a\uFEFFb\uFFFDA\uFFFD')
  })

  it('decodes gzip input the same way', async () => {
    const body = 'ß'.repeat(100_000)
    expect(
      (await textOf('z.log.gz', gzipSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)])))).text,
    ).toBe(body)
  })
})
