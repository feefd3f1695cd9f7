import {
  Alert,
  Badge,
  Button,
  Checkbox,
  FileButton,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { IconAlertTriangle, IconFileImport } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { SetInfo } from '#shared/contract/keys'
import { kidPattern, type KeyInfo, type SigningAlgorithm } from '#shared/managed-keys/types'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { detectImportFormat } from './import-format'
import type { ResultNote } from './result-note'
import { formatBytes } from '#shared/text/format-bytes'

/** Key files are small; anything bigger is not a key and is not read into the page. */
const maxKeyFileBytes = 64 * 1024

/**
 * Imports a private key pasted or read from a file: PKCS#8 (also passphrase-encrypted), PKCS#1,
 * SEC1 or a private JWK. The text goes to the main process once, for this call, and is dropped from
 * this window as soon as the import succeeds or the dialog closes.
 */
export function ImportKeyModal({
  set,
  keys,
  onClose,
  onDone,
}: {
  set: SetInfo
  keys: KeyInfo[]
  onClose: () => void
  onDone: (note: ResultNote) => void
}) {
  const [source, setSource] = useState('')
  const [fileName, setFileName] = useState<string | null>(null)
  const [passphrase, setPassphrase] = useState('')
  const [alg, setAlg] = useState<string | null>(null)
  const [kid, setKid] = useState('')
  const [activate, setActivate] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const detection = useMemo(() => detectImportFormat(source), [source])

  const close = () => {
    setSource('')
    setPassphrase('')
    onClose()
  }

  const readFile = async (file: File | null) => {
    if (!file) return
    setError(null)
    if (file.size > maxKeyFileBytes) {
      setError({
        code: 'ERR_KEY_INVALID',
        message: `${file.name} is ${formatBytes(file.size)}; a private key file is a few kilobytes, and Signet reads at most ${formatBytes(maxKeyFileBytes)}. Choose the key file itself.`,
      })
      return
    }
    setSource(await file.text())
    setFileName(file.name)
  }

  const kidTrimmed = kid.trim()
  const kidError =
    kidTrimmed === ''
      ? null
      : !kidPattern.test(kidTrimmed)
        ? 'Use 1–128 printable ASCII characters, no spaces.'
        : keys.some((k) => k.kid === kidTrimmed)
          ? `“${kidTrimmed}” is taken.`
          : null
  const rsaNeedsChoice =
    detection.family === 'RSA' || detection.format === 'pkcs8' || detection.format === 'pkcs8-encrypted'
  const canSubmit =
    !busy &&
    source.trim() !== '' &&
    detection.problem === null &&
    kidError === null &&
    (!detection.needsPassphrase || passphrase !== '')

  const submit = async () => {
    if (!canSubmit) return
    setBusy(true)
    setError(null)
    try {
      const result = await call((api) =>
        api.keys.import({
          set: set.id,
          source,
          ...(detection.needsPassphrase || passphrase ? { passphrase } : {}),
          ...(alg ? { alg: alg as SigningAlgorithm } : {}),
          ...(kidTrimmed ? { kid: kidTrimmed } : {}),
          activate,
        }),
      )
      setSource('')
      setPassphrase('')
      onDone({
        title: `Imported ${result.key.kid} (${result.key.alg}), ${result.key.state}`,
        warnings: result.warnings,
      })
    } catch (caught) {
      setError(toCallError(caught))
      setBusy(false)
    }
  }

  return (
    <Modal
      opened
      onClose={busy ? () => undefined : close}
      title={`Import a private key into ${set.name}`}
      size={600}
      data-testid="import-modal"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <Stack gap="sm">
          <Textarea
            label={
              <Group gap={8} component="span">
                <span>Private key</span>
                {detection.format !== 'empty' && (
                  <Badge
                    size="sm"
                    variant="light"
                    color={detection.problem ? 'red' : 'indigo'}
                    tt="none"
                    data-testid="import-format"
                  >
                    {detection.label}
                  </Badge>
                )}
                {fileName && (
                  <Text span fz="xs" c="dimmed">
                    from {fileName}
                  </Text>
                )}
              </Group>
            }
            description="PEM (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1) or a private JWK. It goes to the keychain; this window forgets it once imported."
            placeholder={'-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----'}
            value={source}
            onChange={(event) => {
              setSource(event.currentTarget.value)
              setFileName(null)
            }}
            autosize
            minRows={6}
            maxRows={12}
            spellCheck={false}
            autoComplete="off"
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 11.5 } }}
            error={detection.problem}
            data-testid="import-source"
          />
          <Group gap={6}>
            <FileButton
              onChange={(file) => void readFile(file)}
              accept=".pem,.key,.p8,.json,.jwk,text/plain,application/json"
            >
              {(props) => (
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconFileImport size={14} />}
                  {...props}
                  disabled={busy}
                >
                  Read from file…
                </Button>
              )}
            </FileButton>
          </Group>
          {detection.needsPassphrase && (
            <PasswordInput
              label="Passphrase of the encrypted key"
              value={passphrase}
              onChange={(event) => setPassphrase(event.currentTarget.value)}
              autoComplete="off"
              data-testid="import-passphrase"
            />
          )}
          <Group grow align="flex-start">
            <Select
              label="Algorithm"
              description={
                rsaNeedsChoice ? 'An RSA key can sign RS* or PS*: choose.' : 'Taken from the key when it says.'
              }
              placeholder="From the key"
              data={detection.algorithms}
              value={alg}
              onChange={setAlg}
              clearable
              data-testid="import-alg"
              comboboxProps={{ withinPortal: true }}
            />
            <TextInput
              label="Key ID (kid)"
              description="Optional: the JWK’s kid, else the thumbprint."
              value={kid}
              onChange={(event) => setKid(event.currentTarget.value)}
              error={kidError}
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="import-kid"
            />
          </Group>
          <Checkbox
            label={
              set.activeKid
                ? `Activate it now (retires ${set.activeKid})`
                : 'Activate it now: the set has no signing key'
            }
            checked={activate}
            onChange={(event) => setActivate(event.currentTarget.checked)}
          />
          {detection.family === 'oct' && (
            <Alert variant="light" color="orange" icon={<IconAlertTriangle size={16} />} py={8}>
              <Text fz="sm">
                A shared secret: it is never published, and anyone who verifies with it can also sign.
              </Text>
            </Alert>
          )}
          {error && <CallErrorAlert error={error} title="The key was not imported" />}
          <Group justify="flex-end" gap={6}>
            <Button variant="default" size="xs" onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={busy} disabled={!canSubmit} data-testid="confirm-import">
              Import
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
