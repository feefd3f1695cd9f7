import { Group, Switch, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { JwksServeStatus } from '#shared/contract'
import type { SerializedError } from '#shared/errors'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { CopyValueButton } from '../../components/copy-value-button'
import { Panel } from '../../components/panel'
import classes from './jwks.module.css'

/**
 * The loopback endpoint main runs (jwks:serve-*): on 127.0.0.1 only, a port the system picks, the
 * current bytes on every request. For services under development that fetch a JWKS.
 */
export function ServeToggle({ set }: { set: string }) {
  const [status, setStatus] = useState<JwksServeStatus | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)

  useEffect(() => {
    call((api) => api.jwks.serveStatus()).then(setStatus, (e: unknown) => setError(toCallError(e)))
  }, [])

  const serving = status?.running === true && status.sets.includes(set)
  const url = serving ? (status.jwksUrls[set] ?? null) : null
  const toggle = async (on: boolean) => {
    setBusy(true)
    setError(null)
    try {
      setStatus(await call((api) => (on ? api.jwks.serveStart({ sets: [set] }) : api.jwks.serveStop())))
    } catch (e) {
      setError(toCallError(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Panel title="Serve locally" meta="127.0.0.1 only" padded data-testid="jwks-serve">
      <Switch
        size="sm"
        checked={serving}
        disabled={busy}
        onChange={(event) => void toggle(event.currentTarget.checked)}
        label={
          serving
            ? 'Serving this set’s JWKS'
            : status?.running
              ? `Serving ${status.sets.join(', ')}: switch to serve this set instead`
              : 'Serve this set’s JWKS over HTTP on this machine'
        }
        data-testid="serve-toggle"
      />
      {url && (
        <Group gap={6} wrap="nowrap" mt={8} align="flex-start">
          <Text className={classes.mono} style={{ flex: 1 }} data-testid="serve-url">
            {url}
          </Text>
          <CopyValueButton value={url} label="JWKS URL" />
        </Group>
      )}
      <Text fz="xs" c="dimmed" mt={6}>
        application/jwk-set+json with the set’s cache time, a strong ETag and CORS open; every key change is served at
        once. Stops when Signet quits.
      </Text>
      {error && <CallErrorAlert error={error} title="The endpoint did not change" />}
    </Panel>
  )
}
