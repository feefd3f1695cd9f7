import { describe, expect, it } from 'vitest'
import { buildTimeline } from '#shared/managed-keys/lifecycle-timeline'
import { at, makeKey, makeSet } from './fixtures'

describe('buildTimeline', () => {
  const set = makeSet({ rotationPeriod: 7 * 86_400 })
  const old = makeKey('old', [
    ['staged', 0],
    ['active', 0],
    ['retired', 5000],
  ])
  const current = makeKey('current', [
    ['staged', 4000],
    ['active', 5000],
  ])
  const next = makeKey('next', [['staged', 6000]], { activateAt: at(6900).toISOString() })
  const forced = makeKey('forced', [
    ['staged', 100],
    ['active', 200],
    ['retired', 300],
  ])
  forced.history.push({
    state: 'unpublished',
    at: at(400).toISOString(),
    forced: true,
    reason: 'tokens revoked upstream',
  })
  forced.state = 'unpublished'
  const elsewhere = makeKey('elsewhere', [['staged', 0]], { setId: '00000000-0000-4000-8000-0000000000ff' })
  const timeline = buildTimeline(set, [next, old, forced, current, elsewhere], at(6000))

  it("lists the set's keys only, in the keys table's order (shared/managed-keys/key-order.ts): signing key, staged, retired, then the rest", () => {
    expect(timeline.keys.map((k) => k.kid)).toEqual(['current', 'next', 'old', 'forced'])
    expect(timeline).toMatchObject({ setId: set.id, setName: 'prod', now: at(6000).toISOString() })
  })

  it('gives each key one window per state, the last one open', () => {
    expect(timeline.keys[2]!.windows).toEqual([
      { state: 'staged', from: at(0).toISOString(), to: at(0).toISOString() },
      { state: 'active', from: at(0).toISOString(), to: at(5000).toISOString() },
      { state: 'retired', from: at(5000).toISOString(), to: null },
    ])
    expect(timeline.keys[3]!.windows.at(-1)).toEqual({
      state: 'unpublished',
      from: at(400).toISOString(),
      to: null,
      forced: true,
      reason: 'tokens revoked upstream',
    })
  })

  it("gives the earliest safe date of each key's next step and whether it is reached", () => {
    const byKid = Object.fromEntries(timeline.keys.map((k) => [k.kid, k]))
    expect(byKid.old!.next).toMatchObject({
      action: 'unpublish',
      earliestAt: at(5000 + 4560).toISOString(),
      ready: false,
    })
    expect(byKid.forced!.next).toMatchObject({ action: 'destroy', earliestAt: at(400).toISOString(), ready: true })
    expect(byKid.current!.next).toMatchObject({
      action: 'retire',
      earliestAt: at(5000 + 7 * 86_400).toISOString(),
      ready: false,
    })
    expect(byKid.next!.next).toMatchObject({
      action: 'activate',
      earliestAt: at(6900).toISOString(),
      scheduled: true,
      ready: false,
    })
    expect(byKid.next!.published).toBe(true)
    expect(byKid.forced!.published).toBe(false)
  })

  it('spans the first transition to the last projected date, and carries the rotation status', () => {
    expect(timeline.range).toEqual({ from: at(0).toISOString(), to: at(5000 + 7 * 86_400).toISOString() })
    expect(timeline.rotation).toMatchObject({ status: 'pending', activeKid: 'current', pending: { kid: 'next' } })
  })

  it('for an empty set, is just now', () => {
    const empty = buildTimeline(set, [], at(10))
    expect(empty.keys).toEqual([])
    expect(empty.range).toEqual({ from: at(10).toISOString(), to: at(10).toISOString() })
    expect(empty.rotation.status).toBe('no-active-key')
  })

  describe('first publication per target (#8.2)', () => {
    const staged = {
      ...makeKey('staged', [['staged', 6000]]),
      publishedOn: [
        { target: 'site', at: at(6100).toISOString() },
        { target: 'repo', at: at(6300).toISOString() },
      ],
    }
    const active = {
      ...makeKey('live', [
        ['staged', 0],
        ['active', 10],
      ]),
      publishedOn: [
        { target: 'site', at: at(20).toISOString() },
        { target: 'repo', at: null },
      ],
    }

    it("carries each target's first-published time and, for a staged key, published on every target + the JWKS cache time", () => {
      const byKid = Object.fromEntries(buildTimeline(set, [staged, active], at(6400)).keys.map((k) => [k.kid, k]))
      expect(byKid.staged!.publications).toEqual(staged.publishedOn)
      // The latest target (repo, 6300) plus the larger of the set's and the key's cache time (900 s).
      expect(byKid.staged!.activationAllowedAt).toBe(
        at(6300 + Math.max(set.jwksCacheTime, staged.policy.jwksCacheTime)).toISOString(),
      )
      // Not staged: nothing to guard, even though it is missing on one target.
      expect(byKid.live!.publications).toEqual([
        { target: 'site', at: at(20).toISOString() },
        { target: 'repo', at: null },
      ])
      expect(byKid.live!.activationAllowedAt).toBeNull()
    })

    it('has no activation date while a target has not published the key, nor for a set without targets', () => {
      const missing = {
        ...staged,
        publishedOn: [
          { target: 'site', at: at(6100).toISOString() },
          { target: 'repo', at: null },
        ],
      }
      expect(buildTimeline(set, [missing], at(6400)).keys[0]!.activationAllowedAt).toBeNull()
      const bare = buildTimeline(set, [makeKey('bare', [['staged', 6000]])], at(6400)).keys[0]!
      expect(bare).toMatchObject({ publications: [], activationAllowedAt: null })
    })

    it('stretches the range to the activation date', () => {
      const timeline = buildTimeline(makeSet(), [staged], at(6400))
      expect(timeline.range.to).toBe(at(6300 + 900).toISOString())
    })
  })
})
