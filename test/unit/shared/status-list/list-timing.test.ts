import { describe, expect, it } from 'vitest'
import { checkStatusListTiming, parseStatusListTtl } from '#shared/status-list/list-timing'

const set = { name: 'prod', maxTokenLifetime: 3600 }

describe('checkStatusListTiming', () => {
  it('accepts a lifetime up to the set maximum and a ttl within it', () => {
    expect(checkStatusListTiming({ ttl: 600, lifetime: 3600 }, set)).toEqual({ errors: [], warnings: [] })
    expect(checkStatusListTiming({ ttl: null, lifetime: 60 }, set)).toEqual({ errors: [], warnings: [] })
  })

  it('refuses a lifetime beyond the set maximum, naming both', () => {
    const { errors } = checkStatusListTiming({ ttl: 600, lifetime: 3601 }, set)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ field: 'lifetime' })
    expect(errors[0]!.message).toContain('3601 s')
    expect(errors[0]!.message).toContain('set "prod" allows for any token (3600 s, 1h)')
  })

  it('refuses non-positive values', () => {
    expect(checkStatusListTiming({ ttl: 0, lifetime: 60 }, set).errors[0]).toMatchObject({ field: 'ttl' })
    expect(checkStatusListTiming({ ttl: 60, lifetime: 0 }, set).errors[0]).toMatchObject({ field: 'lifetime' })
  })

  it('warns when verifiers would cache a list token past its exp', () => {
    const { errors, warnings } = checkStatusListTiming({ ttl: 7200, lifetime: 3600 }, set)
    expect(errors).toEqual([])
    expect(warnings).toEqual([expect.objectContaining({ code: 'WARN_STATUS_LIST_TTL_BEYOND_LIFETIME' })])
  })
})

describe('parseStatusListTtl (--ttl and the app form)', () => {
  it('reads "none" in any case, spaces around, as no ttl claim, and anything else as a duration', () => {
    expect(parseStatusListTtl('none', '--ttl')).toBeNull()
    expect(parseStatusListTtl('  NONE ', '--ttl')).toBeNull()
    expect(parseStatusListTtl('10m', '--ttl')).toBe(600)
    expect(parseStatusListTtl('3600', '--ttl')).toBe(3600)
    expect(() => parseStatusListTtl('nope', '--ttl')).toThrow(/--ttl/)
  })
})
