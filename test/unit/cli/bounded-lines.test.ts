import { PassThrough } from 'node:stream'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import { boundedLines, type BoundedLine } from '#cli/bounded-lines'

async function* from(chunks: string[]) {
  for (const chunk of chunks) yield chunk
}
async function collect(chunks: string[], max = 100): Promise<BoundedLine[]> {
  const lines: BoundedLine[] = []
  for await (const line of boundedLines(from(chunks), max)) lines.push(line)
  return lines
}
async function viaReadline(text: string): Promise<string[]> {
  const input = new PassThrough()
  input.end(text)
  const lines: string[] = []
  for await (const line of createInterface({ input, crlfDelay: Infinity })) lines.push(line)
  return lines
}

describe('boundedLines', () => {
  it('splits as readline does (LF, CRLF, lone CR, a CRLF split across chunks, no final ending), whatever the chunking', async () => {
    const text = 'a\nb\r\nc\rd\r\n\r\n\ne\r\rf'
    const expected = (await viaReadline(text)).map((line) => line.trim())
    for (let cut = 0; cut <= text.length; cut++)
      for (let cut2 = cut; cut2 <= text.length; cut2++) {
        const lines = await collect([text.slice(0, cut), text.slice(cut, cut2), text.slice(cut2)])
        expect(lines.map((line) => line.text?.trim())).toEqual(expected)
      }
  })

  it('drops a line over the limit as it streams and goes on with the next', async () => {
    const lines = await collect(['ok\n', 'x'.repeat(60), 'x'.repeat(60), 'x\n', 'after\n'], 100)
    expect(lines).toEqual([{ text: 'ok' }, { tooLong: true }, { text: 'after' }])
  })

  it('keeps a line of exactly the limit, and does not count leading padding', async () => {
    const lines = await collect([`${'y'.repeat(100)}\n`, ' '.repeat(500), 'z\n', `${'\t'.repeat(200)}\n`], 100)
    expect(lines).toEqual([{ text: 'y'.repeat(100) }, { text: 'z' }, { text: '' }])
    expect(await collect([`${'y'.repeat(101)}`], 100)).toEqual([{ tooLong: true }])
  })

  it('holds only the limit: a 20 MB line passes through without growing the heap by its size', async () => {
    const chunk = 'A'.repeat(64 * 1024)
    async function* big() {
      for (let i = 0; i < 320; i++) yield chunk
      yield '\nnext\n'
    }
    const lines: BoundedLine[] = []
    for await (const line of boundedLines(big(), 1024)) lines.push(line)
    expect(lines).toEqual([{ tooLong: true }, { text: 'next' }])
  })
})
