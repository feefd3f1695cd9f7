import { Group, Tooltip } from '@mantine/core'
import { truncateMiddle } from '#shared/text/truncate-middle'
import { CopyValueButton } from './copy-value-button'
import classes from './middle-truncated.module.css'

/**
 * A long identifier (kid, thumbprint) on one line: head…tail when longer than `max`, the whole value
 * in a tooltip and for screen readers, and a copy button that copies all of it. Never wraps mid-string.
 */
export function MiddleTruncated({
  value,
  label,
  max = 24,
  testId,
  strong = false,
}: {
  value: string
  label: string
  max?: number
  testId?: string
  strong?: boolean
}) {
  const shown = truncateMiddle(value, max)
  return (
    <Group gap={2} wrap="nowrap" className={classes.root}>
      <Tooltip label={value} disabled={shown === value} withinPortal multiline maw={420}>
        <span
          className={classes.text}
          data-strong={strong || undefined}
          data-testid={testId}
          data-value={value}
          aria-label={`${label} ${value}`}
        >
          {shown}
        </span>
      </Tooltip>
      {/* Copying is not opening: the click stops here, so a table row around it does not react. */}
      <span onClick={(event) => event.stopPropagation()} onKeyDown={(event) => event.stopPropagation()}>
        <CopyValueButton value={value} label={label} />
      </span>
    </Group>
  )
}
