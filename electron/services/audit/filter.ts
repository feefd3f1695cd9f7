import type { AuditListInput } from '#shared/contract'
import { canonicalJson } from './entry'
import type { VerifiedEntry } from './verify'

/** The Audit screen's and `signet audit list`'s filters; every given filter must match. */
export function filterEntries(entries: VerifiedEntry[], filters: AuditListInput): VerifiedEntry[] {
  if (!filters) return entries
  const since = filters.since ? Date.parse(filters.since) : undefined
  const until = filters.until ? Date.parse(filters.until) : undefined
  const search = filters.search?.trim().toLowerCase()
  const actions = filters.actions?.length ? filters.actions : undefined
  return entries.filter(({ entry }) => {
    if (actions && !actions.some((a) => entry.action === a || entry.action.startsWith(`${a}.`))) return false
    if (filters.set !== undefined && entry.subject.set !== filters.set) return false
    if (filters.kid !== undefined && entry.subject.kid !== filters.kid) return false
    const at = Date.parse(entry.at)
    if (since !== undefined && at < since) return false
    if (until !== undefined && at > until) return false
    if (
      search &&
      !canonicalJson({ action: entry.action, subject: entry.subject, details: entry.details })
        .toLowerCase()
        .includes(search)
    )
      return false
    return true
  })
}
