import { Alert, Button, Group, Loader, Modal, PasswordInput, SegmentedControl, Stack, Text } from '@mantine/core'
import { IconCircleCheck, IconFolderOpen } from '@tabler/icons-react'
import { useState } from 'react'
import {
  backupConflictChoices,
  type BackupConflictChoice,
  type BackupConflictKind,
  type BackupInspection,
  type BackupRestoreResult,
} from '../../../../shared/contract'
import type { SerializedError } from '../../../../shared/errors'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { formatUtc } from '../../components/format-time'
import { WarningList } from '../../components/warning-list'
import type { ResultNote } from './result-note'
import classes from './keys.module.css'
import { plural } from '../../../../shared/text/plural'

const choiceLabels: Record<BackupConflictChoice, string> = {
  skip: 'Skip',
  overwrite: 'Overwrite',
  'keep-both': 'Keep both',
}
/** The same key twice cannot be kept (the service would skip it), so it is not offered. */
function choicesFor(kind: BackupConflictKind): readonly BackupConflictChoice[] {
  return kind === 'same-key' ? backupConflictChoices.filter((choice) => choice !== 'keep-both') : backupConflictChoices
}

const conflictText = {
  'same-key': 'the same key is already here',
  'kid-taken': 'another key here has this kid',
  'same-id': 'a key here has the same internal id',
} as const

/**
 * Restores a backup in three steps: choose the file (its unencrypted summary shows what it holds),
 * unlock it and see what would change, then choose per conflicting key whether to skip it, overwrite
 * the key here, or keep both (the restored one under a new kid).
 */
