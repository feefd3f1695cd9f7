import { Alert, Button, Code, Group, Text } from '@mantine/core'
import { IconAlertTriangle, IconPlugConnectedX } from '@tabler/icons-react'
import { useState } from 'react'
import type { StoreRecovery } from '#shared/contract'
import { bridgeMissingMessage, call, SignetCallError } from '../api'

/**
 * Shown at every launch while a store recovery is unacknowledged (main keeps a marker file beside
 * the store), until the user acknowledges it here or with `signet store acknowledge`. Deleting
 * orphaned keychain entries stays refused until then: they may be the old store's keys.
 */
export function StoreRecoveryBanner({
  recovery,
  onAcknowledged,
}: {
  recovery: StoreRecovery
  onAcknowledged: () => void
}) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // The main process's reason also names the new path; the path gets its own line here.
  const why = recovery.reason.split(/\s*It was kept at /)[0] ?? recovery.reason
  const acknowledge = async () => {
    setBusy(true)
    setError(null)
    try {
      await call((api) => api.store.acknowledgeRecovery({ at: recovery.at }))
      onAcknowledged()
    } catch (caught) {
      setError(caught instanceof SignetCallError ? caught.message : 'The main process could not be reached.')
    } finally {
      setBusy(false)
    }
  }
  return (
    <Alert
      variant="light"
      color="orange"
      radius={0}
      icon={<IconAlertTriangle size={16} />}
      title="Signet could not read its store file and started with an empty one"
      data-testid="store-recovery-banner"
      py={8}
    >
      <Text fz="xs">
        The unreadable file was moved to <Code data-testid="store-recovery-path">{recovery.movedTo}</Code> — nothing was
        deleted, and keys in the keychain are untouched. Restore it or a backup, or adopt the keys from the Keys
        screen&apos;s reconciliation; deleting keychain entries is refused until you acknowledge this.
      </Text>
      <Text fz="xs" c="dimmed" mt={2}>
        {why}
      </Text>
      <Group mt={6} gap="xs">
        <Button
          size="compact-xs"
          variant="default"
          loading={busy}
          onClick={() => void acknowledge()}
          data-testid="store-recovery-acknowledge"
        >
          I have checked it — acknowledge
        </Button>
        {error && (
          <Text fz="xs" c="red">
            {error}
          </Text>
        )}
      </Group>
    </Alert>
  )
}

/** The store file is unusable and could not even be moved aside: main says why and what to do. */
export function StoreProblemBanner({ problem }: { problem: string }) {
  return (
    <Alert
      variant="light"
      color="red"
      radius={0}
      icon={<IconAlertTriangle size={16} />}
      title="The store file cannot be used"
      py={8}
      data-testid="store-problem-banner"
    >
      <Text fz="xs">{problem}</Text>
    </Alert>
  )
}

export function BridgeMissingBanner() {
  return (
    <Alert
      variant="light"
      color="gray"
      radius={0}
      icon={<IconPlugConnectedX size={16} />}
      py={8}
      data-testid="bridge-missing-banner"
    >
      <Text fz="xs">{bridgeMissingMessage}</Text>
    </Alert>
  )
}
