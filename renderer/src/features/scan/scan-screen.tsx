import { Badge, Button, FileButton, Group, Progress, Stack, Table, Text, TextInput, SegmentedControl, UnstyledButton } from '@mantine/core'
import { IconDownload, IconFileSearch, IconSearch, IconX } from '@tabler/icons-react'
import { useMemo, useRef, useState, type DragEvent } from 'react'
import { ScreenHeader } from '../../components/screen-header'
import { ScreenLayout } from '../../components/screen-layout'
import { useShellCommandBus } from '../../shell/commands'
import type { ScreenProps } from '../../screens'
import type { ScanRow } from './scan-core'
import type { ScanFileOutcome, ScanRequest, ScanResponse } from './scan-protocol'
import { redactedPrefix, reportJson, severityOrder, summarise } from './scan-report'
import { SummaryChart } from './summary-chart'
import classes from './scan.module.css'

type Run =
  | { status: 'idle' }
  | { status: 'running'; done: number; total: number; file: string }
  | { status: 'cancelled' }
  | { status: 'error'; message: string }
  | { status: 'done'; rows: ScanRow[]; files: ScanFileOutcome[]; elapsedMs: number }

type SortKey = 'id' | 'iss' | 'alg' | 'verdict' | 'findings' | 'locations'
const severityRank = (row: ScanRow) => (row.findings.length === 0 ? 9 : severityOrder.indexOf(row.findings[0]!.severity))

/**
 * Scan: drop or open files (HAR captures, logs); every token in them is found, de-duplicated,
 * decoded and linted in a worker, with progress and cancel. A sortable, filterable table, a summary
 * chart, a click to open a token in Inspect, and a redacted JSON report to export.
 */
