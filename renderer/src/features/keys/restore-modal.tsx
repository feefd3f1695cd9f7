import { Alert, Button, Group, Loader, Modal, PasswordInput, SegmentedControl, Stack, Text } from '@mantine/core'
import { IconCircleCheck, IconFolderOpen } from '@tabler/icons-react'
import { useState } from 'react'
import {
  backupConflictChoices,
  type BackupConflictChoice,
  type BackupConflictKind,
  type BackupInspection,
  type BackupRecordConflictKind,
  type BackupRecordKind,
  type BackupRestoreRecord,
  type BackupRestoreResult,
} from '#shared/contract'
import type { SerializedError } from '#shared/errors'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { formatUtc } from '../../components/format-time'
import { WarningList } from '../../components/warning-list'
import type { ResultNote } from './result-note'
import classes from './keys.module.css'
import { plural } from '#shared/text/plural'

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
  const [recordChoices, setRecordChoices] = useState<Record<string, BackupConflictChoice>>({})
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
      setRecordChoices(
        Object.fromEntries(
          result.records.filter((r) => r.conflict).map((r) => [r.key, 'skip' as BackupConflictChoice]),
        ),
      )
    })

  const restore = () =>
    run(async () => {
      if (!inspection || !file) return
      const result = await call((api) => api.backup.restore({ file, passphrase, choices, recordChoices }))
      setPassphrase('')
      setDone(result)
      const c = result.counts
      onDone({
        title: `Restored from ${inspection.path.split(/[\\/]/).pop()}`,
        detail: `Keys: ${c.restored} restored, ${c.overwritten} overwritten, ${c.keptBoth} kept both, ${c.skipped} skipped. ${recordsSummary(result.records)}`,
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
                <dt>Also</dt>
                <dd data-testid="restore-summary-records">
                  {inspection.summary.version === 1
                    ? 'no status lists, revocation lists, publish targets or policies (an older backup did not carry them)'
                    : `${plural(inspection.summary.statusLists ?? 0, 'status list')}, ${plural(inspection.summary.revocationLists ?? 0, 'revocation list')}, ${plural(inspection.summary.publishTargets ?? 0, 'publish target')}, ${plural(inspection.summary.policies ?? 0, 'saved policy', 'saved policies')}`}
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
                  <tr key={key.kid} data-testid={`restore-key-${key.kid}`}>
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
            {plan.records.length > 0 && <RecordsPlan plan={plan} choices={recordChoices} onChoose={setRecordChoices} />}
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
            <Text fz="sm" data-testid="restore-result-records">
              {recordsSummary(done.records)}
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

const recordKindLabels: Record<BackupRecordKind, [string, string]> = {
  'status-list': ['status list', 'status lists'],
  'revocation-list': ['revocation list', 'revocation lists'],
  'publish-target': ['publish target', 'publish targets'],
  policy: ['saved policy', 'saved policies'],
}

const recordConflictText: Record<BackupRecordConflictKind, string> = {
  'same-record': 'already here',
  'name-taken': 'another one here has this name',
  'uri-taken': 'another list here publishes to this uri',
  'set-has-list': 'the set here has its own list (entries are merged, never removed)',
}

/** The choices the service can carry out for a record's conflict (the others it would skip). */
function recordChoicesFor(record: BackupRestoreRecord): readonly BackupConflictChoice[] {
  if (!record.conflict || record.conflict.kind === 'uri-taken') return []
  if (record.conflict.kind === 'set-has-list') return ['skip', 'overwrite']
  if (record.conflict.kind === 'same-record') return ['skip', 'overwrite']
  if (record.kind === 'status-list') return ['skip', 'keep-both']
  return backupConflictChoices
}

/** "2 status lists, 1 revocation list, … restored or merged": what the restore brings in, per kind. */
function recordsSummary(records: readonly BackupRestoreRecord[]): string {
  const brought = records.filter((r) => r.outcome !== 'skipped' && r.outcome !== 'unchanged')
  if (records.length === 0) return 'No status lists, revocation lists, publish targets or policies in this backup.'
  const parts = (Object.keys(recordKindLabels) as BackupRecordKind[]).map((kind) => {
    const n = brought.filter((r) => r.kind === kind).length
    const [one, many] = recordKindLabels[kind]
    return plural(n, one, many)
  })
  const skipped = records.filter((r) => r.outcome === 'skipped').length
  return `${parts.join(', ')} restored or merged${skipped ? `; ${skipped} skipped` : ''}.`
}

/** The policies, status lists, revocation lists and publish targets a restore would bring in, with a choice per conflict. */
function RecordsPlan({
  plan,
  choices,
  onChoose,
}: {
  plan: BackupRestoreResult
  choices: Record<string, BackupConflictChoice>
  onChoose: (update: (current: Record<string, BackupConflictChoice>) => Record<string, BackupConflictChoice>) => void
}) {
  return (
    <>
      <Text fz="sm" data-testid="restore-records-summary">
        Besides keys: {recordsSummary(plan.records)}
      </Text>
      <table className={classes.table} data-testid="restore-records">
        <thead>
          <tr>
            <th>In the backup</th>
            <th>Set</th>
            <th>Here</th>
            <th>Do</th>
          </tr>
        </thead>
        <tbody>
          {plan.records.map((record) => {
            const options = recordChoicesFor(record)
            return (
              <tr key={record.key} data-testid={`restore-record-${record.key}`}>
                <td>
                  <span className={classes.kidCell}>{record.name}</span>
                  <div className={classes.subtle}>
                    {recordKindLabels[record.kind][0]}
                    {record.items !== null && record.kind === 'status-list'
                      ? ` · ${plural(record.items, 'allocated index', 'allocated indexes')}`
                      : ''}
                    {record.items !== null && record.kind === 'revocation-list'
                      ? ` · ${plural(record.items, 'entry', 'entries')}`
                      : ''}
                  </div>
                  {record.note && <div className={classes.subtle}>{record.note}</div>}
                </td>
                <td>{record.set ?? '—'}</td>
                <td>
                  {record.conflict ? (
                    <Text fz="xs" c="orange" fw={500}>
                      {recordConflictText[record.conflict.kind]}
                    </Text>
                  ) : (
                    <span className={classes.subtle}>{record.outcome === 'unchanged' ? 'the same here' : 'new'}</span>
                  )}
                </td>
                <td>
                  {options.length > 1 ? (
                    <SegmentedControl
                      size="xs"
                      value={choices[record.key] ?? 'skip'}
                      onChange={(value) => onChoose((c) => ({ ...c, [record.key]: value as BackupConflictChoice }))}
                      data={options.map((choice) => ({
                        value: choice,
                        label:
                          record.conflict?.kind === 'set-has-list' && choice === 'overwrite'
                            ? 'Merge'
                            : choiceLabels[choice],
                      }))}
                      data-testid={`restore-record-choice-${record.key}`}
                    />
                  ) : (
                    <span className={classes.subtle}>
                      {record.outcome === 'skipped' ? 'skip' : record.outcome === 'unchanged' ? 'nothing' : 'restore'}
                    </span>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </>
  )
}
