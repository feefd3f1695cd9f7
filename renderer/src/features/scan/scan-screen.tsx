import {
  Alert,
  Button,
  FileButton,
  Group,
  Menu,
  Progress,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  SegmentedControl,
} from '@mantine/core'
import { IconDownload, IconFileSearch, IconRefresh, IconSearch, IconX } from '@tabler/icons-react'
import { useMemo, useRef, useState, type DragEvent } from 'react'
import type { ScanReportFormat } from '#shared/contract/scan'
import type { SerializedError } from '#shared/errors'
import { scanVerdicts } from '#shared/scan/analyse-token'
import { plural } from '#shared/text/plural'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { call, SignetCallError } from '../../api'
import { CallErrorAlert } from '../../components/call-error-alert'
import { ScreenHeader } from '../../components/screen-header'
import { ScreenLayout } from '../../components/screen-layout'
import { useShellCommandBus } from '../../shell/commands'
import type { ScreenProps } from '../../screen-props'
import { useManagedKeys } from '../inspector/verify/use-managed-keys'
import { useSavedPolicies } from '../inspector/verify/use-saved-policies'
import { placeText, type ScanRow, type ScanTokenLimit } from './scan-core'
import type { ScanFileOutcome, ScanKeyRequest, ScanRequest, ScanResponse } from './scan-protocol'
import { reportText, severityOrder, summarise } from './scan-report'
import { SummaryChart } from './summary-chart'
import { ScanTable, type SortKey } from './scan-table'
import { FindingCounts } from './finding-counts'
import { filterRows } from './scan-filter'
import classes from './scan.module.css'
import { formatBytes } from '#shared/text/format-bytes'

type Run =
  | { status: 'idle' }
  | { status: 'running'; phase: 'finding' | 'verifying'; done: number; total: number; file: string }
  | { status: 'cancelled' }
  | { status: 'error'; message: string }
  | {
      status: 'done'
      rows: ScanRow[]
      files: ScanFileOutcome[]
      elapsedMs: number
      keyLabel: string | null
      keyError: string | null
      tokenLimit: ScanTokenLimit | null
    }

type KeyMode = 'none' | 'managed' | 'text'
const defaultPolicyName = '(default policy)'

const severityRank = (row: ScanRow) =>
  row.findings.length === 0 ? 9 : severityOrder.indexOf(row.findings[0]!.severity)

/**
 * Scan: drop or open files (HAR captures, logs); every token in them is found, de-duplicated,
 * decoded, linted and verified once in a worker — with Signet's managed keys or a pasted key (kept in
 * this window only, never saved) and the default or a saved policy — with progress and cancel. A
 * sortable, filterable table, a summary chart, a click to open a token in Inspect, and a redacted
 * report (JSON, NDJSON or SARIF) exported through main's save dialog.
 */
