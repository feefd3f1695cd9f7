import { StatusList } from '@sd-jwt/jwt-status-list'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeStatusList } from '#shared/status-list/decode'
import { encodeStatuses } from '#shared/status-list/encode'
import type { StatusBits } from '#shared/status-list/status-types'

// An independent implementation (OpenWallet Foundation's sd-jwt-js, which compresses with pako)
// must read what Signet writes, and Signet must read what it writes.
describe('interoperability with @sd-jwt/jwt-status-list', () => {
  const sizes = (bits: StatusBits) => fc.integer({ min: 1, max: 400 }).map((n) => (n * 8) / bits)
  const values = (bits: StatusBits) => fc.constantFrom(...[0, 1, 2, 3, 12, 15].filter((v) => v < 1 << bits))

  it.each([1, 2, 4, 8] as const)(
    "they decode Signet's %i-bit lists, and Signet decodes theirs",
    (bits) => {
      fc.assert(
        fc.property(
          sizes(bits).chain((size) => fc.array(values(bits), { minLength: size, maxLength: size })),
          (statuses) => {
            const ours = encodeStatuses(statuses, bits)
            const theirsReading = StatusList.decompressStatusList(ours.lst, bits)
            expect(statuses.map((_, i) => theirsReading.getStatus(i))).toEqual(statuses)

            const theirs = new StatusList(statuses, bits).compressStatusList()
            const oursReading = decodeStatusList({ bits, lst: theirs }, { size: statuses.length })
            expect(statuses.map((_, i) => oursReading.packed.get(i))).toEqual(statuses)
          },
        ),
        { numRuns: 40 },
      )
    },
    60_000,
  )
})
