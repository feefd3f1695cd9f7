import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { entryFields, readHar, type HarField } from '#shared/scan/har'
import { percentDecodeRounds } from '#shared/scan/percent'
import { fuzzRuns, fuzzTargets } from './harness'

/**
 * The scan's input readers under random bytes and random JSON: the streaming HAR reader returns or
 * throws ERR_SCAN_HAR_INVALID, never anything else, and on any valid JSON capture it yields what a
 * walk of JSON.parse's entries yields; percent-decoding never throws.
 */

const json = fc.jsonValue({ maxDepth: 4 })
const harLike = fc.record({
  log: fc.record({
    entries: fc.array(
      fc.oneof(
        json,
        fc.record({
          request: fc.record({
            url: fc.string(),
            headers: fc.array(fc.record({ name: fc.string(), value: fc.string() }), { maxLength: 3 }),
          }),
          response: fc.record({ content: fc.record({ text: fc.string(), encoding: fc.constantFrom('base64', '') }) }),
        }),
      ),
      { maxLength: 5 },
    ),
    pages: fc.array(json, { maxLength: 2 }),
  }),
})

describe('scan inputs under fuzzing', () => {
  it('readHar and percentDecodeRounds: 0 unhandled errors on random bytes and text', async () => {
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      json.map((v) => JSON.stringify(v)),
      harLike.map((v) => JSON.stringify(v)),
      harLike.map((v) => JSON.stringify(v).slice(0, -3)),
    )
    const counts = await fuzzTargets(
      input,
      {
        readHar: (bytes) => readHar(bytes, '"f.har"'),
        percent: (bytes) => percentDecodeRounds(typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes)),
      },
      Math.min(fuzzRuns, 5000),
    )
    expect(counts.readHar!.returned).toBeGreaterThan(0)
    expect(counts.readHar!.handled).toBeGreaterThan(0)
  })
  it('on a valid capture, yields exactly the fields of a walk over JSON.parse', () => {
    fc.assert(
      fc.property(harLike, (har) => {
        const text = JSON.stringify(har)
        const parsed = JSON.parse(text) as { log: { entries: unknown[] } }
        const walked: HarField[] = parsed.log.entries.flatMap((entry, index) => [
          ...entryFields(
            index,
            entry !== null && typeof entry === 'object' && !Array.isArray(entry)
              ? (entry as Record<string, unknown>)
              : {},
          ),
        ])
        expect(readHar(text, 'h').fields).toEqual(walked)
      }),
      { numRuns: Math.min(fuzzRuns, 2000) },
    )
  })
})
