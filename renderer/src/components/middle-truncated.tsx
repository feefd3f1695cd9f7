import { Group, Tooltip } from '@mantine/core'
import { truncateMiddle } from '../../../shared/text/truncate-middle'
import { CopyValueButton } from './copy-value-button'
import classes from './middle-truncated.module.css'

/**
 * A long identifier (kid, thumbprint) on one line: head…tail when longer than `max`, the whole value
 * in a tooltip and for screen readers, and a copy button that copies all of it. Never wraps mid-string.
 */
export function MiddleTruncated({ value, label, max = 24, testId, strong = false }: { value: string; label: string; max?: number; testId?: string; strong?: boolean }) {
  const shown = truncateMiddle(value, max)
  return (
    <Group gap={2} wrap="nowrap" className={classes.root} onClick={(event) => event.stopPropagation()}>
      <Tooltip label={value} disabled={shown === value} withinPortal multiline maw={420}>
        <span className={classes.text} data-strong={strong || undefined} data-testid={testId} data-value={value} aria-label={`${label} ${value}`}>
          {shown}
        </span>
      </Tooltip>
      <CopyValueButton value={value} label={label} />
    </Group>
  )
}
