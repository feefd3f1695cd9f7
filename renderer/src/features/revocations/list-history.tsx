import { Badge, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { AuditListedEntry } from '#shared/contract'
import type { SerializedError } from '#shared/errors'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { formatUtc } from '../../components/format-time'
import { Panel } from '../../components/panel'
import classes from './revocations.module.css'
import { statusListHistorySummary } from './status-list-history'

/** Entries read per list; older history stays on the Audit screen. */
const historyLimit = 100

/**
 * A list's history from the audit log: audit:list for the set's status-list.* entries, kept where
 * the entry names this list. `revision` re-reads it after every change made here.
 */
export function ListHistory({ set, list, revision }: { set: string; list: string; revision: string }) {
  return (
    <AuditHistory
      set={set}
      domain="status-list"
      keep={(entry) => entry.details.list === list}
      summary={statusListHistorySummary}
      revision={revision}
      empty="No entries for this list yet."
      testId="list-history"
    />
  )
}

/**
 * The set's legacy revocation list history (#7.7): its revocations.* audit entries (add, remove,
 * cutoff, export), newest first. `revision` re-reads it after every change made here.
 */
export function LegacyListHistory({ set, revision }: { set: string; revision: string }) {
  return (
    <AuditHistory
      set={set}
      domain="revocations"
      keep={() => true}
      summary={legacySummary}
      revision={revision}
      empty="No changes to this set's revocation list yet."
      testId="legacy-history"
    />
  )
}

function AuditHistory({
  set,
  domain,
  keep,
  summary: describe,
  revision,
  empty,
  testId,
}: {
  set: string
  domain: 'status-list' | 'revocations'
  keep: (entry: AuditListedEntry) => boolean
  summary: (entry: AuditListedEntry) => string
  revision: string
  empty: string
  testId: string
}) {
  const [read, setRead] = useState<AuditListedEntry[] | null>(null)
  const [error, setError] = useState<SerializedError | null>(null)
  const entries = read === null ? null : read.filter(keep)

  useEffect(() => {
    let cancelled = false
    call((api) => api.audit.list({ actions: [domain], set, limit: historyLimit, order: 'newest' })).then(
      (value) => {
        if (cancelled) return
        setRead(value.entries)
        setError(null)
      },
      (caught: unknown) => !cancelled && setError(toCallError(caught)),
    )
    return () => {
      cancelled = true
    }
  }, [set, domain, revision])

  return (
    <Panel title="History" meta="from the audit log" data-testid={testId}>
      {error ? (
        <div style={{ padding: 10 }}>
          <CallErrorAlert error={error} title="The audit log could not be read" />
        </div>
      ) : entries === null ? null : entries.length === 0 ? (
        <Text fz="sm" c="dimmed" p="sm">
          {empty}
        </Text>
      ) : (
        <div className={classes.scrollTable}>
          <table className={classes.table}>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">What</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq} data-testid={`history-${entry.seq}`}>
                  <td className={classes.mono} style={{ whiteSpace: 'nowrap' }}>
                    {formatUtc(entry.at)}
                  </td>
                  <td>
                    <Badge
                      size="sm"
                      variant="light"
                      color={
                        entry.action.endsWith('export')
                          ? 'blue'
                          : /\.(set|add|cutoff)$/.test(entry.action)
                            ? 'red'
                            : 'gray'
                      }
                    >
                      {entry.action.slice(domain.length + 1).replace(/-/g, ' ')}
                    </Badge>
                  </td>
                  <td style={{ overflowWrap: 'anywhere' }}>{describe(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}

/** One line per legacy list change, from the details each revocations.* entry records (electron/services/revocations/). */
export function legacySummary(entry: AuditListedEntry): string {
  const d = entry.details
  const parts: string[] = []
  const time = (value: unknown) =>
    typeof value === 'number' ? formatUtc(value * 1000) : typeof value === 'string' ? value : 'none'
  if (typeof d.by === 'string' && typeof d.id === 'string')
    parts.push(`${d.by} ${d.id.length > 80 ? `${d.id.slice(0, 80)}…` : d.id}`)
  if (entry.action === 'revocations.add')
    parts.push(typeof d.until === 'string' || typeof d.until === 'number' ? `until ${time(d.until)}` : 'until never')
  if (d.replaced === true) parts.push('(replaced an entry)')
  if (entry.action === 'revocations.cutoff')
    parts.push(`issued before: ${d.from == null ? 'never' : time(d.from)} → ${d.to == null ? 'never' : time(d.to)}`)
  if (entry.action === 'revocations.export') {
    if (typeof d.entries === 'number')
      parts.push(`${d.entries.toLocaleString('en')} entr${d.entries === 1 ? 'y' : 'ies'}`)
    if (typeof d.changed === 'number') parts.push(`${d.changed} changed`)
    if (entry.subject.kid) parts.push(`signed by ${entry.subject.kid}`)
  }
  if (typeof d.pruned === 'number' && d.pruned > 0) parts.push(`${d.pruned} expired pruned`)
  if (typeof d.reason === 'string') parts.push(`“${d.reason}”`)
  return parts.join(' ') || entry.action
}
