import { describe, expect, it } from 'vitest'
import { compareKeysForDisplay, sortKeysForDisplay } from '#shared/managed-keys/key-order'
import type { KeyState } from '#shared/managed-keys/types'

const key = (kid: string, state: KeyState, created: string) => ({ kid, state, history: [{ state, at: created }] })

describe('the one key order (table, sidebar, lifecycle timeline)', () => {
  it('puts the signing key first, then staged, retired, compromised, unpublished, destroyed; oldest first within a state; then by kid', () => {
    const keys = [
      key('gone', 'destroyed', '2030-01-01T00:00:00Z'),
      key('b-new', 'staged', '2030-01-03T00:00:00Z'),
      key('old', 'retired', '2030-01-01T00:00:00Z'),
      key('a-new', 'staged', '2030-01-03T00:00:00Z'),
      key('signing', 'active', '2030-01-02T00:00:00Z'),
      key('first-staged', 'staged', '2030-01-02T00:00:00Z'),
      key('out', 'unpublished', '2029-01-01T00:00:00Z'),
      key('leak', 'compromised', '2030-01-05T00:00:00Z'),
    ]
    expect(sortKeysForDisplay(keys).map((k) => k.kid)).toEqual([
      'signing',
      'first-staged',
      'a-new',
      'b-new',
      'old',
      'leak',
      'out',
      'gone',
    ])
    // total and independent of the input order
    expect(sortKeysForDisplay([...keys].reverse())).toEqual(sortKeysForDisplay(keys))
    expect(keys).toHaveLength(8)
    expect(compareKeysForDisplay(keys[0]!, keys[0]!)).toBe(0)
  })
})
