import { describe, expect, it } from 'vitest'
import { describeAlgorithm, summarizeNextStep, summarizeRotation } from '#renderer/features/keys/key-summary'
import { sortKeysForDisplay } from '#shared/managed-keys/key-order'
import { at, keyInfo, makeSet, setInfo } from './fixtures'

describe('summarizeRotation', () => {
  const set = makeSet({ rotationPeriod: 7 * 86_400 })
  const active = keyInfo('a', [
    ['staged', 0],
    ['active', 0],
  ])

  it('moves from ok to due (one cache time before the deadline) to overdue', () => {
    const week = 7 * 86_400
    expect(summarizeRotation(setInfo(set, [active], at(100)), at(100).getTime())).toMatchObject({
      tone: 'ok',
      badge: 'rotates every 1w',
    })
    const due = summarizeRotation(setInfo(set, [active], at(week - 600)), at(week - 600).getTime())
    expect(due).toMatchObject({ tone: 'warn', badge: 'rotation due' })
    expect(due.message).toContain('in 10 minutes')
    const overdue = summarizeRotation(setInfo(set, [active], at(week + 7200)), at(week + 7200).getTime())
    expect(overdue).toMatchObject({ tone: 'bad', badge: 'rotation overdue' })
    expect(overdue.message).toContain('was due for rotation 2 hours ago')
  })

  it('names a pending rotation and a set without a signing key', () => {
    const next = keyInfo('b', [['staged', 100]], { activateAt: at(1000).toISOString() })
    expect(summarizeRotation(setInfo(set, [active, next], at(200)), at(200).getTime()).message).toContain(
      '“b” is published and becomes the signing key at 2030-01-01T00:16:40Z',
    )
    expect(summarizeRotation(setInfo(set, [], at(0)), at(0).getTime())).toMatchObject({
      tone: 'bad',
      badge: 'no signing key',
    })
    expect(summarizeRotation(setInfo(makeSet(), [active], at(0)), at(0).getTime()).tone).toBe('none')
  })
})

describe('summarizeNextStep', () => {
  const set = makeSet()
  it('says when a guarded step becomes possible, and when it already is', () => {
    const retired = keyInfo('r', [
      ['staged', 0],
      ['active', 0],
      ['retired', 100],
    ])
    expect(summarizeNextStep(retired, set, at(200).getTime())).toMatchObject({
      label: 'Unpublish',
      ready: false,
      detail: 'from 2030-01-01T01:17:40Z · in 1 hour',
      // the date apart, for the table's two deliberate lines
      when: { prefix: 'from ', at: Date.parse('2030-01-01T01:17:40Z'), relative: 'in 1 hour' },
    })
    expect(summarizeNextStep(retired, set, at(5000).getTime())).toMatchObject({
      ready: true,
      detail: 'ready now',
      when: null,
    })
    const active = keyInfo('a', [
      ['staged', 0],
      ['active', 0],
    ])
    expect(summarizeNextStep(active, set, at(1).getTime())).toMatchObject({
      label: 'Retire',
      detail: 'when you choose',
    })
    expect(
      summarizeNextStep(
        keyInfo('d', [
          ['staged', 0],
          ['compromised', 1],
          ['destroyed', 2],
        ]),
        set,
        0,
      ),
    ).toBeNull()
  })
})

describe('describeAlgorithm and ordering', () => {
  it('says what kind of key it is', () => {
    expect(describeAlgorithm({ alg: 'RS256', kty: 'RSA', bits: 3072 })).toBe('RS256 · 3072-bit RSA')
    expect(describeAlgorithm({ alg: 'ES384', kty: 'EC', crv: 'P-384' })).toBe('ES384 · P-384')
    expect(describeAlgorithm({ alg: 'HS256', kty: 'oct', bits: 256 })).toBe('HS256 · 256-bit secret')
  })

  it('lists the active key first, tombstones last', () => {
    const keys = [
      keyInfo('gone', [
        ['staged', 0],
        ['compromised', 1],
        ['destroyed', 2],
      ]),
      keyInfo('old', [
        ['staged', 0],
        ['active', 0],
        ['retired', 5],
      ]),
      keyInfo('now', [
        ['staged', 3],
        ['active', 5],
      ]),
      keyInfo('next', [['staged', 6]]),
    ]
    expect(sortKeysForDisplay(keys).map((k) => k.kid)).toEqual(['now', 'next', 'old', 'gone'])
  })
})
