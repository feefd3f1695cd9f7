import type { MantineColor } from '@mantine/core'
import type { AuditListInput } from '#shared/contract'

/** The Audit screen's filters, and how they become an audit:list request and how entries read. */

export const auditPeriods = [
  { value: 'any', label: 'Any time', seconds: null },
  { value: '1h', label: 'Last hour', seconds: 3600 },
  { value: '24h', label: 'Last 24 hours', seconds: 86_400 },
  { value: '7d', label: 'Last 7 days', seconds: 7 * 86_400 },
  { value: '30d', label: 'Last 30 days', seconds: 30 * 86_400 },
] as const
export type AuditPeriod = (typeof auditPeriods)[number]['value']

export interface AuditFilters {
  search: string
  /** exact actions or whole domains ("key") */
  actions: string[]
  set: string | null
  kid: string
  period: AuditPeriod
  order: 'newest' | 'oldest'
}

export const defaultAuditFilters: AuditFilters = {
  search: '',
  actions: [],
  set: null,
  kid: '',
  period: 'any',
  order: 'newest',
}

export const auditPageSize = 200

export function filtersToInput(
  filters: AuditFilters,
  nowMs: number,
  limit = auditPageSize,
): NonNullable<AuditListInput> {
  const period = auditPeriods.find((p) => p.value === filters.period)
  const search = filters.search.trim().slice(0, 200)
  const kid = filters.kid.trim()
  return {
    limit,
    order: filters.order,
    ...(filters.actions.length ? { actions: filters.actions.slice(0, 50) } : {}),
    ...(filters.set ? { set: filters.set } : {}),
    ...(kid ? { kid } : {}),
    ...(search ? { search } : {}),
    ...(period?.seconds ? { since: new Date(nowMs - period.seconds * 1000).toISOString() } : {}),
  }
}

export function isFiltered(filters: AuditFilters): boolean {
  return (
    filters.search.trim() !== '' ||
    filters.actions.length > 0 ||
    filters.set !== null ||
    filters.kid.trim() !== '' ||
    filters.period !== 'any'
  )
}

/** "key.compromise" → "key"; the domain groups the filter menu and colours the badge. */
export function actionDomain(action: string): string {
  const dot = action.indexOf('.')
  return dot === -1 ? action : action.slice(0, dot)
}

/** Colour by consequence: red for what cannot be undone or signals trouble, then by domain. */
export function actionColor(action: string): MantineColor {
  const verb = action.slice(action.indexOf('.') + 1)
  if (/compromise|destroy|remove|delete|mark-missing/.test(verb)) return 'red'
  if (/unpublish|retire/.test(verb)) return 'orange'
  if (/activate|rotate/.test(verb)) return 'teal'
  if (/generate|import|create|adopt|restore/.test(verb)) return 'blue'
  switch (actionDomain(action)) {
    case 'token':
      return 'indigo'
    case 'backup':
      return 'grape'
    default:
      return 'gray'
  }
}

/** The filter menu: every action in the log, grouped by domain, each domain also selectable whole. */
export function actionOptions(
  actions: readonly string[],
): { group: string; items: { value: string; label: string }[] }[] {
  const groups = new Map<string, string[]>()
  for (const action of [...actions].sort()) {
    const domain = actionDomain(action)
    groups.set(domain, [...(groups.get(domain) ?? []), action])
  }
  return [...groups.entries()].map(([domain, items]) => ({
    group: domain,
    items: [
      { value: domain, label: `${domain}.* (all)` },
      ...items.map((action) => ({ value: action, label: action })),
    ],
  }))
}
