import { describe, expect, it } from 'vitest'
import {
  formatListCounts,
  formatStatusChanges,
  parseListCounts,
  parseStatusChanges,
} from '#shared/status-list/audit-details'

describe('status-list audit details: written and read in one place', () => {
  it('status changes round-trip as "idx:from>to"', () => {
    const changes = [
      { idx: 5, from: 0, to: 1 },
      { idx: 9, from: 2, to: 1 },
    ]
    expect(formatStatusChanges(changes)).toBe('5:0>1,9:2>1')
    expect(parseStatusChanges(formatStatusChanges(changes))).toEqual(changes)
    expect(parseStatusChanges('')).toEqual([])
    expect(parseStatusChanges('5:0>1,garbled')).toEqual([{ idx: 5, from: 0, to: 1 }, 'garbled'])
  })

  it('list counts round-trip as "name:count", the count after the last colon', () => {
    const lists = [
      { list: 'tokens', count: 3 },
      { list: 'odd:name', count: 1 },
    ]
    expect(formatListCounts(lists)).toBe('tokens:3,odd:name:1')
    expect(parseListCounts(formatListCounts(lists))).toEqual([
      { list: 'tokens', count: '3' },
      { list: 'odd:name', count: '1' },
    ])
    expect(parseListCounts('nocount')).toEqual(['nocount'])
  })
})
