import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import { IconDeviceFloppy, IconFileCheck } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import type { SerializedError } from '#shared/errors'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { CopyValueButton } from '../../components/copy-value-button'
import { Panel } from '../../components/panel'
import { WarningList } from '../../components/warning-list'
import classes from './revocations.module.css'
import { formatBytes } from '#shared/text/format-bytes'

/** What main answers after it signed a list and wrote it to the file its own dialog chose. */
export interface SavedSignedList {
  token: string
  kid: string
  alg: string
  path: string
  bytes: number
  warnings: { code: string; message: string }[]
}

/**
 * The review step before a signed list goes out (a Status List Token, a Signet revocation list):
 * the changes since the last export (`since`, then `empty` or `table`), and "Sign and export":
 * `saveToFile` asks main's own save dialog for a one-time handle and has main sign and write the
 * token (null: the dialog was cancelled). Then what was saved — key, file, size, `summary` — and the
 * token with a copy button. `changes` null: the diff is still being read.
 */
export function SignedExportPanel<Saved extends SavedSignedList>({
  title,
  changes,
  disabled = false,
  since,
  empty,
  table,
  saveToFile,
  onExported,
  errorTitle,
  summary,
  tokenLabel,
  testIds,
}: {
  title: string
  changes: number | null
  disabled?: boolean
  since: ReactNode
  empty: ReactNode
  /** the changes, drawn when there are some (a table, in a scrolling frame) */
  table: ReactNode
  saveToFile: () => Promise<Saved | null>
  onExported: (saved: Saved) => void
  errorTitle: string
  /** after "Signed with … (… bytes)": the rest of the sentence, from its punctuation on */
  summary: (saved: Saved) => ReactNode
  /** the token's name: a caption with its `typ`, the copy button's label, the token block's aria-label */
  tokenLabel: { caption: string; copy: string; aria: string }
  testIds: { panel: string; button: string; since?: string; empty: string; result: string; copy: string; token: string }
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const [result, setResult] = useState<Saved | null>(null)

  const exportList = async () => {
    setBusy(true)
    setError(null)
    try {
      const saved = await saveToFile()
      if (saved === null) return
      setResult(saved)
      onExported(saved)
    } catch (caught) {
      setError(toCallError(caught))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Panel
      title={title}
      meta={changes === null ? 'reading…' : `${changes.toLocaleString('en')} change${changes === 1 ? '' : 's'}`}
      actions={
        <Button
          size="xs"
          leftSection={<IconDeviceFloppy size={14} />}
          onClick={() => void exportList()}
          loading={busy}
          disabled={disabled}
          data-testid={testIds.button}
        >
          Sign and export…
        </Button>
      }
      data-testid={testIds.panel}
    >
      <Text fz="xs" c="dimmed" px="sm" pt={8} data-testid={testIds.since}>
        {since}
      </Text>
      {changes === 0 ? (
        <Text fz="sm" c="dimmed" p="sm" data-testid={testIds.empty}>
          {empty}
        </Text>
      ) : changes !== null ? (
        <div className={classes.scrollTable}>{table}</div>
      ) : null}
      {(error || result) && (
        <Stack gap="xs" p="sm" style={{ borderTop: '1px solid var(--signet-border)' }}>
          {error && <CallErrorAlert error={error} title={errorTitle} onClose={() => setError(null)} />}
          {result && (
            <>
              <Alert
                color="teal"
                variant="light"
                icon={<IconFileCheck size={16} />}
                py={8}
                data-testid={testIds.result}
              >
                Signed with {result.kid} ({result.alg}) and saved to <span className={classes.mono}>{result.path}</span>{' '}
                ({formatBytes(result.bytes)}){summary(result)}
              </Alert>
              <WarningList warnings={result.warnings} />
              <Group justify="space-between" gap="xs">
                <Text fz="xs" fw={600}>
                  {tokenLabel.caption}
                </Text>
                <CopyValueButton value={result.token} label={tokenLabel.copy} withText testId={testIds.copy} />
              </Group>
              <pre className={classes.token} data-testid={testIds.token} tabIndex={0} aria-label={tokenLabel.aria}>
                {result.token}
              </pre>
            </>
          )}
        </Stack>
      )}
    </Panel>
  )
}
