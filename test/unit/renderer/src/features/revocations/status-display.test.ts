import { describe, expect, it } from 'vitest'
import { cellKind, filterKeeps, parseIndexList, settableStatuses } from '#renderer/features/revocations/status-display'

describe('parseIndexList', () => {
  it('reads indexes and inclusive ranges, separated by commas, spaces or semicolons', () => {
    expect(parseIndexList('17, 4096;100-200  7–9')).toEqual({
      indexes: [17, 4096],
      ranges: [
        [100, 200],
        [7, 9],
      ],
    })
  })

  it('names the part it cannot read, and refuses backwards ranges and empty input', () => {
    expect(() => parseIndexList('3, x7')).toThrow('"x7" is not an index or a range')
    expect(() => parseIndexList('20-10')).toThrow('"20-10" runs backwards')
    expect(() => parseIndexList(' , ')).toThrow('Give at least one index')
    expect(() => parseIndexList('-5')).toThrow('is not an index')
  })

  it('has a budget on the number of parts, stated in the message', () => {
    expect(() => parseIndexList(Array.from({ length: 11 }, (_, i) => String(i)).join(','), 10)).toThrow(
      'At most 10 indexes or ranges',
    )
  })
})

describe('statuses on the screen', () => {
  it('offers only the statuses a list of that width can hold, never reserved ones', () => {
    expect(settableStatuses(1).map((s) => s.value)).toEqual(['1', '0'])
    expect(settableStatuses(2).map((s) => s.value)).toEqual(['1', '0', '2', '3'])
    expect(settableStatuses(8).map((s) => s.value)).toEqual(['1', '0', '2', '3', '12', '13', '14', '15'])
  })

  it('colours VALID by allocation and everything else by its status kind; filters keep what they name', () => {
    expect([
      cellKind(0, false),
      cellKind(0, true),
      cellKind(1, true),
      cellKind(2, false),
      cellKind(3, false),
      cellKind(4, false),
    ]).toEqual(['free', 'allocated', 'invalid', 'suspended', 'application-specific', 'reserved'])
    expect(filterKeeps('allocated', 'free')).toBe(false)
    expect(filterKeeps('allocated', 'invalid')).toBe(true)
    expect(filterKeeps('invalid', 'suspended')).toBe(false)
    expect(filterKeeps('other', 'reserved')).toBe(true)
    expect(filterKeeps('all', 'free')).toBe(true)
  })
})
