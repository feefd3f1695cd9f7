import { Alert, Button, Checkbox, Group, Loader, Modal, PasswordInput, Stack, Text } from '@mantine/core'
import { IconCircleCheck, IconFolder } from '@tabler/icons-react'
import { useState } from 'react'
import type { BackupCreateResult } from '#shared/contract'
import type { SerializedError } from '#shared/errors'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { WarningList } from '../../components/warning-list'
import { PassphraseStrengthMeter, usePassphraseStrength } from './passphrase-strength'
import classes from './keys.module.css'
import { plural } from '#shared/text/plural'
import { formatBytes } from '#shared/text/format-bytes'

/**
 * An encrypted backup of every set and key (private halves included, under the passphrase). The file
 * is chosen in the system's save dialog, opened by the main process, which answers with a one-time
 * handle (the page never names a path; the path is shown, not sent back); the passphrase's strength is
 * shown live, and a weak one is refused unless the user accepts it explicitly.
 */
export function BackupModal({ setNames, onClose }: { setNames: string[]; onClose: () => void }) {
  const [chosen, setChosen] = useState<{ handle: string; path: string } | null>(null)
  const path = chosen?.path ?? null
  const [passphrase, setPassphrase] = useState('')
  const [repeat, setRepeat] = useState('')
  const [allowWeak, setAllowWeak] = useState(false)
  const [overwrite, setOverwrite] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const [result, setResult] = useState<BackupCreateResult | null>(null)
  const strength = usePassphraseStrength(passphrase, setNames)
  const mismatch = repeat !== '' && repeat !== passphrase

  const choose = async () => {
    setError(null)
    try {
      const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-')
      const choice = await call((api) => api.dialog.saveBackup({ suggestedName: `signet-${stamp}` }))
      if (choice.handle !== null) setChosen({ handle: choice.handle, path: choice.path })
    } catch (caught) {
      setError(toCallError(caught))
    }
  }

  const weak = strength !== null && !strength.acceptable
  const canSubmit =
    !busy && path !== null && passphrase !== '' && repeat === passphrase && strength !== null && (!weak || allowWeak)

  const submit = async () => {
    if (!canSubmit || !chosen) return
    setBusy(true)
    setError(null)
    try {
      const created = await call((api) =>
        api.backup.create({
          file: chosen.handle,
          passphrase,
          ...(weak ? { allowWeakPassphrase: true } : {}),
          ...(overwrite ? { overwrite: true } : {}),
        }),
      )
      setPassphrase('')
      setRepeat('')
      setResult(created)
    } catch (caught) {
      const failure = toCallError(caught)
      // A spent, expired or refused choice cannot be used again: the user chooses the file anew.
      if (failure.code.startsWith('ERR_FILE_')) setChosen(null)
      setError(failure)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal opened onClose={busy ? () => undefined : onClose} title="Back up keys" size={560} data-testid="backup-modal">
      {result ? (
        <Stack gap="sm" data-testid="backup-result">
          <Alert color="teal" variant="light" icon={<IconCircleCheck size={16} />} title="Backup written">
            <Text fz="sm">
              {plural(result.summary.sets, 'set')}, {plural(result.summary.keys, 'key')},{' '}
              {plural(result.summary.secrets, 'private key')}, encrypted with PBES2-HS512+A256KW (
              {result.p2c.toLocaleString('en-US')} iterations).
            </Text>
          </Alert>
          <dl className={classes.facts}>
            <dt>File</dt>
            <dd className={classes.mono} data-testid="backup-written-path">
              {result.path}
            </dd>
            <dt>Size</dt>
            <dd>{formatBytes(result.bytes)}</dd>
            <dt>SHA-256</dt>
            <dd className={classes.mono}>{result.sha256}</dd>
          </dl>
          <WarningList warnings={result.warnings} />
          <Text fz="xs" c="dimmed">
            Keep the passphrase apart from the file: together they hold every signing key.
          </Text>
          <Group justify="flex-end">
            <Button size="xs" onClick={onClose}>
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void submit()
          }}
        >
          <Stack gap="sm">
            <Text fz="sm">
              Every key set and key, private halves included, in one file encrypted under a passphrase. Restore it on
              this machine or another with Restore.
            </Text>
            <div>
              <Text fz="sm" fw={500} mb={4}>
                File
              </Text>
              <Group gap={8} wrap="nowrap">
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconFolder size={14} />}
                  onClick={() => void choose()}
                  data-testid="backup-choose"
                >
                  {path ? 'Change…' : 'Choose where to save…'}
                </Button>
                <Text fz="xs" className={classes.mono} c={path ? undefined : 'dimmed'} data-testid="backup-path">
                  {path ?? 'no file chosen'}
                </Text>
              </Group>
            </div>
            <PasswordInput
              label="Passphrase"
              value={passphrase}
              onChange={(e) => setPassphrase(e.currentTarget.value)}
              autoComplete="new-password"
              data-testid="backup-passphrase"
            />
            <PassphraseStrengthMeter strength={strength} empty={passphrase === ''} />
            <PasswordInput
              label="Repeat the passphrase"
              value={repeat}
              onChange={(e) => setRepeat(e.currentTarget.value)}
              autoComplete="new-password"
              error={mismatch ? 'The two passphrases differ.' : undefined}
              data-testid="backup-repeat"
            />
            {weak && (
              <Checkbox
                color="red"
                label="Write it with this weaker passphrase anyway"
                description="Anyone who gets the file could find the passphrase by guessing, and with it every private key."
                checked={allowWeak}
                onChange={(e) => setAllowWeak(e.currentTarget.checked)}
                data-testid="backup-allow-weak"
              />
            )}
            <Checkbox
              label="Replace the file if it already exists"
              checked={overwrite}
              onChange={(e) => setOverwrite(e.currentTarget.checked)}
            />
            {busy && (
              <Group gap={8} data-testid="backup-progress">
                <Loader size="xs" />
                <Text fz="xs" c="dimmed">
                  Deriving the key from the passphrase (600,000 PBKDF2 iterations) and encrypting: a few seconds…
                </Text>
              </Group>
            )}
            {error && <CallErrorAlert error={error} title="No backup was written" />}
            <Group justify="flex-end" gap={6}>
              <Button variant="default" size="xs" onClick={onClose} disabled={busy}>
                Cancel
              </Button>
              <Button type="submit" size="xs" loading={busy} disabled={!canSubmit} data-testid="confirm-backup">
                Write backup
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}
