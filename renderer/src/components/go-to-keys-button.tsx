import { Button } from '@mantine/core'
import { IconKey } from '@tabler/icons-react'
import { useShellCommandBus } from '../shell/commands'

/**
 * "Go to Keys": the way out of a screen that has nothing to show until a key set or key exists
 * (Sign, JWKS, Audit). Switches screens through the shell's command bus.
 */
export function GoToKeysButton({ testId }: { testId: string }) {
  const bus = useShellCommandBus()
  return (
    <Button
      size="xs"
      variant="light"
      leftSection={<IconKey size={14} />}
      onClick={() => bus?.emit('show-screen', { id: 'keys' })}
      data-testid={testId}
      style={{ flexShrink: 0 }}
    >
      Go to Keys
    </Button>
  )
}
