import { describe, expect, it } from 'vitest'
import { statusListUpdateInputSchema } from '#shared/contract/status-list-settings'
import { checkListTiming, timingValues } from '#renderer/features/revocations/list-timing-form'

const list = { name: 'payments-2026', ttl: 3600, lifetime: 3600 }
const set = { name: 'payments-prod', maxTokenLifetime: 2 * 3600 }

describe('timingValues', () => {
  it('spells the stored seconds as a person types them; no ttl reads "none"', () => {
    expect(timingValues({ ttl: 5400, lifetime: 86_400 })).toEqual({ ttl: '1h30m', lifetime: '1d' })
    expect(timingValues({ ttl: null, lifetime: 600 })).toEqual({ ttl: 'none', lifetime: '10m' })
  })
})

describe('checkListTiming', () => {
  it('sends only what changed, in seconds, as an input the channel schema accepts', () => {
    const check = checkListTiming({ ttl: '30m', lifetime: '1h' }, list, set)
    expect(check).toEqual({ ok: true, input: { name: 'payments-2026', ttl: 1800 }, warnings: [] })
    if (!check.ok || !check.input) return
    expect(statusListUpdateInputSchema.parse(check.input)).toEqual({ name: 'payments-2026', ttl: 1800 })
    expect(checkListTiming({ ttl: '1h', lifetime: '7200' }, list, set)).toMatchObject({
      ok: true,
      input: { name: 'payments-2026', lifetime: 7200 },
    })
  })

  it('reads an empty or "none" ttl as leaving the claim out, as the CLI reads --ttl none', () => {
    for (const ttl of ['', ' none ', 'NONE'])
      expect(checkListTiming({ ttl, lifetime: '1h' }, list, set)).toMatchObject({
        ok: true,
        input: { name: 'payments-2026', ttl: null },
      })
  })

  it('is null when nothing changes, however it is spelt', () => {
    expect(checkListTiming({ ttl: '60m', lifetime: '3600' }, list, set)).toEqual({
      ok: true,
      input: null,
      warnings: [],
    })
  })

  it('flags each field with the duration parser’s message', () => {
    const check = checkListTiming({ ttl: '1 hour', lifetime: '' }, list, set)
    expect(check.ok).toBe(false)
    if (check.ok) return
    expect(check.errors.ttl).toBe(
      '"1 hour" is not a valid ttl: use a number followed by s, m, h, d or w (e.g. 90s, 15m, 1h, 7d, 1h30m), or a number of seconds.',
    )
    expect(check.errors.lifetime).toBe('"" is not a valid token lifetime: it is empty.')
    expect(checkListTiming({ ttl: '1m1h', lifetime: '1h' }, list, set)).toMatchObject({
      ok: false,
      errors: { ttl: expect.stringContaining('largest to smallest') },
    })
  })

  it('refuses what the service refuses: a lifetime beyond the set’s maximum, a zero ttl or lifetime', () => {
    expect(checkListTiming({ ttl: '1h', lifetime: '3h' }, list, set)).toEqual({
      ok: false,
      errors: {
        lifetime:
          'A list token lifetime of 10800 s (3h) is longer than set "payments-prod" allows for any token (7200 s, 2h).',
      },
    })
    expect(checkListTiming({ ttl: '0', lifetime: '1h' }, list, set)).toMatchObject({
      ok: false,
      errors: { ttl: 'A ttl must be a positive number of seconds, or left out.' },
    })
    expect(checkListTiming({ ttl: '1h', lifetime: '0s' }, list, set)).toMatchObject({
      ok: false,
      errors: { lifetime: 'A list token lifetime must be a positive number of seconds.' },
    })
  })

  it('allows a ttl longer than the lifetime, with the service’s warning', () => {
    const check = checkListTiming({ ttl: '2h', lifetime: '30m' }, list, set)
    expect(check).toMatchObject({
      ok: true,
      input: { name: 'payments-2026', ttl: 7200, lifetime: 1800 },
      warnings: [{ code: 'WARN_STATUS_LIST_TTL_BEYOND_LIFETIME' }],
    })
  })
})