export function RestoreModal({ onClose, onDone }: { onClose: () => void; onDone: (note: ResultNote) => void }) {
  const [inspection, setInspection] = useState<BackupInspection | null>(null)
  /** main's one-time handle for the chosen file; the page never names a path */
  const [file, setFile] = useState<string | null>(null)
  const [passphrase, setPassphrase] = useState('')
  const [plan, setPlan] = useState<BackupRestoreResult | null>(null)
  const [choices, setChoices] = useState<Record<string, BackupConflictChoice>>({})
  const [done, setDone] = useState<BackupRestoreResult | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)

  const run = async (step: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await step()
    } catch (caught) {
      setError(toCallError(caught))
    } finally {
      setBusy(false)
    }
  }

  const choose = () =>
    run(async () => {
      const chosen = await call((api) => api.dialog.openBackup())
      if (chosen.handle === null) return
      const handle = chosen.handle
      setPlan(null)
      setInspection(null)
      setFile(handle)
      setInspection(await call((api) => api.backup.inspect({ file: handle })))
    })

  const check = () =>
    run(async () => {
      if (!inspection || !file) return
      const result = await call((api) => api.backup.restore({ file, passphrase, dryRun: true }))
      setPlan(result)
      setChoices(
        Object.fromEntries(result.keys.filter((k) => k.conflict).map((k) => [k.kid, 'skip' as BackupConflictChoice])),
      )
    })

  const restore = () =>
    run(async () => {
      if (!inspection || !file) return
      const result = await call((api) => api.backup.restore({ file, passphrase, choices }))
      setPassphrase('')
      setDone(result)
      const c = result.counts
      onDone({
        title: `Restored from ${inspection.path.split(/[\\/]/).pop()}`,
        detail: `${c.restored} restored, ${c.overwritten} overwritten, ${c.keptBoth} kept both, ${c.skipped} skipped.`,
        warnings: result.warnings,
      })
    })

  return (
    <Modal
      opened
      onClose={busy ? () => undefined : onClose}
      title="Restore from a backup"
      size={720}
      data-testid="restore-modal"
    >
      <Stack gap="sm">
        <Group gap={8} wrap="nowrap">
          <Button
            size="xs"
            variant="default"
            leftSection={<IconFolderOpen size={14} />}
            onClick={() => void choose()}
            disabled={busy || done !== null}
            data-testid="restore-choose"
          >
            {inspection ? 'Choose another…' : 'Choose a backup file…'}
          </Button>
          {inspection && (
            <Text fz="xs" className={classes.mono} data-testid="restore-path">
              {inspection.path}
            </Text>
          )}
        </Group>
        {inspection && (
          <dl className={classes.facts} data-testid="restore-summary">
            {inspection.summary ? (
              <>
                <dt>Written</dt>
                <dd>
                  {formatUtc(inspection.summary.createdAt)} by Signet {inspection.summary.app}
                </dd>
                <dt>Holds</dt>
                <dd>
                  {plural(inspection.summary.sets, 'set')}, {plural(inspection.summary.keys, 'key')},{' '}
                  {plural(inspection.summary.secrets, 'private key')}
                </dd>
              </>
            ) : (
              <>
                <dt>Holds</dt>
                <dd>an encrypted file Signet did not write (no summary)</dd>
              </>
            )}
            <dt>Encryption</dt>
            <dd className={classes.mono}>
              {inspection.alg} + {inspection.enc}, {inspection.p2c.toLocaleString('en-US')} iterations
            </dd>
            <dt>SHA-256</dt>
            <dd className={classes.mono}>{inspection.sha256}</dd>
          </dl>
        )}
        {inspection && !done && (
          <form
            onSubmit={(event) => {
              event.preventDefault()
              void check()
            }}
          >
            <Group align="flex-end" gap={8}>
              <PasswordInput
                label="Passphrase"
                value={passphrase}
                onChange={(e) => setPassphrase(e.currentTarget.value)}
                style={{ flex: 1 }}
                autoComplete="off"
                data-testid="restore-passphrase"
              />
              <Button
                type="submit"
                size="sm"
                variant="default"
                loading={busy && !plan}
                disabled={passphrase === '' || busy}
                data-testid="restore-check"
              >
                {plan ? 'Check again' : 'Unlock and check'}
              </Button>
            </Group>
          </form>
        )}
        {plan && !done && (
          <>
            <Text fz="sm">
              Nothing has changed yet.{' '}
              {plan.keys.filter((k) => k.conflict).length > 0
                ? 'Choose what to do with each key that conflicts with one here:'
                : 'No key conflicts with one here.'}
            </Text>
            <table className={classes.table} data-testid="restore-plan">
              <thead>
                <tr>
                  <th>Key in the backup</th>
                  <th>Set</th>
                  <th>State</th>
                  <th>Here</th>
                  <th>Do</th>
                </tr>
              </thead>
              <tbody>
                {plan.keys.map((key) => (
                  <tr key={key.kid} data-testid={`restore-key-${key.kid}`} style={{ cursor: 'default' }}>
                    <td>
                      <span className={classes.kidCell}>{key.kid}</span>
                      <div className={classes.subtle}>
                        {key.alg}
                        {key.secret ? '' : ' · no private key in the backup'}
                      </div>
                    </td>
                    <td>{key.set}</td>
                    <td>{key.state}</td>
                    <td>
                      {key.conflict ? (
                        <>
                          <Text fz="xs" c="orange" fw={500}>
                            {conflictText[key.conflict.kind]}
                          </Text>
                          <div className={classes.subtle}>
                            {key.conflict.kid} · {key.conflict.state}
                          </div>
                        </>
                      ) : (
                        <span className={classes.subtle}>new</span>
                      )}
                    </td>
                    <td>
                      {key.conflict ? (
                        <SegmentedControl
                          size="xs"
                          value={choices[key.kid] ?? 'skip'}
                          onChange={(value) => setChoices((c) => ({ ...c, [key.kid]: value as BackupConflictChoice }))}
                          data={choicesFor(key.conflict.kind).map((choice) => ({
                            value: choice,
                            label: choiceLabels[choice],
                          }))}
                          data-testid={`restore-choice-${key.kid}`}
                        />
                      ) : (
                        <span className={classes.subtle}>restore</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <WarningList warnings={plan.warnings} />
          </>
        )}
        {done && (
          <Alert
            color="teal"
            variant="light"
            icon={<IconCircleCheck size={16} />}
            title="Restored"
            data-testid="restore-result"
          >
            <Text fz="sm">
              {done.counts.restored} restored, {done.counts.overwritten} overwritten, {done.counts.keptBoth} kept both
              (new kids), {done.counts.skipped} skipped.
            </Text>
            {done.keys
              .filter((k) => k.outcome === 'kept-both')
              .map((k) => (
                <Text fz="xs" key={k.kid}>
                  {k.kid} was restored as <span className={classes.mono}>{k.restoredKid}</span>
                </Text>
              ))}
          </Alert>
        )}
        {busy && inspection && (
          <Group gap={8} data-testid="restore-progress">
            <Loader size="xs" />
            <Text fz="xs" c="dimmed">
              {plan
                ? 'Restoring: each private key goes into the keychain and is read back before anything is recorded…'
                : 'Deriving the key from the passphrase (600,000 PBKDF2 iterations) and decrypting…'}
            </Text>
          </Group>
        )}
        {error && <CallErrorAlert error={error} title="Nothing was restored" />}
        <Group justify="flex-end" gap={6}>
          <Button variant="default" size="xs" onClick={onClose} disabled={busy}>
            {done ? 'Close' : 'Cancel'}
          </Button>
          {plan && !done && (
            <Button size="xs" onClick={() => void restore()} loading={busy} data-testid="confirm-restore">
              Restore
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  )
}
