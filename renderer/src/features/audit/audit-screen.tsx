import { ActionIcon, Badge, Button, Loader, MultiSelect, SegmentedControl, Select, Text, TextInput, Tooltip } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconAlertTriangle, IconFilterOff, IconHistory, IconRefresh, IconSearch } from '@tabler/icons-react'
import { Fragment, useEffect, useMemo, useState } from 'react'
import type { AuditChainStatus, AuditListResult, AuditListedEntry } from '../../../../shared/contract'
import type { SerializedError } from '../../../../shared/errors'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { formatUtc, relativeTo } from '../../components/format-time'
import { ScreenHeader } from '../../components/screen-header'
import { useNow } from '../../components/use-now'
import { useKeysChanged } from '../../components/use-keys-changed'
import type { ScreenProps } from '../../screens'
import { actionColor, actionOptions, auditPageSize, auditPeriods, defaultAuditFilters, detailPairs, filtersToInput, isFiltered, type AuditFilters, type AuditPeriod } from './audit-filters'
import { ChainStatus } from './chain-status'
import classes from './audit.module.css'

type Listing = { status: 'loading' } | { status: 'ready'; value: AuditListResult } | { status: 'error'; error: SerializedError; value: AuditListResult | null }

/**
 * Audit: the hash-chained log of everything done to keys and sets, newest first, with filters and
 * the chain's status — intact, or the first entry that is not what was written. It holds ids,
 * thumbprints and actions, never secrets.
 */
