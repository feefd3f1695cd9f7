import { Alert, Badge, Button, Group, Stack, Text } from '@mantine/core'
import { IconDeviceFloppy, IconFileCheck } from '@tabler/icons-react'
import { useState } from 'react'
import type { StatusListSavedExport } from '../../../../shared/contract/revocations'
import type { SerializedError } from '../../../../shared/errors'
import type { StatusChange, StatusListInfo } from '../../../../shared/status-list/managed'
import { statusLabel } from '../../../../shared/status-list/status-types'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { CopyValueButton } from '../../components/copy-value-button'
import { formatUtc } from '../../components/format-time'
import { Panel } from '../../components/panel'
import { WarningList } from '../../components/warning-list'
import classes from './revocations.module.css'

/** Rows of the diff drawn; the count above says how many there are in all. */
const shownChanges = 200

/**
 * The review step before a list goes out: what changed since the last export (status-list:diff),
 * then "Sign and export": main's own save dialog chooses the file (dialog:save-status-list answers
 * with a one-time handle), and status-list:export-file signs with the set's active key and writes
 * the token in main. The signed token is shown with a copy button.
 */
export function ExportPanel({
  list,
  diff,
  onExported,
}: {
  list: StatusListInfo
  diff: StatusChange[] | null
  onExported(result: StatusListSavedExport): void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const [result, setResult] = useState<StatusListSavedExport | null>(null)

  const exportList = async () => {
    setBusy(true)
    setError(null)
    try {
      const choice = await call((api) => api.dialog.saveStatusList({ suggestedName: list.name }))
      if (choice.handle === null) return
      const saved = await call((api) => api.statusList.exportFile({ name: list.name, file: choice.handle }))
      setResult(saved)
      onExported(saved)
    } catch (caught) {
      setError(toCallError(caught))
    } finally {
      setBusy(false)
    }
  }

  const shownResult = result && result.path ? result : null
  return (
    <Panel
      title="Pending changes"
      meta={diff === null ? 'reading…' : `${diff.length.toLocaleString('en')} change${diff.length === 1 ? '' : 's'}`}
      actions={
        <Button
          size="xs"
          leftSection={<IconDeviceFloppy size={14} />}
          onClick={() => void exportList()}
          loading={busy}
          data-testid="export-list"
        >
          Sign and export…
        </Button>
      }
      data-testid="pending-diff"
    >
      <Text fz="xs" c="dimmed" px="sm" pt={8} data-testid="diff-since">
        {list.lastExportAt
          ? `Since the last export, ${formatUtc(list.lastExportAt)}.`
          : 'Never exported: every status that is not VALID is new.'}
      </Text>
      {diff !== null && diff.length === 0 ? (
        <Text fz="sm" c="dimmed" p="sm" data-testid="diff-empty">
          Nothing changed since {list.lastExportAt ? 'the last export' : 'the list was created'}: an export now would
          publish the same statuses with a fresh iat and exp.
        </Text>
      ) : diff !== null ? (
        <div className={classes.scrollTable}>
          <table className={classes.table} data-testid="diff-table">
            <thead>
              <tr>
                <th scope="col">Index</th>
                <th scope="col">Was</th>
                <th scope="col">Becomes</th>
              </tr>
            </thead>
            <tbody>
              {diff.slice(0, shownChanges).map((change) => (
                <tr key={change.idx} data-testid={`diff-${change.idx}`}>
                  <td className={classes.mono}>{change.idx}</td>
                  <td>{statusLabel(change.from)}</td>
                  <td>
                    <Badge
                      size="sm"
                      variant="light"
                      color={change.to === 0 ? 'teal' : change.to === 1 ? 'red' : change.to === 2 ? 'orange' : 'violet'}
                    >
                      {statusLabel(change.to)}
                    </Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {diff.length > shownChanges && (
            <Text fz="xs" c="dimmed" px="sm" py={6}>
              and {(diff.length - shownChanges).toLocaleString('en')} more.
            </Text>
          )}
        </div>
      ) : null}
      {(error || shownResult) && (
        <Stack gap="xs" p="sm" style={{ borderTop: '1px solid var(--signet-border)' }}>
          {error && <CallErrorAlert error={error} title="The list was not exported" onClose={() => setError(null)} />}
          {shownResult && (
            <>
              <Alert color="teal" variant="light" icon={<IconFileCheck size={16} />} py={8} data-testid="export-result">
                Signed with {shownResult.kid} ({shownResult.alg}) and saved to{' '}
                <span className={classes.mono}>{shownResult.path}</span> ({shownResult.bytes.toLocaleString('en')}{' '}
                bytes). It published {shownResult.diff.length.toLocaleString('en')} change
                {shownResult.diff.length === 1 ? '' : 's'}.
              </Alert>
              <WarningList warnings={shownResult.warnings} />
              <Group justify="space-between" gap="xs">
                <Text fz="xs" fw={600}>
                  Status List Token (typ statuslist+jwt)
                </Text>
                <CopyValueButton
                  value={shownResult.token}
                  label="Status List Token"
                  withText
                  testId="copy-list-token"
                />
              </Group>
              <pre
                className={classes.token}
                data-testid="export-token"
                tabIndex={0}
                aria-label="Signed Status List Token"
              >
                {shownResult.token}
              </pre>
            </>
          )}
        </Stack>
      )}
    </Panel>
  )
}
