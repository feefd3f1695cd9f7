import { Alert, Stack, Text } from '@mantine/core'
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react'
import type { Warning } from '#shared/managed-keys/types'

/** The non-fatal notes a key manager result carries: the operation went through, but the user must read these. */
export function WarningList({ warnings }: { warnings: readonly Warning[] }) {
  if (warnings.length === 0) return null
  return (
    <Stack gap={6} data-testid="result-warnings">
      {warnings.map((warning, i) => {
        const info = warning.code.startsWith('INFO_')
        return (
          <Alert
            key={`${warning.code}-${i}`}
            color={info ? 'blue' : 'orange'}
            variant="light"
            icon={info ? <IconInfoCircle size={16} /> : <IconAlertTriangle size={16} />}
            py={8}
            data-code={warning.code}
          >
            <Text fz="sm">{warning.message}</Text>
          </Alert>
        )
      })}
    </Stack>
  )
}
