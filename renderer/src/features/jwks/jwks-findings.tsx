import { Badge, Text } from '@mantine/core'
import type { JwksFinding } from '#shared/jwks/lint'
import { severityColors } from '../../components/findings-list'
import classes from './jwks.module.css'

/** JWKS lint findings (shared/jwks/lint.ts): severity, id, JSON Pointer, message and remedy. */
export function JwksFindings({ findings, testId }: { findings: readonly JwksFinding[]; testId: string }) {
  if (findings.length === 0) {
    return (
      <Text fz="sm" c="dimmed" p="sm" data-testid={testId}>
        No findings: every check passed.
      </Text>
    )
  }
  return (
    <ul className={classes.list} data-testid={testId}>
      {findings.map((finding, i) => (
        <li
          key={`${finding.id}-${i}`}
          className={classes.wrapRow}
          data-finding={finding.id}
          data-severity={finding.severity}
        >
          <span className={classes.findingHead}>
            <Badge
              size="xs"
              variant={finding.severity === 'high' ? 'filled' : 'light'}
              color={severityColors[finding.severity]}
            >
              {finding.severity}
            </Badge>
            <code className={classes.mono}>{finding.id}</code>
            <code className={classes.alg}>{finding.pointer || '/'}</code>
          </span>
          <Text fz="xs">{finding.message}</Text>
          <Text fz={11} c="dimmed">
            Fix: {finding.remedy}
          </Text>
        </li>
      ))}
    </ul>
  )
}
