import { Alert, Code, Text } from '@mantine/core'
import { IconAlertTriangle, IconPlugConnectedX } from '@tabler/icons-react'
import { useState } from 'react'
import type { StoreRecovery } from '../../../shared/contract'
import { bridgeMissingMessage } from '../api'

/** Shown once per launch when the store file was unreadable and moved aside (nothing was deleted). */
export function StoreRecoveryBanner({ recovery }: { recovery: StoreRecovery }) {
  const [dismissed, setDismissed] = useState(false)
  if (dismissed) return null
  // The main process's reason also names the new path; the path gets its own line here.
  const why = recovery.reason.split(/\s*It was kept at /)[0] ?? recovery.reason
  return (
    <Alert
      variant="light"
      color="orange"
      radius={0}
      icon={<IconAlertTriangle size={16} />}
      title="Signet could not read its store file and started with an empty one"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => setDismissed(true)}
      data-testid="store-recovery-banner"
      py={8}
    >
      <Text fz="xs">
        The unreadable file was moved to <Code data-testid="store-recovery-path">{recovery.movedTo}</Code> — nothing was deleted, and keys in
        the keychain are untouched.
      </Text>
      <Text fz="xs" c="dimmed" mt={2}>
        {why}
      </Text>
    </Alert>
  )
}

export function BridgeMissingBanner() {
  return (
    <Alert variant="light" color="gray" radius={0} icon={<IconPlugConnectedX size={16} />} py={8} data-testid="bridge-missing-banner">
      <Text fz="xs">{bridgeMissingMessage}</Text>
    </Alert>
  )
}
