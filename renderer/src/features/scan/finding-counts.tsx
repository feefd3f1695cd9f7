import { Badge, Group, Text } from '@mantine/core'
import type { FindingCount } from './scan-report'
import { severityColor } from './scan-table'
import classes from './scan.module.css'

/** Finding ids shown at most; the rest are counted. A scan of many issuers can raise dozens. */
const maxShown = 12

/**
 * The findings of a scan, most severe first, each with the number of tokens that have it: a button
 * that filters the table to those tokens (pressed again, it clears the filter). What a reader of a
 * capture asks first — "which problems, on how many tokens?" — without reading every row.
 */
export function FindingCounts({
  findings,
  filter,
  onFilter,
}: {
  findings: readonly FindingCount[]
  /** the table's filter text: the finding it names shows pressed */
  filter: string
  onFilter: (text: string) => void
}) {
  if (findings.length === 0) return null
  const shown = findings.slice(0, maxShown)
  const active = filter.trim().toLowerCase()
  return (
    <div role="group" aria-label="Findings in this scan" data-testid="scan-finding-counts">
      <Text fz="xs" c="dimmed" mb={4}>
        Findings, by tokens that have each — click one to show those tokens
      </Text>
      <Group gap={4} wrap="wrap">
        {shown.map((finding) => {
          const pressed = active === finding.id.toLowerCase()
          return (
            <Badge
              key={finding.id}
              component="button"
              type="button"
              size="sm"
              variant={pressed ? 'filled' : 'outline'}
              color={severityColor[finding.severity]}
              className={classes.findingCount}
              title={`${finding.title} (${finding.severity})`}
              aria-pressed={pressed}
              onClick={() => onFilter(pressed ? '' : finding.id)}
            >
              {finding.id} · {finding.tokens.toLocaleString('en')}
            </Badge>
          )
        })}
        {findings.length > shown.length && (
          <Text fz="xs" c="dimmed">
            +{findings.length - shown.length} more (sort the table by Findings)
          </Text>
        )}
      </Group>
    </div>
  )
}
