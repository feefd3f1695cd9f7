import { describe, expect, it } from 'vitest'
import { auditListInputSchema } from '#shared/contract/index'
import {
  actionColor,
  actionOptions,
  defaultAuditFilters,
  filtersToInput,
  isFiltered,
} from '#renderer/features/audit/audit-filters'

const now = Date.parse('2026-03-10T12:00:00Z')

describe('filtersToInput', () => {
  it('sends only what is set, and always a bounded page in the chosen order', () => {
    expect(filtersToInput(defaultAuditFilters, now)).toEqual({ limit: 200, order: 'newest' })
    expect(isFiltered(defaultAuditFilters)).toBe(false)
  })

  it('turns a period into a since, trims text, and passes the contract’s own schema', () => {
    const input = filtersToInput(
      {
        search: '  shared drive ',
        actions: ['key', 'token.sign'],
        set: 'payments-prod',
        kid: ' pay-1 ',
        period: '24h',
        order: 'oldest',
      },
      now,
      400,
    )
    expect(input).toEqual({
      limit: 400,
      order: 'oldest',
      actions: ['key', 'token.sign'],
      set: 'payments-prod',
      kid: 'pay-1',
      search: 'shared drive',
      since: '2026-03-09T12:00:00.000Z',
    })
    expect(auditListInputSchema.safeParse(input).success).toBe(true)
  })
})

describe('how entries read', () => {
  it('colours by consequence', () => {
    expect(actionColor('key.compromise')).toBe('red')
    expect(actionColor('key.destroy')).toBe('red')
    expect(actionColor('set.delete')).toBe('red')
    expect(actionColor('key.unpublish')).toBe('orange')
    expect(actionColor('key.rotate')).toBe('teal')
    expect(actionColor('key.generate')).toBe('blue')
    expect(actionColor('token.sign')).toBe('indigo')
    expect(actionColor('jwks.export')).toBe('gray')
  })

  it('groups the filter menu by domain, each domain selectable whole', () => {
    expect(actionOptions(['key.rotate', 'set.create', 'key.generate'])).toEqual([
      {
        group: 'key',
        items: [
          { value: 'key', label: 'key.* (all)' },
          { value: 'key.generate', label: 'key.generate' },
          { value: 'key.rotate', label: 'key.rotate' },
        ],
      },
      {
        group: 'set',
        items: [
          { value: 'set', label: 'set.* (all)' },
          { value: 'set.create', label: 'set.create' },
        ],
      },
    ])
  })
})
