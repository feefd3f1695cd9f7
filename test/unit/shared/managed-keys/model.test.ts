import { describe, expect, it } from 'vitest'
import {
  activationSafeAt,
  enteredAt,
  isPublished,
  nextStep,
  planTransition,
  rotationStatus,
  settleScheduled,
  transitionRules,
  unpublishSafeAt,
} from '#shared/managed-keys/model'
import { keyActions, keyStates, type KeyAction, type KeyState } from '#shared/managed-keys/types'
import { at, makeKey, makeSet } from './fixtures'

const set = makeSet()

function plan(
  keys: ReturnType<typeof makeKey>[],
  kid: string,
  action: KeyAction,
  now: Date,
  extra: { force?: boolean; reason?: string } = {},
) {
  const key = keys.find((k) => k.kid === kid)!
  return planTransition(set, keys, key.id, action, { now, ...extra })
}

describe('the transition table', () => {
  const allowed: Record<KeyAction, KeyState[]> = {
    activate: ['staged'],
    retire: ['active'],
    unpublish: ['staged', 'retired'],
    compromise: ['staged', 'active', 'retired'],
    destroy: ['unpublished', 'compromised'],
  }

  for (const action of keyActions) {
    for (const state of keyStates) {
      const ok = allowed[action].includes(state)
      it(`${action} from ${state} is ${ok ? 'allowed' : 'refused'}`, () => {
        // Far in the future so no time guard interferes with the table itself.
        const history: [KeyState, number][] =
          state === 'staged'
            ? [['staged', 0]]
            : [
                ['staged', 0],
                [state, 10],
              ]
        const keys = [makeKey('k', history)]
        const result = plan(keys, 'k', action, at(10 * 86_400))
        expect(result.ok).toBe(ok)
        if (ok && result.ok) expect(result.updates[0]!.state).toBe(transitionRules[action].to)
        if (!result.ok) {
          expect(result.code).toBe('ERR_LIFECYCLE_TRANSITION')
          expect(result.message).toContain(`Key "k" is ${state}`)
        }
      })
    }
  }

  it('published means staged, active or retired', () => {
    expect(keyStates.filter(isPublished)).toEqual(['staged', 'active', 'retired'])
  })
})

describe('activation', () => {
  it('retires the previous active key at the same instant: one active key per set', () => {
    const keys = [
      makeKey('old', [
        ['staged', 0],
        ['active', 0],
      ]),
      makeKey('new', [['staged', 100]]),
    ]
    const result = plan(keys, 'new', 'activate', at(5000))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const [activated, retired] = result.updates
    expect(activated).toMatchObject({ kid: 'new', state: 'active' })
    expect(retired).toMatchObject({ kid: 'old', state: 'retired' })
    expect(retired!.history.at(-1)).toEqual({ state: 'retired', at: at(5000).toISOString() })
    expect(result.updates.filter((k) => k.state === 'active')).toHaveLength(1)
  })

  it('warns when the key has not been published for a JWKS cache time yet', () => {
    const keys = [
      makeKey('old', [
        ['staged', 0],
        ['active', 0],
      ]),
      makeKey('new', [['staged', 100]]),
    ]
    const early = plan(keys, 'new', 'activate', at(100 + 899))
    expect(early.ok && early.warnings.map((w) => w.code)).toEqual(['WARN_JWKS_CACHE'])
    const late = plan(keys, 'new', 'activate', at(100 + 900))
    expect(late.ok && late.warnings).toEqual([])
  })

  it('does not warn for the first key of a set', () => {
    const result = plan([makeKey('first', [['staged', 0]])], 'first', 'activate', at(1))
    expect(result.ok && result.warnings).toEqual([])
  })

  it("cancels another key's scheduled activation, with a warning", () => {
    const keys = [
      makeKey('a', [
        ['staged', 0],
        ['active', 0],
      ]),
      makeKey('scheduled', [['staged', 10]], { activateAt: at(910).toISOString() }),
      makeKey('manual', [['staged', 20]]),
    ]
    const result = plan(keys, 'manual', 'activate', at(2000))
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.updates.find((k) => k.kid === 'scheduled')).toMatchObject({ state: 'staged', activateAt: null })
    expect(result.warnings.map((w) => w.code)).toContain('WARN_SCHEDULE_CANCELLED')
  })

  it("raises the key's policy marks to the set's current values", () => {
    const keys = [makeKey('k', [['staged', 0]], { policy: { maxTokenLifetime: 60, jwksCacheTime: 0, clockSkew: 0 } })]
    const result = plan(keys, 'k', 'activate', at(10))
    expect(result.ok && result.updates[0]!.policy).toEqual({
      maxTokenLifetime: 3600,
      jwksCacheTime: 900,
      clockSkew: 60,
    })
  })
})

