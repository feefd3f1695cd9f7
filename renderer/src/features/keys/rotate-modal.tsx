import { Alert, Button, Group, Modal, Progress, Radio, Stack, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { SetInfo } from '#shared/contract/keys'
import type { KeyInfo } from '#shared/managed-keys/types'
import { formatDuration } from '#shared/time/duration'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { formatUtc } from '../../components/format-time'
import { describeAlgorithm } from './key-summary'
import type { ResultNote } from './result-note'
import classes from './keys.module.css'

/**
 * Rotation: a successor of the active key's kind is generated and published now; it signs once every
 * verifier's cached JWKS can include it (the JWKS cache time), and the current key is retired at that
 * moment. "Now" is possible, with the cache consequence spelled out.
 */
export function RotateModal({
  set,
  keys,
  now,
  onClose,
  onDone,
}: {
  set: SetInfo
  keys: KeyInfo[]
  now: number
  onClose: () => void
  onDone: (note: ResultNote) => void
}) {
  const active = keys.find((k) => k.setId === set.id && k.state === 'active') ?? null
  const cacheless = set.jwksCacheTime === 0
  const [when, setWhen] = useState<'scheduled' | 'now'>(cacheless ? 'now' : 'scheduled')
  const [started, setStarted] = useState<number | null>(null)
  const [elapsed, setElapsed] = useState(0)
  const [error, setError] = useState<SerializedError | null>(null)
  const busy = started !== null
  const activateAt = new Date(now + set.jwksCacheTime * 1000)
  const cache = formatDuration(set.jwksCacheTime)

  useEffect(() => {
    if (started === null) return
    const timer = window.setInterval(() => setElapsed(Date.now() - started), 100)
    return () => window.clearInterval(timer)
  }, [started])

  const submit = async () => {
    if (busy) return
    setError(null)
    setStarted(Date.now())
    try {
      const result = await call((api) =>
        api.keys.rotate({ set: set.id, ...(when === 'now' ? { immediately: true } : {}) }),
      )
      onDone({
        title: result.activateAt
          ? `Rotating: ${result.key.kid} activates at ${formatUtc(result.activateAt)}`
          : `Rotated: ${result.key.kid} is active, ${result.previous.kid} is retired`,
        warnings: result.warnings,
      })
    } catch (caught) {
      setError(toCallError(caught))
      setStarted(null)
    }
  }

  const slow = active?.kty === 'RSA' && (active.bits ?? 0) >= 3072
  return (
    <Modal
      opened
      onClose={busy ? () => undefined : onClose}
      title={`Rotate ${set.name}`}
      size={540}
      withCloseButton={!busy}
      data-testid="rotate-modal"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <Stack gap="sm">
          {active && (
            <Text fz="sm">
              A new {describeAlgorithm(active)} key is generated and published in the JWKS now. <b>{active.kid}</b>{' '}
              keeps signing until the new key takes over, then it is retired and stays published, verify-only, until its
              tokens can have expired.
            </Text>
          )}
          <Radio.Group value={when} onChange={(value) => setWhen(value as 'scheduled' | 'now')}>
            <Stack gap={8}>
              <Radio
                value="scheduled"
                disabled={cacheless || busy}
                label={`After the JWKS cache time (recommended): activates at ${formatUtc(activateAt)}`}
                description={`In ${cache}, every verifier that caches the JWKS has fetched one that includes the new key.`}
                data-testid="rotate-scheduled"
              />
              <Radio
                value="now"
                disabled={busy}
                label="Now: the new key signs immediately"
                description={cacheless ? 'This set’s JWKS cache time is 0, so nothing needs to wait.' : undefined}
                data-testid="rotate-now"
              />
            </Stack>
          </Radio.Group>
          {when === 'now' && !cacheless && (
            <Alert
              variant="light"
              color="orange"
              icon={<IconAlertTriangle size={16} />}
              py={8}
              data-testid="rotate-cache-warning"
            >
              <Text fz="sm">
                Verifiers that fetched the JWKS in the last {cache} do not know the new key yet: they will reject its
                tokens until their cache refreshes (up to {cache}). Only do this if every verifier refetches the JWKS on
                an unknown kid, or nobody depends on this set yet.
              </Text>
            </Alert>
          )}
          {busy && (
            <Stack gap={4} data-testid="rotate-progress">
              <Progress value={slow ? Math.min(95, (elapsed / 4000) * 100) : 60} animated striped size="sm" />
              <div className={classes.progressNote}>
                <span>Generating the successor and storing it in the keychain…</span>
                <span>{(elapsed / 1000).toFixed(1)} s</span>
              </div>
            </Stack>
          )}
          {error && <CallErrorAlert error={error} title="The set was not rotated" />}
          <Group justify="flex-end" gap={6}>
            <Button variant="default" size="xs" onClick={onClose} disabled={busy}>
              Cancel
            </Button>
            <Button
              type="submit"
              size="xs"
              loading={busy}
              color={when === 'now' && !cacheless ? 'orange' : undefined}
              data-testid="confirm-rotate"
            >
              {when === 'now' ? 'Rotate now' : 'Rotate'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
