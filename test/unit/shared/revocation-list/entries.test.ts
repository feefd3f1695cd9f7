import { describe, expect, it } from 'vitest'
import { diffRevocations, pruneRevocations, revocationsClaim } from '#shared/revocation-list/entries'
import { revocationsClaimSchema } from '#shared/revocation-list/format'
import type { ManagedRevocationEntry } from '#shared/revocation-list/managed'

const entry = (
  by: 'jti' | 'sub',
  id: string,
  until: number | null = null,
  reason: string | null = null,
): ManagedRevocationEntry => ({ by, id, until, reason, addedAt: '2030-01-01T00:00:00.000Z' })

describe('pruneRevocations', () => {
  it('drops an entry only once its until plus the skew has passed; entries without until stay', () => {
    const entries = [entry('jti', 'a', 100), entry('jti', 'b', 160), entry('sub', 'c'), entry('jti', 'd', 161)]
    const { kept, pruned } = pruneRevocations(entries, 221, 60)
    expect(pruned.map((e) => e.id)).toEqual(['a', 'b'])
    expect(kept.map((e) => e.id)).toEqual(['c', 'd'])
    // at exactly until + skew a verifier may still accept the token: kept
    expect(pruneRevocations(entries, 220, 60).pruned.map((e) => e.id)).toEqual(['a'])
  })
})

describe('revocationsClaim', () => {
  it('builds a claim the published format accepts: one of jti/sub, until and reason only when set, sorted, the cutoff as not_before', () => {
    const claim = revocationsClaim(
      [entry('sub', 'zed', null, 'left'), entry('jti', 'b', 200), entry('jti', 'a', null, '')],
      50,
    )
    expect(claim).toEqual({
      version: 1,
      not_before: 50,
      entries: [{ jti: 'a' }, { jti: 'b', until: 200 }, { sub: 'zed', reason: 'left' }],
    })
    expect(revocationsClaimSchema.parse(claim)).toEqual(claim)
    expect(revocationsClaim([], null)).toEqual({ version: 1, entries: [] })
  })

  it('is the same claim whatever order the entries were added in', () => {
    const a = [entry('jti', 'x'), entry('sub', 'y'), entry('jti', 'w')]
    expect(revocationsClaim(a, null)).toEqual(revocationsClaim([...a].reverse(), null))
  })
})

describe('diffRevocations', () => {
  it('on a first export, everything is added, and the cutoff appears', () => {
    const current = revocationsClaim([entry('jti', 'a', 10), entry('sub', 'b')], 5)
    expect(diffRevocations(null, current)).toEqual([
      { kind: 'added', by: 'jti', id: 'a', until: 10, reason: null },
      { kind: 'added', by: 'sub', id: 'b', until: null, reason: null },
      { kind: 'cutoff', from: null, to: 5 },
    ])
  })

  it('names additions, removals (pruned ones included), changed until/reason and a cleared cutoff', () => {
    const previous = revocationsClaim(
      [entry('jti', 'gone', 10), entry('jti', 'same', 20), entry('sub', 'edited', null, 'old')],
      5,
    )
    const current = revocationsClaim(
      [entry('jti', 'same', 20), entry('sub', 'edited', 99, 'new'), entry('jti', 'new')],
      null,
    )
    expect(diffRevocations(previous, current)).toEqual([
      { kind: 'added', by: 'jti', id: 'new', until: null, reason: null },
      { kind: 'changed', by: 'sub', id: 'edited', until: 99, reason: 'new', was: { until: null, reason: 'old' } },
      { kind: 'removed', by: 'jti', id: 'gone', until: 10, reason: null },
      { kind: 'cutoff', from: 5, to: null },
    ])
    expect(diffRevocations(current, current)).toEqual([])
  })

  it('keeps a jti and a sub with the same text apart', () => {
    expect(
      diffRevocations(revocationsClaim([entry('jti', 'x')], null), revocationsClaim([entry('sub', 'x')], null)).map(
        (c) => c.kind,
      ),
    ).toEqual(['added', 'removed'])
  })
})
