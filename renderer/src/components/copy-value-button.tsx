import { ActionIcon, Button, CopyButton, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'

/** A copy button that says what it copies and confirms it did; `label` names the value for screen readers. */
export function CopyValueButton({
  value,
  label,
  withText = false,
  testId,
}: {
  value: string
  label: string
  withText?: boolean
  testId?: string
}) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) =>
        withText ? (
          <Button
            size="xs"
            variant="default"
            leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            onClick={copy}
            aria-label={`Copy ${label}`}
            data-testid={testId}
            data-copied={copied || undefined}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        ) : (
          <Tooltip label={copied ? 'Copied' : `Copy ${label}`} withinPortal>
            <ActionIcon
              size="sm"
              variant="subtle"
              color={copied ? 'teal' : 'gray'}
              onClick={copy}
              aria-label={`Copy ${label}`}
              data-testid={testId}
              data-copied={copied || undefined}
            >
              {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
            </ActionIcon>
          </Tooltip>
        )
      }
    </CopyButton>
  )
}
