import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FoundToken, ScanLocation } from '#electron/services/scan/find-in-input'
import { StreamIndex } from '#electron/services/scan/stream-index'
import { TokenIndex } from '#electron/services/scan/token-index'

/**
 * A streamed scan's de-duplication: what its token lines and location lines say, folded together,
 * is what the whole-input index says — the same tokens in the same first-seen order, each with the
 * same locations in the same order, every sighting counted — however the printing interleaves
 * with the reading; and it keeps no token once printed.
 */

const hit = (token: string, line: number): FoundToken => ({
  token,
  kind: 'jws',
  location: { file: 'x.log', line, column: 1 },
})

describe('StreamIndex', () => {
  it('hands each distinct token out once with its locations so far, then reports later sightings', () => {
    const later: [string, ScanLocation][] = []
    const stream = new StreamIndex((sha256, location) => later.push([sha256, location]))
    stream.add([hit('a.b.c', 1), hit('d.e.f', 2), hit('a.b.c', 3)])
    const [a, d] = stream.take(10)
    expect(stream.take(10)).toEqual([])
    expect(a!.locations.map((l) => 'line' in l && l.line)).toEqual([1, 3])
    expect(a!.occurrences).toBe(2)
    stream.add([hit('a.b.c', 4)])
    // not yet printed: the sighting joins the token's own line
    expect(a!.locations).toHaveLength(3)
    stream.printed(a!.sha256)
    stream.add([hit('a.b.c', 5), hit('d.e.f', 6)])
    expect(later).toEqual([[a!.sha256, { file: 'x.log', line: 5, column: 1 }]])
    expect(d!.locations).toHaveLength(2)
    expect(stream.size).toBe(2)
    expect(stream.occurrences).toBe(6)
  })

  it('lists at most maxLocations locations per token in all, counting every sighting', () => {
    const later: ScanLocation[] = []
    const stream = new StreamIndex((_, location) => later.push(location), { budget: { maxLocations: 3 } })
    stream.add([hit('t', 1), hit('t', 2)])
    const [t] = stream.take(1)
    stream.printed(t!.sha256)
    stream.add([1, 2, 3, 4].map((n) => hit('t', 10 + n)))
    expect(later).toHaveLength(1)
    expect(stream.occurrences).toBe(6)
  })

  it('refuses more than maxTokens distinct tokens with ERR_SCAN_TOO_MANY_TOKENS', () => {
    const stream = new StreamIndex(() => {}, { budget: { maxTokens: 2 } })
    stream.add([hit('a', 1), hit('b', 2), hit('a', 3)])
    expect(() => stream.add([hit('c', 4)])).toThrow(expect.objectContaining({ code: 'ERR_SCAN_TOO_MANY_TOKENS' }))
  })

  it('asks the reader to wait while too many tokens wait for analysis, and lets it go once they are taken', async () => {
    const stream = new StreamIndex(() => {}, { maxWaiting: 2 })
    expect(stream.add([hit('a', 1)])).toBeUndefined()
    const wait = stream.add([hit('b', 2)])
    expect(wait).toBeInstanceOf(Promise)
    let released = false
    void wait!.then(() => (released = true))
    await Promise.resolve()
    expect(released).toBe(false)
    stream.take(1)
    await new Promise((resolve) => setImmediate(resolve))
    expect(released).toBe(true)
  })

  it('waits for the output when it has no room', async () => {
    let room: Promise<void> | null = new Promise<void>(() => {})
    const stream = new StreamIndex(() => {}, { room: () => room })
    expect(stream.add([hit('a', 1)])).toBe(room)
    room = null
    expect(stream.add([hit('a', 2)])).toBeUndefined()
  })

  it('still knows a token once the table of recent tokens has been emptied', () => {
    const stream = new StreamIndex(() => {})
    stream.add(Array.from({ length: 5000 }, (_, i) => hit(`token-${i}`, i + 1)))
    stream.add([hit('token-0', 9999)])
    expect(stream.size).toBe(5000)
    expect(stream.take(1)[0]!.locations).toHaveLength(2)
  })

  it('folds to what the whole-input index holds, however printing interleaves with reading', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e'), { maxLength: 8 }), { maxLength: 12 }),
        fc.array(fc.nat(4), { minLength: 12, maxLength: 12 }),
        (batches, takes) => {
          const budget = { maxTokens: 100, maxLocations: 4 }
          const index = new TokenIndex(budget)
          const lines: (
            | { type: 'token'; sha256: string; locations: ScanLocation[] }
            | { type: 'location'; sha256: string; location: ScanLocation }
          )[] = []
          const stream = new StreamIndex((sha256, location) => lines.push({ type: 'location', sha256, location }), {
            budget,
          })
          const print = (max: number) => {
            for (const entry of stream.take(max)) {
              lines.push({ type: 'token', sha256: entry.sha256, locations: [...entry.locations] })
              stream.printed(entry.sha256)
            }
          }
          let line = 0
          batches.forEach((batch, i) => {
            const found = batch.map((token) => hit(token, ++line))
            index.add(found)
            void stream.add(found)
            print(takes[i]!)
          })
          print(Number.MAX_SAFE_INTEGER)
          const folded = new Map<string, ScanLocation[]>()
          for (const l of lines) {
            if (l.type === 'token') folded.set(l.sha256, l.locations)
            else folded.get(l.sha256)!.push(l.location)
          }
          expect([...folded.keys()]).toEqual([...index.tokens.keys()])
          for (const [sha256, entry] of index.tokens) expect(folded.get(sha256)).toEqual(entry.locations)
          expect(stream.occurrences).toBe(index.occurrences)
        },
      ),
    )
  })
})
