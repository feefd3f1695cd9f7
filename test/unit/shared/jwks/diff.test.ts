import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { diffJwks, type DiffLifecycle } from '#shared/jwks/diff'

const ec = (kid: string) => ({
  ...(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' }) as Record<
    string,
    unknown
  >),
  kid,
  use: 'sig',
  alg: 'ES256',
})
const policy = { maxTokenLifetime: 3600, jwksCacheTime: 600, clockSkew: 60 }
const retiredAt = new Date('2027-01-01T00:00:00Z')
const safeAt = new Date(retiredAt.getTime() + (3600 + 600 + 60) * 1000)

function lifecycle(now: Date): DiffLifecycle {
  return {
    now,
    keys: [
      {
        kid: 'old',
        state: 'retired',
        history: [
          { state: 'active', at: '2026-12-01T00:00:00Z' },
          { state: 'retired', at: retiredAt.toISOString() },
        ],
        policy,
        signedUntil: null,
      },
      {
        kid: 'live',
        state: 'active',
        history: [{ state: 'active', at: '2026-12-31T00:00:00Z' }],
        policy,
        signedUntil: null,
      },
      {
        kid: 'next',
        state: 'staged',
        history: [{ state: 'staged', at: '2026-12-31T00:00:00Z' }],
        policy,
        signedUntil: null,
      },
    ],
  }
}

describe('diffJwks', () => {
  const old = ec('old')
  const live = ec('live')
  const next = ec('next')

  it('lists kids added, removed, unchanged; member order and extra spelling do not count', async () => {
    const reordered = Object.fromEntries(Object.entries(live).reverse())
    const diff = await diffJwks({ keys: [old, live] }, { keys: [reordered, next] })
    expect(diff.added.map((k) => k.kid)).toEqual(['next'])
    expect(diff.removed.map((k) => [k.kid, k.verdict])).toEqual([['old', 'unjudged']])
    expect(diff.unchanged.map((k) => k.kid)).toEqual(['live'])
    expect(diff.added[0]!.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(diff.safe).toBe(true)
  })

  it('a changed key under the same kid is always unsafe; a metadata change is reported but safe', async () => {
    const other = { ...ec('live') }
    const keyChange = await diffJwks({ keys: [live] }, { keys: [other] })
    expect(keyChange.changed).toMatchObject([{ kid: 'live', kind: 'key' }])
    expect(keyChange.changed[0]!.members).toEqual(expect.arrayContaining(['x', 'y']))
    expect(keyChange.safe).toBe(false)
    const meta = await diffJwks({ keys: [live] }, { keys: [{ ...live, alg: 'ES384' }] })
    expect(meta.changed).toMatchObject([{ kid: 'live', kind: 'metadata', members: ['alg'] }])
    expect(meta.safe).toBe(true)
  })

  it("judges a retired key's removal against retired-at + max lifetime + cache time + skew", async () => {
    const before = await diffJwks({ keys: [old, live] }, { keys: [live] }, lifecycle(new Date(safeAt.getTime() - 1000)))
    expect(before.removed[0]).toMatchObject({
      kid: 'old',
      verdict: 'refused',
      state: 'retired',
      safeAt: safeAt.toISOString(),
    })
    // The reason names the safe date once, in the one time format (no milliseconds).
    expect(before.removed[0]!.reason).toContain('removal is safe from 2027-01-01T01:11:00Z (when it was retired +')
    expect(before.removed[0]!.reason).not.toContain('retired-at')
    expect(before.removed[0]!.reason.match(/\d{4}-\d\d-\d\dT/g)).toHaveLength(1)
    expect(before.removed[0]!.reason).not.toMatch(/\.\d{3}Z/)
    const after = await diffJwks({ keys: [old, live] }, { keys: [live] }, lifecycle(safeAt))
    expect(after.removed[0]).toMatchObject({ kid: 'old', verdict: 'safe' })
    expect(after.removed[0]!.reason).toBe('Every token it signed has expired (safe since 2027-01-01T01:11:00Z).')
    expect(after.safe).toBe(true)
  })

  it('refuses removing the active key, allows a staged one, cannot judge a foreign kid', async () => {
    const stranger = ec('stranger')
    const diff = await diffJwks(
      { keys: [live, next, stranger] },
      { keys: [] },
      lifecycle(new Date('2030-01-01T00:00:00Z')),
    )
    expect(Object.fromEntries(diff.removed.map((r) => [r.kid, r.verdict]))).toEqual({
      live: 'refused',
      next: 'safe',
      stranger: 'unjudged',
    })
  })

  it('rejects what is not a JWK Set with ERR_JWKS_INVALID', async () => {
    await expect(diffJwks({ kty: 'EC' }, { keys: [] })).rejects.toMatchObject({ code: 'ERR_JWKS_INVALID' })
    await expect(diffJwks({ keys: ['x'] }, { keys: [] })).rejects.toMatchObject({ code: 'ERR_JWKS_INVALID' })
  })
})
