import { describe, expect, it } from 'vitest'
import type { TargetPlan, TargetPublishResult } from '#shared/publishing/results'
import { holdsNow } from '#renderer/features/jwks/holds-now'

const plan = (current: string[], next: string[]): TargetPlan => ({
  target: 'site',
  kind: 'dir',
  source: 'target',
  current: { sha256: current.length ? 'c'.repeat(64) : null, kids: current },
  next: { sha256: 'n'.repeat(64), kids: next },
  upToDate: false,
  diff: { added: [], removed: [], changed: [], unchanged: [] } as unknown as TargetPlan['diff'],
  refusals: [],
  ok: true,
})
const result = (sha256: string, added: string[], removed: string[]): TargetPublishResult => ({
  target: 'site',
  kind: 'dir',
  sha256,
  added,
  removed,
  upToDate: false,
  forced: false,
  commit: null,
  command: null,
  overridden: [],
})

describe('holdsNow', () => {
  it('before a publish: what the plan read back', () => {
    expect(holdsNow(plan(['a'], ['a', 'b']), null)).toEqual({ kids: ['a'], justPublished: false })
    expect(holdsNow(null, null)).toBeNull()
  })
  it("after this target's publish of the plan's bytes: the plan's next kids", () => {
    expect(holdsNow(plan(['a', 'old'], ['a', 'b']), result('n'.repeat(64), ['b'], ['old']))).toEqual({
      kids: ['a', 'b'],
      justPublished: true,
    })
  })
  it('after a publish of other bytes than planned: the read-back kids with the removals out and the additions in', () => {
    expect(holdsNow(plan(['a', 'old'], ['a', 'b']), result('x'.repeat(64), ['c'], ['old']))).toEqual({
      kids: ['a', 'c'],
      justPublished: true,
    })
    expect(holdsNow(plan([], ['a']), result('x'.repeat(64), ['a'], []))).toEqual({ kids: ['a'], justPublished: true })
  })
})
