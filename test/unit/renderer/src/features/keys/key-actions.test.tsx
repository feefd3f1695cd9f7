import { describe, expect, it } from 'vitest'
import { availableActions, keyActionText, kidConfirmed, previewTransition } from '#renderer/features/keys/key-actions'
import { at, keyInfo, makeSet, setInfo } from './fixtures'

describe('availableActions', () => {
  it('offers exactly the moves the lifecycle allows from each state', () => {
    expect(availableActions({ state: 'staged' })).toEqual(['activate', 'unpublish', 'compromise'])
    expect(availableActions({ state: 'active' })).toEqual(['retire', 'compromise'])
    expect(availableActions({ state: 'retired' })).toEqual(['unpublish', 'compromise'])
    expect(availableActions({ state: 'unpublished' })).toEqual(['destroy'])
    expect(availableActions({ state: 'compromised' })).toEqual(['destroy'])
    expect(availableActions({ state: 'destroyed' })).toEqual([])
  })

  it('marks the moves that cannot be undone as destructive (they need the kid typed)', () => {
    const destructive = Object.entries(keyActionText)
      .filter(([, text]) => text.destructive)
      .map(([action]) => action)
    expect(destructive).toEqual(['unpublish', 'compromise', 'destroy'])
  })
})

describe('previewTransition', () => {
  const set = makeSet()

  it('refuses an early unpublish with the guard’s reason and safe date, and says force can pass it', () => {
    // retired at +100 s: safe at 100 + 3600 (max lifetime) + 900 (cache) + 60 (skew)
    const old = keyInfo('old', [
      ['staged', 0],
      ['active', 10],
      ['retired', 100],
    ])
    const info = setInfo(set, [old], at(200))
    const preview = previewTransition(info, [old], old, 'unpublish', at(200))
    expect(preview.blocked?.code).toBe('ERR_LIFECYCLE_TOO_EARLY')
    expect(preview.blocked?.message).toContain('unpublishing it now would make them fail verification')
    expect(preview.forceable).toBe(true)
    expect(preview.safeAt).toBe(at(100 + 3600 + 900 + 60).toISOString())
  })

  it('lets the same unpublish through once the safe date has passed', () => {
    const old = keyInfo('old', [
      ['staged', 0],
      ['active', 10],
      ['retired', 100],
    ])
    const info = setInfo(set, [old], at(5000))
    const preview = previewTransition(info, [old], old, 'unpublish', at(5000))
    expect(preview).toEqual({ blocked: null, forceable: false, safeAt: null, warnings: [], alsoChanged: [] })
  })

  it('says which key an activation retires, and warns when the new key is not yet in every cached JWKS', () => {
    const current = keyInfo('current', [
      ['staged', 0],
      ['active', 0],
    ])
    const next = keyInfo('next', [['staged', 1000]])
    const info = setInfo(set, [current, next], at(1200))
    const preview = previewTransition(info, [current, next], next, 'activate', at(1200))
    expect(preview.blocked).toBeNull()
    expect(preview.alsoChanged).toEqual([{ kid: 'current', to: 'retired' }])
    expect(preview.warnings.map((w) => w.code)).toEqual(['WARN_JWKS_CACHE'])
  })

  it('reports a cancelled schedule as such, not as a state change', () => {
    const current = keyInfo('current', [
      ['staged', 0],
      ['active', 0],
    ])
    const scheduled = keyInfo('scheduled', [['staged', 1000]], { activateAt: at(1900).toISOString() })
    const manual = keyInfo('manual', [['staged', 10]])
    const info = setInfo(set, [current, scheduled, manual], at(1200))
    const preview = previewTransition(info, [current, scheduled, manual], manual, 'activate', at(1200))
    expect(preview.alsoChanged).toEqual([
      { kid: 'current', to: 'retired' },
      { kid: 'scheduled', to: 'schedule cancelled' },
    ])
  })

  it('blocks a move the lifecycle does not allow, without offering force', () => {
    const gone = keyInfo('gone', [
      ['staged', 0],
      ['compromised', 5],
      ['destroyed', 6],
    ])
    const preview = previewTransition(setInfo(set, [gone], at(10)), [gone], gone, 'activate', at(10))
    expect(preview.blocked?.code).toBe('ERR_LIFECYCLE_TRANSITION')
    expect(preview.forceable).toBe(false)
  })
})

describe('kidConfirmed', () => {
  it('needs the exact kid, forgiving surrounding whitespace only', () => {
    expect(kidConfirmed(' pay-2026-03 ', 'pay-2026-03')).toBe(true)
    expect(kidConfirmed('pay-2026-0', 'pay-2026-03')).toBe(false)
    expect(kidConfirmed('PAY-2026-03', 'pay-2026-03')).toBe(false)
    expect(kidConfirmed('', 'pay-2026-03')).toBe(false)
  })
})
