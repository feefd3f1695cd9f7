import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Menu,
  MultiSelect,
  SegmentedControl,
  Select,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconChevronDown, IconDownload, IconFilterOff, IconHistory, IconRefresh, IconSearch } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import type { AuditExportFormat } from '#shared/audit/export-entries'
import type { AuditChainStatus, AuditListResult } from '#shared/contract'
import type { SerializedError } from '#shared/errors'
import { plural } from '#shared/text/plural'
import { call } from '../../api'
import { toCallError } from '../../components/call-error-alert'
import { GoToKeysButton } from '../../components/go-to-keys-button'
import { ScreenHeader } from '../../components/screen-header'
import { LoadedContent, ScreenEmpty, ScreenLayout } from '../../components/screen-layout'
import { useNow } from '../../components/use-now'
import { useKeysChanged } from '../../components/use-keys-changed'
import type { ScreenProps } from '../../screen-props'
import { AuditEntryRow } from './audit-entry-row'
import { exportAuditLog } from './audit-export'
import {
  actionOptions,
  auditPageSize,
  auditPeriods,
  defaultAuditFilters,
  filtersToInput,
  isFiltered,
  type AuditFilters,
  type AuditPeriod,
} from './audit-filters'
import { ChainStatus } from './chain-status'
import classes from './audit.module.css'