describe('the unpublish guard', () => {
  const retiredAt = 1000
  const safeAt = retiredAt + 3600 + 900 + 60
  const keys = () => [
    makeKey('r', [
      ['staged', 0],
      ['active', 10],
      ['retired', retiredAt],
    ]),
  ]

  it('is retired-at + max token lifetime + JWKS cache time + clock skew', () => {
    expect(unpublishSafeAt(keys()[0]!)).toEqual(at(safeAt))
  })

  it('refuses before the safe date, naming it and how long to wait', () => {
    const result = plan(keys(), 'r', 'unpublish', at(safeAt - 1))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.code).toBe('ERR_LIFECYCLE_TOO_EARLY')
    // The one time format: no milliseconds, in the date and in the explanation.
    expect(result.message).toContain('valid until 2030-01-01T01:32:40Z (retired 2030-01-01T00:16:40Z + max token')
    expect(result.message).not.toMatch(/\.\d{3}Z/)
    expect(result.message).toContain('Wait 1s')
  })

  it('allows it from the safe date on', () => {
    const result = plan(keys(), 'r', 'unpublish', at(safeAt))
    expect(result.ok && result.updates[0]!.state).toBe('unpublished')
  })

  it('can be forced only with a written reason, which the history keeps', () => {
    const noReason = plan(keys(), 'r', 'unpublish', at(retiredAt + 1), { force: true })
    expect(!noReason.ok && noReason.code).toBe('ERR_LIFECYCLE_REASON_REQUIRED')
    const blank = plan(keys(), 'r', 'unpublish', at(retiredAt + 1), { force: true, reason: '   ' })
    expect(!blank.ok && blank.code).toBe('ERR_LIFECYCLE_REASON_REQUIRED')
    const forced = plan(keys(), 'r', 'unpublish', at(retiredAt + 1), {
      force: true,
      reason: 'all tokens revoked upstream',
    })
    expect(forced.ok).toBe(true)
    if (!forced.ok) return
    expect(forced.updates[0]!.history.at(-1)).toEqual({
      state: 'unpublished',
      at: at(retiredAt + 1).toISOString(),
      reason: 'all tokens revoked upstream',
      forced: true,
    })
    expect(forced.warnings.map((w) => w.code)).toEqual(['WARN_FORCED_EARLY'])
  })

  it("uses the largest policy the key lived under, not the set's current one", () => {
    const key = makeKey(
      'r',
      [
        ['staged', 0],
        ['active', 10],
        ['retired', retiredAt],
      ],
      { policy: { maxTokenLifetime: 86_400, jwksCacheTime: 900, clockSkew: 60 } },
    )
    expect(unpublishSafeAt(key)).toEqual(at(retiredAt + 86_400 + 960))
  })

  it('waits for tokens signed while the key was not active', () => {
    const key = makeKey(
      'r',
      [
        ['staged', 0],
        ['active', 10],
        ['retired', retiredAt],
      ],
      { signedUntil: at(20_000).toISOString() },
    )
    expect(unpublishSafeAt(key)).toEqual(at(20_000 + 960))
    const staged = makeKey('s', [['staged', 0]], { signedUntil: at(5000).toISOString() })
    const result = planTransition(set, [staged], staged.id, 'unpublish', { now: at(5000) })
    expect(!result.ok && result.code).toBe('ERR_LIFECYCLE_TOO_EARLY')
  })

  it('does not hold back a staged key that never signed', () => {
    const result = plan([makeKey('s', [['staged', 0]])], 's', 'unpublish', at(1))
    expect(result.ok).toBe(true)
  })
})

describe('compromise and destroy', () => {
  it('compromise takes the key out of the JWKS at once, from any published state', () => {
    for (const history of [
      [['staged', 0]],
      [
        ['staged', 0],
        ['active', 1],
      ],
      [
        ['staged', 0],
        ['active', 1],
        ['retired', 2],
      ],
    ] as [KeyState, number][][]) {
      const result = plan([makeKey('c', history)], 'c', 'compromise', at(3), { reason: 'key file found on a laptop' })
      expect(result.ok).toBe(true)
      if (!result.ok) continue
      expect(isPublished(result.updates[0]!.state)).toBe(false)
      expect(result.updates[0]!.history.at(-1)!.reason).toBe('key file found on a laptop')
    }
  })

  it('compromising the active key leaves the set without one, and says so', () => {
    const result = plan(
      [
        makeKey('c', [
          ['staged', 0],
          ['active', 1],
        ]),
      ],
      'c',
      'compromise',
      at(3),
    )
    expect(result.ok && result.warnings.map((w) => w.code)).toEqual(['WARN_COMPROMISED', 'WARN_NO_ACTIVE_KEY'])
  })

  it('destroy marks the secret destroyed and keeps the record', () => {
    const result = plan(
      [
        makeKey('u', [
          ['staged', 0],
          ['unpublished', 1],
        ]),
      ],
      'u',
      'destroy',
      at(2),
    )
    expect(result.ok && result.updates[0]).toMatchObject({ state: 'destroyed', secret: 'destroyed', kid: 'u' })
  })
})

