import type { AuditListedEntry } from '#shared/contract'
import { parseListCounts, parseStatusChanges } from '#shared/status-list/audit-details'
import { statusLabel } from '#shared/status-list/status-types'
import { plural } from '#shared/text/plural'
import { formatUtc } from '#shared/time/format-time'
import { formatReadableDuration } from '#shared/time/readable-duration'

/** Changed indexes listed in one history line; the rest are counted. */
const indexesShown = 8

/**
 * One line per status list change (draft-ietf-oauth-status-list-19), from the details each
 * status-list.* audit entry records (electron/services/revocations/): statuses by name, times in
 * the one time format, ttl and lifetimes as durations — never the stored `5:0>1`, `3600` or
 * `ttlFrom`. An action this does not know reads as its words.
 */
export function statusListHistorySummary(entry: AuditListedEntry): string {
  const d = entry.details
  const parts: string[] = []
  const duration = (value: unknown) => (typeof value === 'number' ? formatReadableDuration(value) : 'none')
  const time = (value: unknown) => (typeof value === 'number' ? formatUtc(value * 1000) : null)
  switch (entry.action) {
    case 'status-list.create':
      if (typeof d.size === 'number') parts.push(`${plural(d.size, 'index', 'indexes')}`)
      if (typeof d.bits === 'number') parts.push(`${plural(d.bits, 'bit')} per status`)
      if (typeof d.uri === 'string') parts.push(`at ${d.uri}`)
      break
    case 'status-list.allocate':
      if (typeof d.idx === 'number') parts.push(`index ${d.idx}`)
      if (typeof d.jti === 'string') parts.push(`for jti ${d.jti}`)
      if (typeof d.sub === 'string') parts.push(`sub ${d.sub}`)
      break
    case 'status-list.set': {
      const changes = typeof d.indexes === 'string' ? parseStatusChanges(d.indexes) : []
      const read = changes
        .slice(0, indexesShown)
        .map((c) => (typeof c === 'string' ? c : `${c.idx} (${statusLabel(c.from)} → ${statusLabel(c.to)})`))
      const total = typeof d.changed === 'number' ? d.changed : changes.length
      const which = read.length
        ? read.join(', ') + (total > read.length ? ` and ${total - read.length} more` : '')
        : plural(total, 'index', 'indexes')
      parts.push(typeof d.status === 'number' ? `to ${statusLabel(d.status)}: ${which}` : which)
      break
    }
    case 'status-list.update':
      if ('ttlFrom' in d || 'ttlTo' in d) parts.push(`ttl ${duration(d.ttlFrom)} → ${duration(d.ttlTo)}`)
      if ('lifetimeFrom' in d || 'lifetimeTo' in d)
        parts.push(`token lifetime ${duration(d.lifetimeFrom)} → ${duration(d.lifetimeTo)}`)
      break
    case 'status-list.export': {
      const issued = time(d.iat)
      const expires = time(d.exp)
      if (issued) parts.push(`issued ${issued}`)
      if (expires) parts.push(`expires ${expires}`)
      if (typeof d.changed === 'number') parts.push(`${plural(d.changed, 'change')} since the last export`)
      break
    }
    case 'status-list.revoke-signed-by': {
      if (typeof d.revoked === 'number') parts.push(`${plural(d.revoked, 'index', 'indexes')} revoked`)
      const lists = typeof d.lists === 'string' ? parseListCounts(d.lists) : []
      if (lists.length)
        parts.push(`in ${lists.map((l) => (typeof l === 'string' ? l : `${l.list} (${l.count})`)).join(', ')}`)
      if (typeof d.unknownSigner === 'number' && d.unknownSigner > 0)
        parts.push(`${plural(d.unknownSigner, 'index', 'indexes')} with no signer recorded`)
      break
    }
  }
  if (entry.subject.kid) parts.push(`key ${entry.subject.kid}`)
  if (typeof d.reason === 'string') parts.push(`“${d.reason}”`)
  return parts.join(' · ') || entry.action.replace(/^[a-z-]+\./, '').replace(/-/g, ' ')
}
