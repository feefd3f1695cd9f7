import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core'
import { IconDeviceFloppy, IconFileCheck } from '@tabler/icons-react'
import { useState } from 'react'
import type { RevocationListSavedExport } from '../../../../shared/contract/revocation-list'
import type { SerializedError } from '../../../../shared/errors'
import type { RevocationListChange, RevocationListView } from '../../../../shared/revocation-list/managed'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { CopyValueButton } from '../../components/copy-value-button'
import { formatUtc } from '../../components/format-time'
import { Panel } from '../../components/panel'
import { WarningList } from '../../components/warning-list'
import classes from './revocations.module.css'

const when = (seconds: number | null) => (seconds === null ? 'never' : formatUtc(seconds * 1000))
const kindColor: Record<RevocationListChange['kind'], string> = {
  added: 'red',
  removed: 'teal',
  changed: 'orange',
  cutoff: 'violet',
}

/**
 * The review step before a revocation list goes out: what changed since the last export (entries
 * added, removed — pruned ones included — changed, and the cutoff), then "Sign and export": main's
 * own save dialog chooses the file (dialog:save-revocation-list answers with a one-time handle) and
 * revocations:export-file signs with the set's active key and writes it in main.
 */
export function LegacyExport({
  set,
  view,
  onExported,
}: {
  set: string
  view: RevocationListView | null
  onExported(): void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const [result, setResult] = useState<RevocationListSavedExport | null>(null)
  const diff = view?.diff ?? null

  const exportList = async () => {
    setBusy(true)
    setError(null)
    try {
      const choice = await call((api) => api.dialog.saveRevocationList({ suggestedName: set }))
      if (choice.handle === null) return
      const saved = await call((api) => api.revocations.exportFile({ set, file: choice.handle }))
      setResult(saved)
      onExported()
    } catch (caught) {
      setError(toCallError(caught))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Panel
      title="Revocation list: pending changes"
      meta={diff === null ? 'reading…' : `${diff.length.toLocaleString('en')} change${diff.length === 1 ? '' : 's'}`}
      actions={
        <Button
          size="xs"
          leftSection={<IconDeviceFloppy size={14} />}
          onClick={() => void exportList()}
          loading={busy}
          disabled={!view}
          data-testid="legacy-export"
        >
          Sign and export…
        </Button>
      }
      data-testid="legacy-diff"
    >
      <Text fz="xs" c="dimmed" px="sm" pt={8}>
        {view?.lastExportAt
          ? `Since the last export, ${formatUtc(view.lastExportAt)}.`
          : 'Never exported: every entry is new.'}
      </Text>
      {diff !== null && diff.length === 0 ? (
        <Text fz="sm" c="dimmed" p="sm" data-testid="legacy-diff-empty">
          Nothing changed: an export now would publish the same entries with a fresh iat and exp.
        </Text>
      ) : diff !== null ? (
        <div className={classes.scrollTable}>
          <table className={classes.table} data-testid="legacy-diff-table">
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Entry</th>
                <th scope="col">Until</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {diff.map((change) => (
                <tr key={change.kind === 'cutoff' ? 'cutoff' : `${change.by}:${change.id}`}>
                  <td>
                    <Badge size="sm" variant="light" color={kindColor[change.kind]}>
                      {change.kind}
                    </Badge>
                  </td>
                  {change.kind === 'cutoff' ? (
                    <td colSpan={3} className={classes.mono}>
                      issued before: {when(change.from)} → {when(change.to)}
                    </td>
                  ) : (
                    <>
                      <td className={classes.mono} style={{ wordBreak: 'break-all' }}>
                        {change.by} {change.id}
                      </td>
                      <td className={classes.mono}>
                        {change.kind === 'changed' && change.was.until !== change.until
                          ? `${when(change.was.until)} → ${when(change.until)}`
                          : when(change.until)}
                      </td>
                      <td style={{ wordBreak: 'break-word' }}>{change.reason ?? ''}</td>
                    </>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {(error || result) && (
        <Stack gap="xs" p="sm" style={{ borderTop: '1px solid var(--signet-border)' }}>
          {error && (
            <CallErrorAlert error={error} title="The revocation list was not exported" onClose={() => setError(null)} />
          )}
          {result && (
            <>
              <Alert
                color="teal"
                variant="light"
                icon={<IconFileCheck size={16} />}
                py={8}
                data-testid="legacy-export-result"
              >
                Signed with {result.kid} ({result.alg}) and saved to <span className={classes.mono}>{result.path}</span>{' '}
                ({result.bytes.toLocaleString('en')} bytes): {result.claim.entries.length.toLocaleString('en')} entr
                {result.claim.entries.length === 1 ? 'y' : 'ies'}, {result.diff.length.toLocaleString('en')} change
                {result.diff.length === 1 ? '' : 's'}
                {result.pruned ? `, ${result.pruned} expired pruned` : ''}.
              </Alert>
              <WarningList warnings={result.warnings} />
              <Group justify="space-between" gap="xs">
                <Text fz="xs" fw={600}>
                  Revocation list (typ signet-revocations+jwt)
                </Text>
                <CopyValueButton value={result.token} label="revocation list" withText testId="copy-legacy-token" />
              </Group>
              <pre
                className={classes.token}
                data-testid="legacy-export-token"
                tabIndex={0}
                aria-label="Signed revocation list"
              >
                {result.token}
              </pre>
            </>
          )}
        </Stack>
      )}
    </Panel>
  )
}