describe('scheduled activations', () => {
  it('activate at their scheduled time and retire the previous key at that instant', () => {
    const keys = [
      makeKey('old', [
        ['staged', 0],
        ['active', 0],
      ]),
      makeKey('new', [['staged', 100]], { activateAt: at(1000).toISOString() }),
    ]
    expect(settleScheduled(set, keys, at(999))).toEqual([])
    const changed = settleScheduled(set, keys, at(5000))
    expect(changed.map((k) => [k.kid, k.state])).toEqual([
      ['new', 'active'],
      ['old', 'retired'],
    ])
    expect(changed[0]!.history.at(-1)!.at).toBe(at(1000).toISOString())
    expect(changed[1]!.history.at(-1)!.at).toBe(at(1000).toISOString())
    expect(changed[0]!.activateAt).toBeNull()
  })

  it('ignore other sets', () => {
    const other = makeKey('x', [['staged', 0]], {
      setId: '00000000-0000-4000-8000-0000000000ff',
      activateAt: at(1).toISOString(),
    })
    expect(settleScheduled(set, [other], at(10))).toEqual([])
  })
})

describe('next step and rotation status', () => {
  it('gives each state its next step and earliest safe date', () => {
    expect(nextStep(makeKey('s', [['staged', 0]]), set)).toMatchObject({
      action: 'activate',
      earliestAt: at(900).toISOString(),
      scheduled: false,
    })
    expect(nextStep(makeKey('s', [['staged', 0]], { activateAt: at(950).toISOString() }), set)).toMatchObject({
      action: 'activate',
      earliestAt: at(950).toISOString(),
      scheduled: true,
    })
    expect(
      nextStep(
        makeKey('a', [
          ['staged', 0],
          ['active', 10],
        ]),
        set,
      ),
    ).toMatchObject({ action: 'retire', earliestAt: null })
    expect(
      nextStep(
        makeKey('a', [
          ['staged', 0],
          ['active', 10],
        ]),
        { rotationPeriod: 86_400 },
      ),
    ).toMatchObject({ action: 'retire', earliestAt: at(86_410).toISOString() })
    expect(
      nextStep(
        makeKey('r', [
          ['staged', 0],
          ['active', 10],
          ['retired', 20],
        ]),
        set,
      ),
    ).toMatchObject({ action: 'unpublish', earliestAt: at(20 + 4560).toISOString() })
    expect(
      nextStep(
        makeKey('u', [
          ['staged', 0],
          ['unpublished', 30],
        ]),
        set,
      ),
    ).toMatchObject({ action: 'destroy', earliestAt: at(30).toISOString() })
    expect(
      nextStep(
        makeKey('d', [
          ['staged', 0],
          ['unpublished', 30],
          ['destroyed', 40],
        ]),
        set,
      ),
    ).toBeNull()
  })

  it('reads entry times from the history', () => {
    const key = makeKey('k', [
      ['staged', 0],
      ['active', 10],
      ['retired', 20],
    ])
    expect(enteredAt(key, 'active')).toEqual(at(10))
    expect(enteredAt(key, 'compromised')).toBeNull()
    expect(activationSafeAt(key)).toEqual(at(900))
  })

  it('is due one JWKS cache time before the period ends, overdue after', () => {
    const rotating = makeSet({ rotationPeriod: 30 * 86_400 })
    const keys = [
      makeKey('a', [
        ['staged', 0],
        ['active', 0],
      ]),
    ]
    const end = 30 * 86_400
    expect(rotationStatus(rotating, keys, at(end - 901)).status).toBe('ok')
    expect(rotationStatus(rotating, keys, at(end - 900)).status).toBe('due')
    expect(rotationStatus(rotating, keys, at(end))).toMatchObject({
      status: 'overdue',
      dueAt: at(end).toISOString(),
      activeKid: 'a',
    })
    expect(rotationStatus(set, keys, at(end)).status).toBe('none')
    expect(rotationStatus(rotating, [], at(0)).status).toBe('no-active-key')
    const pending = [...keys, makeKey('b', [['staged', 10]], { activateAt: at(910).toISOString() })]
    expect(rotationStatus(rotating, pending, at(end + 5))).toMatchObject({
      status: 'pending',
      pending: { kid: 'b', activateAt: at(910).toISOString() },
    })
  })
})
