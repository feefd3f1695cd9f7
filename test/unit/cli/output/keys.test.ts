import { describe, expect, it } from 'vitest'
import type { KeyInfo } from '#shared/managed-keys/types'
import { formatKeys } from '#cli/output/keys'

/** A key as `keys list` reads it, with only what the table prints filled in. */
function key(kid: string, enteredAt: string): KeyInfo {
  return {
    kid,
    setId: 'no-such-set',
    setName: 'payments',
    alg: 'ES256',
    kty: 'EC',
    state: 'active',
    secret: 'present',
    history: [{ state: 'active', at: enteredAt }],
  } as unknown as KeyInfo
}

describe('signet keys list', () => {
  const now = Date.parse('2026-11-30T12:00:00Z')
  it('prints when each key entered its state, with how long ago', () => {
    expect(formatKeys([key('k1', '2026-11-27T12:00:00Z')], [], false, now)).toContain(
      '2026-11-27T12:00:00Z (3 days ago)',
    )
  })
  it("prints a SINCE ahead of this machine's clock as a clock problem, never as 'in 8 months'", () => {
    const table = formatKeys([key('k1', '2027-07-30T10:00:00Z')], [], false, now)
    expect(table).toContain('2027-07-30T10:00:00Z (in the future — check this machine’s clock)')
    expect(table).not.toMatch(/in \d+ months?/)
  })
})