export function AuditScreen({ active }: ScreenProps) {
  const [filters, setFilters] = useState<AuditFilters>(defaultAuditFilters)
  const [debouncedSearch] = useDebouncedValue(filters.search, 250)
  const [debouncedKid] = useDebouncedValue(filters.kid, 250)
  const [limit, setLimit] = useState(auditPageSize)
  const [request, setRequest] = useState(0)
  const [listing, setListing] = useState<Listing>({ status: 'loading' })
  const [chain, setChain] = useState<AuditChainStatus | null>(null)
  const [verifying, setVerifying] = useState(false)
  const [expanded, setExpanded] = useState<number | null>(null)
  const now = useNow(30_000, active, listing)

  const query = useMemo(() => ({ ...filters, search: debouncedSearch, kid: debouncedKid }), [filters, debouncedSearch, debouncedKid])

  useEffect(() => {
    if (!active) return
    let cancelled = false
    call((api) => api.audit.list(filtersToInput(query, Date.now(), limit))).then(
      (value) => {
        if (cancelled) return
        setListing({ status: 'ready', value })
        setChain(value.chain)
      },
      (error: unknown) => !cancelled && setListing((previous) => ({ status: 'error', error: toCallError(error), value: previous.status === 'loading' ? null : previous.value })),
    )
    return () => {
      cancelled = true
    }
  }, [active, query, limit, request])

  // Anything the key manager does adds entries: reload while the screen is open.
  useKeysChanged(() => setRequest((n) => n + 1))

  const verify = async () => {
    setVerifying(true)
    try {
      setChain(await call((api) => api.audit.verify()))
    } catch (error) {
      setListing((previous) => ({ status: 'error', error: toCallError(error), value: previous.status === 'loading' ? null : previous.value }))
    } finally {
      setVerifying(false)
    }
  }

  const showLine = (line: number) => {
    document.querySelector(`[data-line="${line}"]`)?.scrollIntoView({ block: 'center' })
    setExpanded(line)
  }

  const value = listing.status === 'loading' ? null : listing.value
  const update = (changes: Partial<AuditFilters>) => {
    setFilters((f) => ({ ...f, ...changes }))
    setLimit(auditPageSize)
  }
  const setOptions = useMemo(() => {
    const names = new Set<string>()
    for (const entry of value?.entries ?? []) if (entry.subject.set) names.add(entry.subject.set)
    if (filters.set) names.add(filters.set)
    return [...names].sort()
  }, [value, filters.set])

  return (
    <div className={classes.screen}>
      <ScreenHeader
        title="Audit"
        description="Every change to keys and sets, in an append-only, hash-chained log. It never contains secrets."
        actions={
          <Tooltip label="Read the log again">
            <Button size="xs" variant="subtle" color="gray" leftSection={<IconRefresh size={14} />} onClick={() => setRequest((n) => n + 1)} data-testid="audit-refresh">
              Refresh
            </Button>
          </Tooltip>
        }
      />
      {listing.status === 'loading' ? (
        <div className={classes.center}>
          <Loader size="sm" />
        </div>
      ) : !value ? (
        <div className={classes.center}>{listing.status === 'error' && <CallErrorAlert error={listing.error} title="The audit log could not be read" />}</div>
      ) : (
        <>
          <div className={classes.top}>
            {listing.status === 'error' && <CallErrorAlert error={listing.error} title="Showing the last read: reading the log again failed" />}
            {chain && <ChainStatus chain={chain} onVerify={() => void verify()} verifying={verifying} onShowLine={showLine} />}
            <div className={classes.filters} role="search" aria-label="Filter the audit log">
              <TextInput
                size="xs"
                label="Search"
                placeholder="action, set, kid, detail…"
                leftSection={<IconSearch size={14} />}
                value={filters.search}
                onChange={(e) => update({ search: e.currentTarget.value })}
                w={220}
                data-testid="audit-search"
              />
              <MultiSelect
                size="xs"
                label="Actions"
                placeholder={filters.actions.length ? undefined : 'all'}
                data={actionOptions(value.actions)}
                value={filters.actions}
                onChange={(actions) => update({ actions })}
                clearable
                searchable
                w={260}
                maxDropdownHeight={320}
                data-testid="audit-actions"
                comboboxProps={{ withinPortal: true }}
              />
              <Select size="xs" label="Set" placeholder="all" data={setOptions} value={filters.set} onChange={(set) => update({ set })} clearable w={160} data-testid="audit-set" comboboxProps={{ withinPortal: true }} />
              <TextInput size="xs" label="kid" placeholder="any" value={filters.kid} onChange={(e) => update({ kid: e.currentTarget.value })} w={150} styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} data-testid="audit-kid" />
              <Select
                size="xs"
                label="When"
                data={auditPeriods.map((p) => ({ value: p.value, label: p.label }))}
                value={filters.period}
                onChange={(period) => update({ period: (period ?? 'any') as AuditPeriod })}
                allowDeselect={false}
                w={140}
                data-testid="audit-period"
                comboboxProps={{ withinPortal: true }}
              />
              <SegmentedControl
                size="xs"
                value={filters.order}
                onChange={(order) => update({ order: order as AuditFilters['order'] })}
                data={[
                  { value: 'newest', label: 'Newest first' },
                  { value: 'oldest', label: 'Oldest first' },
                ]}
                aria-label="Order"
              />
              {isFiltered(filters) && (
                <Tooltip label="Clear the filters">
                  <ActionIcon variant="subtle" color="gray" onClick={() => update(defaultAuditFilters)} aria-label="Clear the filters" data-testid="audit-clear" mb={2}>
                    <IconFilterOff size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </div>
          </div>
          <div className={classes.scroll}>
            {value.entries.length === 0 ? (
              <div className={classes.center} data-testid="audit-empty">
                <div style={{ textAlign: 'center' }}>
                  <IconHistory size={26} stroke={1.3} color="var(--mantine-color-dimmed)" />
                  <Text fz="sm" fw={600}>
                    {value.total === 0 ? 'Nothing recorded yet' : 'No entry matches these filters'}
                  </Text>
                  <Text fz="xs" c="dimmed">
                    {value.total === 0 ? 'Creating a set, generating, rotating or signing adds an entry here.' : `${value.total} entries in the log.`}
                  </Text>
                </div>
              </div>
            ) : (
              <table className={classes.table} data-testid="audit-table">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>Time (UTC)</th>
                    <th>Action</th>
                    <th>Subject</th>
                    <th className={classes.hideNarrow}>Details</th>
                  </tr>
                </thead>
                <tbody>
                  {value.entries.map((entry) => (
                    <EntryRow key={`${entry.line}-${entry.seq}`} entry={entry} now={now} expanded={expanded === entry.line} onToggle={() => setExpanded((e) => (e === entry.line ? null : entry.line))} />
                  ))}
                </tbody>
              </table>
            )}
            <div className={classes.footer}>
              <span data-testid="audit-count">
                {value.entries.length === 0 ? '' : `Showing ${value.entries.length} of ${value.matched} matching`} · {value.total} in the log
              </span>
              {value.matched > value.entries.length && (
                <Button size="compact-xs" variant="default" onClick={() => setLimit((l) => Math.min(5000, l + auditPageSize))} data-testid="audit-more">
                  Show {Math.min(auditPageSize, value.matched - value.entries.length)} more
                </Button>
              )}
            </div>
          </div>
        </>
      )}
    </div>
  )
}

function EntryRow({ entry, now, expanded, onToggle }: { entry: AuditListedEntry; now: number; expanded: boolean; onToggle: () => void }) {
  const details = detailPairs(entry.details)
  return (
    <Fragment>
      <tr
        className={classes.row}
        data-line={entry.line}
        data-flagged={entry.flagged ? true : undefined}
        data-expanded={expanded || undefined}
        data-action={entry.action}
        data-testid="audit-row"
        onClick={onToggle}
        onKeyDown={(event) => {
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault()
            onToggle()
          }
        }}
        tabIndex={0}
        aria-expanded={expanded}
      >
        <td className={classes.seq}>
          {entry.flagged && (
            <Tooltip label={`This line failed verification: ${entry.flagged.replace(/-/g, ' ')}`}>
              <IconAlertTriangle size={13} color="var(--signet-error)" style={{ verticalAlign: -2, marginRight: 4 }} />
            </Tooltip>
          )}
          {entry.seq}
        </td>
        <td className={classes.time} title={relativeTo(entry.at, now)}>
          {formatUtc(entry.at)}
        </td>
        <td className={classes.action}>
          <Badge size="sm" variant="light" color={actionColor(entry.action)} tt="none" radius="sm" styles={{ label: { overflow: 'visible' } }}>
            {entry.action}
          </Badge>
        </td>
        <td className={classes.subject}>
          {entry.subject.set && <div>{entry.subject.set}</div>}
          {entry.subject.kid && <div style={{ color: 'var(--mantine-color-dimmed)' }}>{entry.subject.kid}</div>}
        </td>
        <td className={classes.hideNarrow}>
          <div className={classes.details}>
            {details.slice(0, 6).map((d) => (
              <span key={d.name}>
                <span className={classes.detailName}>{d.name}</span> <span className={classes.detailValue}>{d.value}</span>
              </span>
            ))}
            {details.length > 6 && <span className={classes.detailName}>+{details.length - 6} more</span>}
          </div>
        </td>
      </tr>
      {expanded && (
        <tr className={classes.expanded} data-testid="audit-entry-details">
          <td colSpan={5}>
            <dl className={classes.facts}>
              <dt>Line</dt>
              <dd>{entry.line}</dd>
              <dt>At</dt>
              <dd>
                {entry.at} ({relativeTo(entry.at, now)})
              </dd>
              {detailPairs(entry.details, 10_000).map((d) => (
                <Fragment key={d.name}>
                  <dt>{d.name}</dt>
                  <dd>{d.full}</dd>
                </Fragment>
              ))}
              <dt>Previous hash</dt>
              <dd>{entry.prev}</dd>
              <dt>Hash</dt>
              <dd>{entry.hash}</dd>
            </dl>
          </td>
        </tr>
      )}
    </Fragment>
  )
}