type Listing =
  | { status: 'loading' }
  | { status: 'ready'; value: AuditListResult }
  | { status: 'error'; error: SerializedError; value: AuditListResult | null }

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
  const [exporting, setExporting] = useState(false)
  const [exportNote, setExportNote] = useState<{ ok: boolean; text: string } | null>(null)
  const now = useNow(30_000, active, listing)

  const query = useMemo(
    () => ({ ...filters, search: debouncedSearch, kid: debouncedKid }),
    [filters, debouncedSearch, debouncedKid],
  )

  useEffect(() => {
    if (!active) return
    let cancelled = false
    call((api) => api.audit.list(filtersToInput(query, Date.now(), limit))).then(
      (value) => {
        if (cancelled) return
        setListing({ status: 'ready', value })
        setChain(value.chain)
      },
      (error: unknown) =>
        !cancelled &&
        setListing((previous) => ({
          status: 'error',
          error: toCallError(error),
          value: previous.status === 'loading' ? null : previous.value,
        })),
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
      setListing((previous) => ({
        status: 'error',
        error: toCallError(error),
        value: previous.status === 'loading' ? null : previous.value,
      }))
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

  const exportAs = async (format: AuditExportFormat) => {
    setExportNote(null)
    setExporting(true)
    try {
      const note = await exportAuditLog(format, filtersToInput(query, Date.now(), limit))
      if (note) setExportNote({ ok: true, text: note })
    } catch (error) {
      setExportNote({ ok: false, text: toCallError(error).message })
    } finally {
      setExporting(false)
    }
  }

  return (
    <ScreenLayout
      container="audit"
      header={
        <ScreenHeader
          title="Audit"
          description="Every change to keys and sets, in an append-only, hash-chained log. It never contains secrets."
          actions={
            <Group gap="xs">
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconDownload size={14} />}
                    rightSection={<IconChevronDown size={14} />}
                    loading={exporting}
                    disabled={!value || value.total === 0}
                    data-testid="audit-export"
                  >
                    Export
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>The entries shown (every page)</Menu.Label>
                  <Menu.Item onClick={() => void exportAs('jsonl')} data-testid="audit-export-jsonl">
                    JSON Lines (.jsonl)…
                  </Menu.Item>
                  <Menu.Item onClick={() => void exportAs('csv')} data-testid="audit-export-csv">
                    CSV (.csv)…
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
              <Tooltip label="Read the log again">
                <Button
                  size="xs"
                  variant="subtle"
                  color="gray"
                  leftSection={<IconRefresh size={14} />}
                  onClick={() => setRequest((n) => n + 1)}
                  data-testid="audit-refresh"
                >
                  Refresh
                </Button>
              </Tooltip>
            </Group>
          }
        />
      }
    >
      <LoadedContent
        loading={listing.status === 'loading'}
        data={value}
        error={listing.status === 'error' ? listing.error : null}
        errorTitle="The audit log could not be read"
        staleErrorTitle="Showing the last read: reading the log again failed"
      >
        {(value, staleError) =>
          value.total === 0 && chain?.intact !== false ? (
            <>
              {staleError}
              <ScreenEmpty
                icon={<IconHistory size={28} stroke={1.3} color="var(--mantine-color-dimmed)" />}
                title="Nothing recorded yet"
                testId="audit-empty"
              >
                <Text fz="sm" c="dimmed" ta="center">
                  The audit log is Signet’s own record of every change to keys and sets: creating a set, generating,
                  importing, rotating, retiring or destroying a key, signing a token, exporting or publishing a JWKS,
                  backups and restores.
                </Text>
                <Text fz="sm" c="dimmed" ta="center">
                  Each entry says what was done, to which key, when, and from where — this app or the command line,
                  which user, which machine. Entries are hash-chained, so an edit or a deletion shows, and they never
                  contain a secret.
                </Text>
                <GoToKeysButton testId="audit-go-keys" />
              </ScreenEmpty>
            </>
          ) : (
            <>
              <div className={classes.top}>
                {staleError}
                {exportNote && (
                  <Alert
                    color={exportNote.ok ? 'teal' : 'red'}
                    variant="light"
                    withCloseButton
                    onClose={() => setExportNote(null)}
                    p="xs"
                    data-testid="audit-export-note"
                  >
                    <Text fz="xs">{exportNote.text}</Text>
                  </Alert>
                )}
                {chain && (
                  <ChainStatus
                    chain={chain}
                    onVerify={() => void verify()}
                    verifying={verifying}
                    onShowLine={showLine}
                  />
                )}
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
                  <Select
                    size="xs"
                    label="Set"
                    placeholder="all"
                    data={setOptions}
                    value={filters.set}
                    onChange={(set) => update({ set })}
                    clearable
                    w={160}
                    data-testid="audit-set"
                    comboboxProps={{ withinPortal: true }}
                  />
                  <TextInput
                    size="xs"
                    label="kid"
                    placeholder="any"
                    value={filters.kid}
                    onChange={(e) => update({ kid: e.currentTarget.value })}
                    w={150}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                    data-testid="audit-kid"
                  />
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
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        onClick={() => update(defaultAuditFilters)}
                        aria-label="Clear the filters"
                        data-testid="audit-clear"
                        mb={2}
                      >
                        <IconFilterOff size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </div>
              </div>
              <div className={classes.scroll}>
                {value.entries.length === 0 ? (
                  <ScreenEmpty
                    icon={<IconHistory size={26} stroke={1.3} color="var(--mantine-color-dimmed)" />}
                    title={value.total === 0 ? 'No readable entries' : 'No entry matches these filters'}
                    testId="audit-empty"
                  >
                    <Text fz="xs" c="dimmed">
                      {plural(value.total, 'entry', 'entries')} in the log.
                    </Text>
                  </ScreenEmpty>
                ) : (
                  <table className={classes.table} data-testid="audit-table">
                    <thead>
                      <tr>
                        <th>#</th>
                        <th>Time (UTC)</th>
                        <th>Action</th>
                        <th>Subject</th>
                        <th>Source</th>
                        <th className={classes.hideNarrow}>Details</th>
                      </tr>
                    </thead>
                    <tbody>
                      {value.entries.map((entry) => (
                        <AuditEntryRow
                          key={`${entry.line}-${entry.seq}`}
                          entry={entry}
                          now={now}
                          expanded={expanded === entry.line}
                          onToggle={() => setExpanded((e) => (e === entry.line ? null : entry.line))}
                        />
                      ))}
                    </tbody>
                  </table>
                )}
                <div className={classes.footer}>
                  <span data-testid="audit-count">
                    {value.entries.length === 0
                      ? ''
                      : `Showing ${value.entries.length} of ${value.matched} matching · `}
                    {value.total} in the log
                  </span>
                  {value.matched > value.entries.length && (
                    <Button
                      size="compact-xs"
                      variant="default"
                      onClick={() => setLimit((l) => Math.min(5000, l + auditPageSize))}
                      data-testid="audit-more"
                    >
                      Show {Math.min(auditPageSize, value.matched - value.entries.length)} more
                    </Button>
                  )}
                </div>
              </div>
            </>
          )
        }
      </LoadedContent>
    </ScreenLayout>
  )
}
