import { Badge, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { AuditListedEntry } from '../../../../shared/contract'
import type { SerializedError } from '../../../../shared/errors'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { formatUtc } from '../../components/format-time'
import { Panel } from '../../components/panel'
import classes from './revocations.module.css'

/** Entries read per list; older history stays on the Audit screen. */
const historyLimit = 100

/**
 * A list's history from the audit log: audit:list for the set's status-list.* entries, kept where
 * the entry names this list. `revision` re-reads it after every change made here.
 */
export function ListHistory({ set, list, revision }: { set: string; list: string; revision: string }) {
  const [entries, setEntries] = useState<AuditListedEntry[] | null>(null)
  const [error, setError] = useState<SerializedError | null>(null)

  useEffect(() => {
    let cancelled = false
    call((api) => api.audit.list({ actions: ['status-list'], set, limit: historyLimit, order: 'newest' })).then(
      (value) => {
        if (cancelled) return
        setEntries(value.entries.filter((e) => e.details.list === list))
        setError(null)
      },
      (caught: unknown) => !cancelled && setError(toCallError(caught)),
    )
    return () => {
      cancelled = true
    }
  }, [set, list, revision])

  return (
    <Panel title="History" meta="from the audit log" data-testid="list-history">
      {error ? (
        <div style={{ padding: 10 }}>
          <CallErrorAlert error={error} title="The audit log could not be read" />
        </div>
      ) : entries === null ? null : entries.length === 0 ? (
        <Text fz="sm" c="dimmed" p="sm">
          No entries for this list yet.
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
                    <Badge size="sm" variant="light" color={entry.action.endsWith('export') ? 'blue' : entry.action.endsWith('set') ? 'red' : 'gray'}>
                      {entry.action.replace(/^status-list\./, '')}
                    </Badge>
                  </td>
                  <td style={{ overflowWrap: 'anywhere' }}>{summary(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  )
}

function summary(entry: AuditListedEntry): string {
  const d = entry.details
  const parts: string[] = []
  if (typeof d.idx === 'number') parts.push(`index ${d.idx}`)
  if (typeof d.changed === 'number') parts.push(`${d.changed} changed`)
  if (typeof d.indexes === 'string' && d.indexes) parts.push(`(${d.indexes.length > 120 ? `${d.indexes.slice(0, 120)}…` : d.indexes})`)
  if (typeof d.reason === 'string') parts.push(`“${d.reason}”`)
  if (entry.subject.kid) parts.push(`key ${entry.subject.kid}`)
  if (typeof d.size === 'number') parts.push(`${d.size.toLocaleString('en')} indexes`)
  return parts.join(' ') || entry.action
}
