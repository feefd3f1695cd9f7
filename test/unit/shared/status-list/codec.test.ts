import fc from 'fast-check'
import { gzipSync, zlibSync } from 'fflate'
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { decodeStatusList } from '#shared/status-list/decode'
import { encodeStatuses, encodeStatusList } from '#shared/status-list/encode'
import { PackedStatuses } from '#shared/status-list/packed'
import { statusKind, type StatusBits } from '#shared/status-list/status-types'
import { encodeBase64url } from '#shared/encoding/base64url'

const code = (fn: () => unknown): string => {
  try {
    fn()
  } catch (error) {
    if (error instanceof SignetError) return error.code
    throw error
  }
  throw new Error('expected a SignetError')
}

// draft-ietf-oauth-status-list-19 §4.1 (1 bit, 16 entries) and §4.2 (2 bits, 12 entries).
const example1 = [1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]
const example2 = [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]

// The draft's long test vectors (Appendix "Test vectors for Status List encoding"): 2^20 entries.
const longIndexes = [0, 1993, 25460, 159495, 495669, 554353, 645645, 723232, 854545, 934534, 1000345]
const long1 =
  'eNrt3AENwCAMAEGogklACtKQPg9LugC9k_ACvreiogEAAKkeCQAAAAAAAAAAAAAAAAAAAIBylgQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAXG9IAAAAAAAAAPwsJAAAAAAAAAAAAAAAvhsSAAAAAAAAAAAA7KpLAAAAAAAAAAAAAAAAAAAAAJsLCQAAAAAAAAAAADjelAAAAAAAAAAAKjDMAQAAAACAZC8L2AEb'
const long2Values = [1, 2, 1, 3, 1, 1, 2, 1, 1, 2, 3]
const long2 =
  'eNrt2zENACEQAEEuoaBABP5VIO01fCjIHTMStt9ovGVIAAAAAABAbiEBAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEB5WwIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAID0ugQAAAAAAAAAAAAAAAAAQG12SgAAAAAAAAAAAAAAAAAAAAAAAAAAAOCSIQEAAAAAAAAAAAAAAAAAAAAAAAD8ExIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAwJEuAQAAAAAAAAAAAAAAAAAAAAAAAMB9SwIAAAAAAAAAAAAAAAAAAACoYUoAAAAAAAAAAAAAAEBqH81gAQw'

describe("the draft's own examples", () => {
  it('encodes the §4.1 one-bit example exactly (bytes 0xB9 0xA3)', () => {
    const packed = new PackedStatuses(1, 16)
    example1.forEach((value, index) => packed.set(index, value))
    expect([...packed.bytes]).toEqual([0xb9, 0xa3])
    expect(encodeStatuses(example1, 1)).toEqual({ bits: 1, lst: 'eNrbuRgAAhcBXQ' })
  })

  it('encodes the two-bit example exactly (bytes 0xC9 0x44 0xF9)', () => {
    const packed = new PackedStatuses(2, 12)
    example2.forEach((value, index) => packed.set(index, value))
    expect([...packed.bytes]).toEqual([0xc9, 0x44, 0xf9])
    expect(encodeStatuses(example2, 2)).toEqual({ bits: 2, lst: 'eNo76fITAAPfAgc' })
  })

  it('decodes both short examples back to their statuses', () => {
    const one = decodeStatusList({ bits: 1, lst: 'eNrbuRgAAhcBXQ' }, { size: 16 })
    expect(Array.from({ length: 16 }, (_, i) => one.packed.get(i))).toEqual(example1)
    const two = decodeStatusList({ bits: 2, lst: 'eNo76fITAAPfAgc' }, { size: 12 })
    expect(Array.from({ length: 12 }, (_, i) => two.packed.get(i))).toEqual(example2)
  })

  it.each([
    [1 as const, long1, longIndexes.map(() => 1)],
    [2 as const, long2, long2Values],
  ])(
    'decodes the 2^20-entry %i-bit test vector to exactly its statuses, and round-trips them',
    (bits, lst, values) => {
      const list = decodeStatusList({ bits, lst }, { size: 1 << 20 })
      const expected = new Map(longIndexes.map((index, i) => [index, values[i]!]))
      const counts = list.packed.counts()
      expect(counts.get(0)).toBe((1 << 20) - longIndexes.length)
      for (const [index, value] of expected) expect(list.packed.get(index)).toBe(value)
      // DEFLATE output is not unique (zlib and fflate pick different matches on long inputs), so the
      // conformance property is the inverse: Signet's own encoding decodes to the same statuses.
      const again = decodeStatusList(encodeStatusList(list.packed), { size: 1 << 20 })
      expect(again.packed.bytes).toEqual(list.packed.bytes)
    },
    60_000,
  )
})