export function ScanScreen(_props: ScreenProps) {
  const [run, setRun] = useState<Run>({ status: 'idle' })
  const [filter, setFilter] = useState('')
  const [verdict, setVerdict] = useState('all')
  const [sort, setSort] = useState<{ key: SortKey; up: boolean }>({ key: 'id', up: true })
  const [dragging, setDragging] = useState(false)
  const [keyMode, setKeyMode] = useState<KeyMode>('managed')
  const [keyText, setKeyText] = useState('')
  const [policyName, setPolicyName] = useState(defaultPolicyName)
  const [exportNote, setExportNote] = useState<
    { ok: true; text: string } | { ok: false; error: SerializedError } | null
  >(null)
  const workerRef = useRef<Worker | null>(null)
  const [lastFiles, setLastFiles] = useState<File[]>([])
  const bus = useShellCommandBus()
  const managed = useManagedKeys(keyMode === 'managed')
  const saved = useSavedPolicies()
  const savedPolicies = saved.state.status === 'ready' ? saved.state.list.policies : []
  const policy = savedPolicies.find((p) => p.name === policyName)?.policy ?? defaultPolicy()

  const keyRequest = (): ScanKeyRequest => {
    if (keyMode === 'managed')
      return managed.status === 'ready' ? { kind: 'managed', keys: managed.keys } : { kind: 'none' }
    if (keyMode === 'text') return { kind: 'text', key: { text: keyText, fileName: null, encoding: 'auto' } }
    return { kind: 'none' }
  }

  const start = (files: File[]) => {
    if (files.length === 0) return
    workerRef.current?.terminate()
    setLastFiles(files)
    setExportNote(null)
    const worker = new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module', name: 'scan' })
    workerRef.current = worker
    setRun({
      status: 'running',
      phase: 'finding',
      done: 0,
      total: files.reduce((s, f) => s + f.size, 0),
      file: files[0]!.name,
    })
    worker.onmessage = (event: MessageEvent<ScanResponse>) => {
      const message = event.data
      if (message.type === 'progress')
        setRun({
          status: 'running',
          phase: message.phase,
          done: message.done,
          total: message.total,
          file: message.file,
        })
      else if (message.type === 'remote-verify') {
        // A managed HMAC key's secret stays in main: main checks the signature, as in Inspect.
        call((api) => api.keys.verifyToken({ token: message.token })).then(
          (result) =>
            worker.postMessage({ type: 'remote-result', id: message.id, result, error: null } satisfies ScanRequest),
          (error: unknown) =>
            worker.postMessage({
              type: 'remote-result',
              id: message.id,
              result: null,
              error:
                error instanceof SignetCallError
                  ? error.toJSON()
                  : { code: 'ERR_INTERNAL', message: 'The main process could not check the signature.' },
            } satisfies ScanRequest),
        )
      } else {
        setRun({
          status: 'done',
          rows: message.rows,
          files: message.files,
          elapsedMs: message.elapsedMs,
          keyLabel: message.keyLabel,
          keyError: message.keyError,
          tokenLimit: message.tokenLimit,
        })
        worker.terminate()
        workerRef.current = null
      }
    }
    worker.onerror = (event) => {
      setRun({ status: 'error', message: `The scan stopped: ${event.message || 'the worker could not start'}.` })
      worker.terminate()
    }
    worker.postMessage({ type: 'scan', files, now: Date.now() / 1000, policy, key: keyRequest() } satisfies ScanRequest)
  }
  const cancel = () => {
    workerRef.current?.terminate()
    workerRef.current = null
    setRun({ status: 'cancelled' })
  }

  const rows = useMemo(() => (run.status === 'done' ? run.rows : []), [run])
  const summary = useMemo(() => summarise(rows), [rows])
  const shown = useMemo(() => {
    const kept = filterRows(rows, filter, verdict)
    const value = (row: ScanRow): string | number =>
      sort.key === 'id'
        ? row.id
        : sort.key === 'findings'
          ? severityRank(row) * 1000 - row.findings.length
          : sort.key === 'locations'
            ? row.locations.length
            : (row[sort.key] ?? '')
    return kept.sort((a, b) => {
      const x = value(a)
      const y = value(b)
      const order = x < y ? -1 : x > y ? 1 : a.id - b.id
      return sort.up ? order : -order
    })
  }, [rows, filter, verdict, sort])

  const exportReport = async (format: ScanReportFormat) => {
    if (run.status !== 'done') return
    setExportNote(null)
    try {
      // Main's own dialog chooses the file; the page carries the one-time handle, never a path.
      const choice = await call((api) => api.dialog.saveScanReport({ format }))
      if (choice.handle === null) return
      const handle = choice.handle
      const info = await call((api) => api.app.info())
      const report = await reportText(format, run.rows, run.files, info.version, run.tokenLimit)
      const written = await call((api) => api.scan.saveReport({ handle, format, report }))
      setExportNote({
        ok: true,
        text: `Report (${format.toUpperCase()}) saved to ${written.path} (${formatBytes(written.bytes)}).`,
      })
    } catch (error) {
      setExportNote({
        ok: false,
        error:
          error instanceof SignetCallError
            ? error.toJSON()
            : { code: 'ERR_INTERNAL', message: 'The report could not be exported.' },
      })
    }
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    start(Array.from(event.dataTransfer.files))
  }
  return (
    <ScreenLayout
      container="scan"
      header={
        <ScreenHeader
          title="Scan"
          description="Find every token in HAR captures and logs — decoded, linted and verified here; nothing leaves the machine."
          actions={
            <Group gap="xs">
              <FileButton
                onChange={(files) => start(files)}
                multiple
                accept=".har,.log,.txt,.json,.ndjson,.gz,text/*,application/json,application/gzip"
              >
                {(props) => (
                  <Button {...props} size="xs" leftSection={<IconFileSearch size={14} />} data-testid="scan-open">
                    Open files…
                  </Button>
                )}
              </FileButton>
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <Button
                    size="xs"
                    variant="default"
                    leftSection={<IconDownload size={14} />}
                    disabled={run.status !== 'done'}
                    data-testid="scan-export"
                  >
                    Export report
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item onClick={() => void exportReport('json')}>JSON report</Menu.Item>
                  <Menu.Item onClick={() => void exportReport('ndjson')}>NDJSON (one token per line)</Menu.Item>
                  <Menu.Item onClick={() => void exportReport('sarif')}>SARIF 2.1.0</Menu.Item>
                </Menu.Dropdown>
              </Menu>
            </Group>
          }
        />
      }
    >
      <Group gap="sm" align="flex-end" className={classes.settings} wrap="wrap">
        <Stack gap={2}>
          <Text fz="xs" fw={600}>
            Verify with
          </Text>
          <SegmentedControl
            size="xs"
            value={keyMode}
            onChange={(value) => setKeyMode(value as KeyMode)}
            data={[
              { value: 'managed', label: 'Managed keys' },
              { value: 'text', label: 'Pasted key' },
              { value: 'none', label: 'No key' },
            ]}
            aria-label="Verify with"
            data-testid="scan-key-mode"
          />
        </Stack>
        <Select
          size="xs"
          label="Policy"
          value={policyName}
          onChange={(value) => setPolicyName(value ?? defaultPolicyName)}
          data={[defaultPolicyName, ...savedPolicies.map((p) => p.name)]}
          allowDeselect={false}
          w={200}
          data-testid="scan-policy"
        />
        {run.status !== 'running' && lastFiles.length > 0 && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRefresh size={14} />}
            onClick={() => start(lastFiles)}
            data-testid="scan-again"
          >
            Scan again
          </Button>
        )}
        <Text fz="xs" c="dimmed" className={classes.keyNote}>
          {keyMode === 'managed' &&
            (managed.status === 'ready'
              ? `${plural(managed.keys.length, 'managed key')}: public keys verify here, HMAC keys in the main process.`
              : managed.status === 'error'
                ? `Managed keys could not be listed: ${managed.error.message}`
                : 'Reading the managed keys…')}
          {keyMode === 'text' && 'A JWK, JWKS, PEM or HMAC secret: kept in this window only, never saved.'}
          {keyMode === 'none' && 'Tokens are decoded and linted; signatures are not checked.'}
        </Text>
      </Group>
      {keyMode === 'text' && (
        <Textarea
          className={classes.keyText}
          size="xs"
          rows={3}
          placeholder='{"keys":[…]}, -----BEGIN PUBLIC KEY-----…, or a shared secret'
          value={keyText}
          onChange={(e) => setKeyText(e.currentTarget.value)}
          aria-label="Verification key"
          spellCheck={false}
          autoComplete="off"
          data-testid="scan-key-text"
        />
      )}
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
                {run.phase === 'finding' ? `Scanning ${run.file}…` : `Verifying ${run.file}…`}{' '}
                {run.total > 0 ? Math.round((run.done / run.total) * 100) : 0}%
              </Text>
              <Button
                size="compact-xs"
                variant="default"
                leftSection={<IconX size={12} />}
                onClick={cancel}
                data-testid="scan-cancel"
              >
                Cancel
              </Button>
            </Group>
            <Progress value={run.total > 0 ? (run.done / run.total) * 100 : 0} aria-label="Scan progress" />
          </Stack>
        ) : (
          <Text fz="sm" c="dimmed">
            Drop HAR captures or log files here, or open them.{' '}
            {run.status === 'cancelled' && 'The last scan was cancelled.'}
            {run.status === 'error' && run.message}
          </Text>
        )}
      </div>
      {run.status === 'done' && (
        <div className={classes.results}>
          <Group justify="space-between" align="flex-start" wrap="wrap" className={classes.summaryRow}>
            <Stack gap={4} className={classes.summaryText}>
              <Text fz="sm" data-testid="scan-summary">
                {plural(rows.length, 'distinct token')} in {plural(run.files.length, 'file')} (
                {Math.round(run.elapsedMs)} ms).{' '}
                {run.keyLabel
                  ? `Verified with ${run.keyLabel}, ${policyLabel(policyName)}.`
                  : 'Signatures not checked: no key was chosen.'}
              </Text>
              {run.tokenLimit && (
                <Alert
                  color="orange"
                  variant="light"
                  p="xs"
                  title={`Stopped at ${plural(run.tokenLimit.limit, 'distinct token')}`}
                  data-testid="scan-token-limit"
                  role="status"
                >
                  <Text fz="xs">
                    {run.tokenLimit.message} <code>{run.tokenLimit.code}</code>
                  </Text>
                </Alert>
              )}
              {run.keyError && (
                <Text fz="xs" c="red" data-testid="scan-key-error">
                  {run.keyError}
                </Text>
              )}
              {exportNote?.ok && (
                <Text fz="xs" c="teal" data-testid="scan-export-note">
                  {exportNote.text}
                </Text>
              )}
              {exportNote && !exportNote.ok && (
                <CallErrorAlert
                  error={exportNote.error}
                  title="The report was not exported"
                  onClose={() => setExportNote(null)}
                />
              )}
              <FindingCounts findings={summary.findings} filter={filter} onFilter={setFilter} />
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
            <TextInput
              size="xs"
              leftSection={<IconSearch size={14} />}
              placeholder="Filter: issuer, subject, alg, finding, location…"
              value={filter}
              onChange={(e) => setFilter(e.currentTarget.value)}
              aria-label="Filter tokens"
              w={320}
            />
            <SegmentedControl
              size="xs"
              value={verdict}
              onChange={setVerdict}
              data={['all', ...scanVerdicts]}
              aria-label="Verdict"
              data-testid="scan-verdict-filter"
            />
          </Group>
          {shown.length === 0 && rows.length > 0 && (
            <Text c="dimmed" fz="sm" ta="center" py="xs" role="status" data-testid="scan-no-match">
              No token matches the filter{verdict === 'all' ? '' : ` among the ${verdict} tokens`}.
            </Text>
          )}
          <ScanTable
            rows={shown}
            sort={sort}
            onSort={(key) => setSort((s) => ({ key, up: s.key === key ? !s.up : true }))}
            onOpen={(row) =>
              bus?.emit('inspect-token', {
                token: row.token,
                source: `Scan: ${row.locations[0] ? placeText(row.locations[0]) : 'scanned file'}`,
              })
            }
          />
        </div>
      )}
    </ScreenLayout>
  )
}

function policyLabel(name: string): string {
  return name === defaultPolicyName ? 'the default policy' : `policy "${name}"`
}