export function ScanScreen(_props: ScreenProps) {
  const [run, setRun] = useState<Run>({ status: 'idle' })
  const [filter, setFilter] = useState('')
  const [verdict, setVerdict] = useState('all')
  const [sort, setSort] = useState<{ key: SortKey; up: boolean }>({ key: 'id', up: true })
  const [dragging, setDragging] = useState(false)
  const workerRef = useRef<Worker | null>(null)
  const bus = useShellCommandBus()

  const start = (files: File[]) => {
    if (files.length === 0) return
    workerRef.current?.terminate()
    const worker = new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module', name: 'scan' })
    workerRef.current = worker
    setRun({ status: 'running', done: 0, total: files.reduce((s, f) => s + f.size, 0), file: files[0]!.name })
    worker.onmessage = (event: MessageEvent<ScanResponse>) => {
      const message = event.data
      if (message.type === 'progress') setRun({ status: 'running', done: message.done, total: message.total, file: message.file })
      else {
        setRun({ status: 'done', rows: message.rows, files: message.files, elapsedMs: message.elapsedMs })
        worker.terminate()
        workerRef.current = null
      }
    }
    worker.onerror = (event) => {
      setRun({ status: 'error', message: `The scan stopped: ${event.message || 'the worker could not start'}.` })
      worker.terminate()
    }
    worker.postMessage({ files, now: Math.floor(Date.now() / 1000) } satisfies ScanRequest)
  }
  const cancel = () => {
    workerRef.current?.terminate()
    workerRef.current = null
    setRun({ status: 'cancelled' })
  }

  const rows = useMemo(() => (run.status === 'done' ? run.rows : []), [run])
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase()
    const kept = rows.filter(
      (row) =>
        (verdict === 'all' || row.verdict === verdict) &&
        (needle === '' || [row.iss, row.alg, row.kid, row.verdict, ...row.locations, ...row.findings.map((f) => f.title)].some((v) => v?.toLowerCase().includes(needle))),
    )
    const value = (row: ScanRow): string | number =>
      sort.key === 'id' ? row.id : sort.key === 'findings' ? severityRank(row) * 1000 - row.findings.length : sort.key === 'locations' ? row.locations.length : (row[sort.key] ?? '')
    return kept.sort((a, b) => {
      const x = value(a)
      const y = value(b)
      const order = x < y ? -1 : x > y ? 1 : a.id - b.id
      return sort.up ? order : -order
    })
  }, [rows, filter, verdict, sort])
  const summary = useMemo(() => summarise(rows), [rows])

  const exportReport = async () => {
    if (run.status !== 'done') return
    // A download of a blob the page made: nothing crosses to main, no path is named by the page.
    const blob = new Blob([await reportJson(run.rows, run.files)], { type: 'application/json' })
    const url = URL.createObjectURL(blob)
    const link = document.createElement('a')
    link.href = url
    link.download = 'signet-scan-report.json'
    link.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    start(Array.from(event.dataTransfer.files))
  }
  const header = (key: SortKey, label: string) => (
    <Table.Th>
      <UnstyledButton className={classes.sort} onClick={() => setSort((s) => ({ key, up: s.key === key ? !s.up : true }))} aria-label={`Sort by ${label}`}>
        {label}
        {sort.key === key ? (sort.up ? ' ▲' : ' ▼') : ''}
      </UnstyledButton>
    </Table.Th>
  )

  return (
    <ScreenLayout
      container="scan"
      header={
        <ScreenHeader
          title="Scan"
          description="Find every token in HAR captures and logs — decoded and linted here, nothing leaves the machine"
          actions={
            <Group gap="xs">
              <FileButton onChange={(files) => start(files)} multiple accept=".har,.log,.txt,.json,.ndjson,text/*,application/json">
                {(props) => (
                  <Button {...props} size="xs" leftSection={<IconFileSearch size={14} />} data-testid="scan-open">
                    Open files…
                  </Button>
                )}
              </FileButton>
              <Button size="xs" variant="default" leftSection={<IconDownload size={14} />} disabled={run.status !== 'done'} onClick={() => void exportReport()}>
                Export report
              </Button>
            </Group>
          }
        />
      }
    >
      <div
        className={classes.drop}
        data-dragging={dragging || undefined}
        data-testid="scan-drop"
        onDragOver={(e) => {
          e.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {run.status === 'running' ? (
          <Stack gap={6} className={classes.progress}>
            <Group justify="space-between">
              <Text fz="sm">
                Scanning {run.file}… {run.total > 0 ? Math.round((run.done / run.total) * 100) : 0}%
              </Text>
              <Button size="compact-xs" variant="default" leftSection={<IconX size={12} />} onClick={cancel} data-testid="scan-cancel">
                Cancel
              </Button>
            </Group>
            <Progress value={run.total > 0 ? (run.done / run.total) * 100 : 0} aria-label="Scan progress" />
          </Stack>
        ) : (
          <Text fz="sm" c="dimmed">
            Drop HAR captures or log files here, or open them. {run.status === 'cancelled' && 'The last scan was cancelled.'}
            {run.status === 'error' && run.message}
          </Text>
        )}
      </div>
      {run.status === 'done' && (
        <div className={classes.results}>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap={4}>
              <Text fz="sm" data-testid="scan-summary">
                {rows.length} distinct token{rows.length === 1 ? '' : 's'} in {run.files.length} file{run.files.length === 1 ? '' : 's'} ({Math.round(run.elapsedMs)} ms). Signatures are not checked in the app: open a
                token in Inspect to verify it, or use <code className={classes.mono}>signet scan --key</code>.
              </Text>
              {run.files
                .filter((f) => f.error)
                .map((f) => (
                  <Text key={f.name} fz="xs" c="red">
                    {f.name}: {f.error}
                  </Text>
                ))}
            </Stack>
            <SummaryChart verdicts={summary.verdicts} severities={summary.severities} />
          </Group>
          <Group gap="xs">
            <TextInput size="xs" leftSection={<IconSearch size={14} />} placeholder="Filter: issuer, alg, finding, location…" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} aria-label="Filter tokens" w={320} />
            <SegmentedControl size="xs" value={verdict} onChange={setVerdict} data={['all', 'unverifiable', 'expired', 'encrypted', 'malformed']} aria-label="Verdict" />
          </Group>
          <div className={classes.tableWrap}>
            <Table striped highlightOnHover stickyHeader fz="xs" data-testid="scan-table">
              <Table.Thead>
                <Table.Tr>
                  {header('id', '#')}
                  <Table.Th>Token</Table.Th>
                  {header('iss', 'Issuer')}
                  {header('alg', 'Alg')}
                  {header('verdict', 'Verdict')}
                  {header('findings', 'Findings')}
                  {header('locations', 'Locations')}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((row) => (
                  <Table.Tr
                    key={row.id}
                    className={classes.row}
                    onClick={() => bus?.emit('inspect-token', { token: row.token, source: `Scan: ${row.locations[0] ?? 'scanned file'}` })}
                    title="Open in Inspect"
                  >
                    <Table.Td>{row.id}</Table.Td>
                    <Table.Td className={classes.mono}>{redactedPrefix(row.token).slice(0, 24)}…</Table.Td>
                    <Table.Td>{row.iss ?? '—'}</Table.Td>
                    <Table.Td>{row.alg ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge size="xs" variant="light" color={verdictColor[row.verdict]}>
                        {row.verdict}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="wrap">
                        {row.findings.slice(0, 3).map((f) => (
                          <Badge key={f.id} size="xs" variant="outline" color={severityColor[f.severity]} title={f.title}>
                            {f.id}
                          </Badge>
                        ))}
                        {row.findings.length > 3 && <Text fz="xs">+{row.findings.length - 3}</Text>}
                      </Group>
                    </Table.Td>
                    <Table.Td className={classes.mono} title={row.locations.join('\n')}>
                      {row.locations[0]}
                      {row.locations.length > 1 && ` +${row.locations.length - 1}`}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </div>
      )}
    </ScreenLayout>
  )
}

const verdictColor: Record<string, string> = { unverifiable: 'gray', expired: 'orange', encrypted: 'blue', malformed: 'red' }
export const severityColor: Record<string, string> = { high: 'red', medium: 'orange', low: 'yellow', info: 'gray' }
