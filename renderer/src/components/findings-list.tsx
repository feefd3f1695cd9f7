import { Badge, Text } from '@mantine/core'
import type { Finding, Severity } from '#shared/token/lint'
import classes from './findings-list.module.css'

/**
 * Security findings, most severe first: the severity, the stable id scripts key on, what is wrong
 * (naming the exact header, claim or value) and what to do about it.
 */

export const severityColors: Record<Severity, string> = { high: 'red', medium: 'orange', low: 'yellow', info: 'blue' }

export interface FindingsListProps {
  findings: readonly Finding[]
  'data-testid'?: string
}

export function FindingsList({ findings, ...rest }: FindingsListProps) {
  return (
    <ul className={classes.findings} data-testid={rest['data-testid']}>
      {findings.map((finding, i) => (
        <li
          key={`${finding.id}-${i}`}
          className={classes.finding}
          data-finding={finding.id}
          data-severity={finding.severity}
        >
          <div className={classes.head}>
            <Badge
              size="sm"
              variant={finding.severity === 'high' ? 'filled' : 'light'}
              color={severityColors[finding.severity]}
              className={classes.severity}
            >
              {finding.severity}
            </Badge>
            <Text fz="sm" fw={600} className={classes.title}>
              {finding.title}
            </Text>
            <code className={classes.id}>{finding.id}</code>
          </div>
          <Text fz="sm" className={classes.message} data-testid="finding-message">
            {finding.message}
          </Text>
          <Text fz="xs" className={classes.remediation}>
            <span className={classes.label}>Fix</span>
            {finding.remediation}
          </Text>
          {(finding.location || finding.reference) && (
            <Text fz={11} c="dimmed" className={classes.meta}>
              {finding.location && (
                <span>
                  in {finding.location.segment}
                  {finding.location.path ? ` · ${finding.location.path}` : ''}
                </span>
              )}
              {finding.reference && <span>{finding.reference}</span>}
            </Text>
          )}
        </li>
      ))}
    </ul>
  )
}

/** "2 high · 1 medium" — the severities present, worst first. */
export function severitySummary(findings: readonly Finding[]): string {
  const order: Severity[] = ['high', 'medium', 'low', 'info']
  return order
    .map((severity) => [severity, findings.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(' · ')
}