describe('round trip', () => {
  it.each([1, 2, 4, 8] as const)(
    'decodes what it encodes at %i bit(s) per entry',
    (bits: StatusBits) => {
      const defined = Array.from({ length: 1 << bits }, (_, v) => v).filter((v) => statusKind(v) !== 'reserved')
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...defined), { minLength: 1, maxLength: 3000 }), (statuses) => {
          const encoded = encodeStatuses(statuses, bits)
          const decoded = decodeStatusList(encoded, { size: statuses.length })
          expect(Array.from({ length: statuses.length }, (_, i) => decoded.packed.get(i))).toEqual(statuses)
          expect(decoded.reservedCount).toBe(0)
        }),
        { numRuns: 60 },
      )
    },
    60_000,
  )
})

describe('validation', () => {
  it('refuses bits other than 1, 2, 4, 8', () => {
    expect(code(() => encodeStatuses([0], 3))).toBe('ERR_STATUS_LIST_BITS')
    expect(code(() => decodeStatusList({ bits: 3, lst: 'eNrbuRgAAhcBXQ' }))).toBe('ERR_STATUS_LIST_BITS')
  })

  it('refuses values too wide for bits, and reserved values when setting', () => {
    expect(code(() => encodeStatuses([2], 1))).toBe('ERR_STATUS_LIST_VALUE')
    expect(code(() => encodeStatuses([0x04], 4))).toBe('ERR_STATUS_LIST_VALUE')
    expect(code(() => encodeStatuses([1.5], 8))).toBe('ERR_STATUS_LIST_VALUE')
    expect(encodeStatuses([0x04], 4, { allowReserved: true }).bits).toBe(4)
  })

  it('reports reserved values when decoding instead of refusing them', () => {
    const lst = encodeBase64url(zlibSync(new Uint8Array([0x00, 0x10, 0x0c, 0xff]), { level: 9 }))
    const list = decodeStatusList({ bits: 8, lst })
    expect(list.reserved).toEqual([
      { index: 1, value: 0x10 },
      { index: 3, value: 0xff },
    ])
    expect(list.reservedCount).toBe(2)
  })

  it('checks length and padding against a known size', () => {
    const { lst } = encodeStatuses(example1, 1)
    expect(code(() => decodeStatusList({ bits: 1, lst }, { size: 24 }))).toBe('ERR_STATUS_LIST_LENGTH')
    // 14 entries fit in the same 2 bytes, but entries 14 and 15 of the example are set: padding.
    expect(code(() => decodeStatusList({ bits: 1, lst }, { size: 14 }))).toBe('ERR_STATUS_LIST_PADDING')
  })

  it('refuses non-base64url, non-ZLIB, truncated and tampered streams with their own codes', () => {
    expect(code(() => decodeStatusList({ bits: 1, lst: 'eNrb+RgAAhcBXQ' }))).toBe('ERR_STATUS_LIST_ENCODING')
    expect(code(() => decodeStatusList({ bits: 1, lst: encodeBase64url(new Uint8Array([1, 2, 3, 4, 5, 6, 7])) }))).toBe(
      'ERR_STATUS_LIST_ZLIB',
    )
    const good = zlibSync(new Uint8Array(4096).fill(0x55), { level: 9 })
    expect(code(() => decodeStatusList({ bits: 1, lst: encodeBase64url(good.subarray(0, good.length - 6)) }))).toBe(
      'ERR_STATUS_LIST_ZLIB',
    )
    const tampered = good.slice()
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1
    expect(code(() => decodeStatusList({ bits: 1, lst: encodeBase64url(tampered) }))).toBe('ERR_STATUS_LIST_ZLIB')
  })

  it('stops a decompression bomb at the byte budget', () => {
    // 8 MiB of zeros compresses to about 8 KB; node's zlib builds it fast, Signet must stop at 1 MiB.
    const bomb = deflateSync(new Uint8Array(8 * 1024 * 1024), { level: 9 }).toString('base64url')
    expect(bomb.length).toBeLessThan(12_000)
    expect(code(() => decodeStatusList({ bits: 1, lst: bomb }, { limits: { maxBytes: 1024 * 1024 } }))).toBe(
      'ERR_STATUS_LIST_TOO_LARGE',
    )
    expect(code(() => decodeStatusList({ bits: 1, lst: 'eNrbuRgAAhcBXQ' }, { limits: { maxBytes: 1 } }))).toBe(
      'ERR_STATUS_LIST_TOO_LARGE',
    )
    expect(code(() => decodeStatusList({ bits: 1, lst: 'eNrbuRgAAhcBXQ' }, { limits: { maxLstChars: 4 } }))).toBe(
      'ERR_STATUS_LIST_COMPRESSED_TOO_LARGE',
    )
    expect(() => decodeStatusList({ bits: 1, lst: 'eNrbuRgAAhcBXQ' }, { limits: { maxLstChars: 4 } })).toThrow(
      'status_list.lst is 14 characters, more than the 4 characters Signet reads.',
    )
  })

  it('decodes the same bytes whether the stream is inflated in one call or in budget-sized slices', () => {
    const bytes = new Uint8Array(64 * 1024)
    for (let i = 0; i < bytes.length; i += 7) bytes[i] = (i * 31) & 0xff
    const compressed = deflateSync(bytes, { level: 9 })
    const lst = compressed.toString('base64url')
    // 1032 × the compressed length fits a 64 MiB budget (one call), not a 70 KiB one (slices of 1 KiB).
    const whole = decodeStatusList({ bits: 8, lst }, { limits: { maxBytes: 64 * 1024 * 1024 } })
    const sliced = decodeStatusList({ bits: 8, lst }, { limits: { maxBytes: 70 * 1024 } })
    expect(Buffer.from(whole.packed.bytes).equals(Buffer.from(bytes))).toBe(true)
    expect(Buffer.from(sliced.packed.bytes).equals(Buffer.from(bytes))).toBe(true)
    // Both paths refuse a truncated stream and a wrong checksum.
    for (const maxBytes of [64 * 1024 * 1024, 70 * 1024]) {
      expect(
        code(() =>
          decodeStatusList(
            { bits: 8, lst: compressed.subarray(0, compressed.length - 9).toString('base64url') },
            { limits: { maxBytes } },
          ),
        ),
      ).toBe('ERR_STATUS_LIST_ZLIB')
      const tampered = Buffer.from(compressed)
      tampered[tampered.length - 2] = tampered[tampered.length - 2]! ^ 4
      expect(
        code(() => decodeStatusList({ bits: 8, lst: tampered.toString('base64url') }, { limits: { maxBytes } })),
      ).toBe('ERR_STATUS_LIST_ZLIB')
    }
  })

  it('stops a bomb too big for one call at the default budget, in slices', () => {
    // 24 MiB of zeros: ~24 KB compressed, past the one-call bound (16 KiB) — the sliced path must refuse it.
    const compressed = deflateSync(new Uint8Array(24 * 1024 * 1024), { level: 1 })
    expect(compressed.length * 1032).toBeGreaterThan(16 * 1024 * 1024)
    expect(code(() => decodeStatusList({ bits: 1, lst: compressed.toString('base64url') }))).toBe(
      'ERR_STATUS_LIST_TOO_LARGE',
    )
  }, 30_000)

  it('recognises a W3C Bitstring Status List (GZIP, with or without the multibase "u")', () => {
    const gz = encodeBase64url(gzipSync(new Uint8Array(16384)))
    for (const lst of [gz, `u${gz}`]) {
      let message = ''
      try {
        decodeStatusList({ bits: 1, lst })
      } catch (error) {
        expect((error as SignetError).code).toBe('ERR_STATUS_LIST_W3C_FORMAT')
        message = (error as Error).message
      }
      expect(message).toMatch(/W3C Bitstring Status List/)
    }
  })

  it('refuses an index outside the list', () => {
    const list = decodeStatusList({ bits: 1, lst: 'eNrbuRgAAhcBXQ' }, { size: 16 })
    expect(code(() => list.packed.get(16))).toBe('ERR_STATUS_LIST_INDEX')
    expect(code(() => list.packed.get(-1))).toBe('ERR_STATUS_LIST_INDEX')
  })
})

describe('messages count bits in words ("1 bit", "2 bits"), never "bit(s)"', () => {
  const message = (fn: () => unknown): string => {
    try {
      fn()
    } catch (error) {
      return (error as Error).message
    }
    throw new Error('expected an error')
  }
  it('encode, decode and the packed array', () => {
    expect(message(() => encodeStatuses([0, 2], 1))).toContain('with 1 bit per entry it must be an integer 0–1')
    expect(message(() => encodeStatuses([0, 4], 2))).toContain('with 2 bits per entry it must be an integer 0–3')
    expect(message(() => decodeStatusList({ bits: 2, lst: 'eNo76fITAAPfAgc' }, { size: 16 }))).toContain(
      '16 entries of 2 bits need exactly 4',
    )
    expect(message(() => new PackedStatuses(1, 8).set(0, 2))).toContain('does not fit in 1 bit per entry (0–1)')
  })
})
