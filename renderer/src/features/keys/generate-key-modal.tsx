import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  Progress,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { SetInfo } from '#shared/contract/keys'
import { kidPattern, rsaModulusLengths, type KeyInfo, type SigningAlgorithm } from '#shared/managed-keys/types'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import type { ResultNote } from './result-note'
import classes from './keys.module.css'

export const algorithmGroups: { group: string; items: { value: SigningAlgorithm; label: string }[] }[] = [
  {
    group: 'ECDSA',
    items: [
      { value: 'ES256', label: 'ES256 · P-256' },
      { value: 'ES384', label: 'ES384 · P-384' },
      { value: 'ES512', label: 'ES512 · P-521' },
    ],
  },
  { group: 'EdDSA', items: [{ value: 'EdDSA', label: 'EdDSA · Ed25519' }] },
  {
    group: 'RSA PKCS#1 v1.5',
    items: [
      { value: 'RS256', label: 'RS256' },
      { value: 'RS384', label: 'RS384' },
      { value: 'RS512', label: 'RS512' },
    ],
  },
  {
    group: 'RSA-PSS',
    items: [
      { value: 'PS256', label: 'PS256' },
      { value: 'PS384', label: 'PS384' },
      { value: 'PS512', label: 'PS512' },
    ],
  },
  {
    group: 'HMAC (shared secret, not in the JWKS)',
    items: [
      { value: 'HS256', label: 'HS256' },
      { value: 'HS384', label: 'HS384' },
      { value: 'HS512', label: 'HS512' },
    ],
  },
]

const isRsa = (alg: string) => alg.startsWith('RS') || alg.startsWith('PS')

/** Roughly how long the main process will take, so the progress bar means something (measured on a 2-core machine). */
function expectedMs(alg: string, bits: number): number {
  if (!isRsa(alg)) return 300
  return bits >= 4096 ? 6000 : bits >= 3072 ? 2500 : 600
}

/**
 * Generates a key in the main process (the private half goes straight into the OS keychain). RSA
 * 3072/4096 take seconds: the dialog shows elapsed time against the usual duration instead of
 * freezing.
 */
export function GenerateKeyModal({
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
  const [alg, setAlg] = useState<SigningAlgorithm>('ES256')
  const [bits, setBits] = useState('3072')
  const [kid, setKid] = useState('')
  const [activate, setActivate] = useState(set.activeKid === null)
  const [started, setStarted] = useState<number | null>(null)
  const [elapsed, setElapsed] = useState(0)
  const [error, setError] = useState<SerializedError | null>(null)

  useEffect(() => {
    if (started === null) return
    const timer = window.setInterval(() => setElapsed(Date.now() - started), 100)
    return () => window.clearInterval(timer)
  }, [started])

  const kidTrimmed = kid.trim()
  const kidError =
    kidTrimmed === ''
      ? null
      : !kidPattern.test(kidTrimmed)
        ? 'Use 1–128 printable ASCII characters, no spaces.'
        : keys.some((k) => k.kid === kidTrimmed)
          ? `“${kidTrimmed}” is taken (kids are unique across every set, destroyed keys included).`
          : null
  const busy = started !== null
  const rsaBits = Number(bits)
  const expected = expectedMs(alg, rsaBits)

  const submit = async () => {
    if (busy || kidError) return
    setError(null)
    setElapsed(0)
    setStarted(Date.now())
    try {
      const result = await call((api) =>
        api.keys.generate({
          set: set.id,
          alg,
          ...(isRsa(alg) ? { bits: rsaBits } : {}),
          ...(kidTrimmed ? { kid: kidTrimmed } : {}),
          activate,
        }),
      )
      onDone({
        title: `Generated ${result.key.kid} (${result.key.alg}), ${result.key.state}`,
        warnings: result.warnings,
      })
    } catch (caught) {
      setError(toCallError(caught))
      setStarted(null)
    }
  }

  return (
    <Modal
      opened
      onClose={busy ? () => undefined : onClose}
      title={`Generate a key in ${set.name}`}
      size={500}
      closeOnEscape={!busy}
      withCloseButton={!busy}
      data-testid="generate-modal"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <Stack gap="sm">
          <Select
            label="Algorithm"
            data={algorithmGroups}
            value={alg}
            onChange={(value) => value && setAlg(value as SigningAlgorithm)}
            allowDeselect={false}
            disabled={busy}
            data-testid="generate-alg"
            comboboxProps={{ withinPortal: true }}
          />
          {isRsa(alg) && (
            <div>
              <Text fz="sm" fw={500} mb={4}>
                Modulus length
              </Text>
              <SegmentedControl
                size="xs"
                value={bits}
                onChange={setBits}
                data={rsaModulusLengths.map((n) => ({ value: String(n), label: `${n} bit` }))}
                disabled={busy}
                data-testid="generate-bits"
              />
            </div>
          )}
          {alg.startsWith('HS') && (
            <Alert variant="light" color="orange" icon={<IconAlertTriangle size={16} />} py={8}>
              <Text fz="sm">
                An HMAC key is a shared secret: whoever verifies its tokens can also forge them, and it cannot be
                published in a JWKS. Prefer ES256 or EdDSA unless both sides are the same service.
              </Text>
            </Alert>
          )}
          <TextInput
            label="Key ID (kid)"
            description="Optional. Left empty, the kid is the key’s RFC 7638 thumbprint."
            placeholder="e.g. payments-2026-03"
            value={kid}
            onChange={(event) => setKid(event.currentTarget.value)}
            error={kidError}
            disabled={busy}
            spellCheck={false}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-testid="generate-kid"
          />
          <Checkbox
            label={
              set.activeKid
                ? `Activate it now (retires ${set.activeKid})`
                : 'Activate it now: the set has no signing key'
            }
            description={
              set.activeKid
                ? 'Usually better: leave it staged so verifiers’ cached JWKS pick it up, or use Rotate, which schedules this for you.'
                : undefined
            }
            checked={activate}
            onChange={(event) => setActivate(event.currentTarget.checked)}
            disabled={busy}
            data-testid="generate-activate"
          />
          {busy && (
            <Stack gap={4} data-testid="generate-progress">
              <Progress value={Math.min(95, (elapsed / expected) * 100)} animated striped size="sm" />
              <div className={classes.progressNote}>
                <span>
                  Generating {isRsa(alg) ? `a ${rsaBits}-bit RSA` : `an ${alg}`} key in the main process, then storing
                  it in the keychain…
                </span>
                <span>{(elapsed / 1000).toFixed(1)} s</span>
              </div>
              {isRsa(alg) && rsaBits >= 3072 && (
                <Text fz="xs" c="dimmed">
                  Finding {rsaBits}-bit primes usually takes {Math.round(expected / 1000)} s here, sometimes more.
                </Text>
              )}
            </Stack>
          )}
          {error && <CallErrorAlert error={error} title="The key was not generated" />}
          <Group justify="flex-end" gap={6} mt={4}>
            <Button variant="default" size="xs" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={busy} disabled={kidError !== null} data-testid="confirm-generate">
              Generate
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
