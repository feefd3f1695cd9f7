import { Badge, Tooltip } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { Fragment } from 'react'
import { readableDetails, type ReadableDetail } from '#shared/audit/readable-detail'
import type { AuditListedEntry } from '#shared/contract'
import { sourceText } from '#shared/audit/source-text'
import { formatUtc, relativeTo } from '../../components/format-time'
import { MiddleTruncated } from '../../components/middle-truncated'
import { actionColor } from './audit-filters'
import classes from './audit.module.css'

/** How many details a row shows before "+N more"; the expanded row shows all. */
const detailsInRow = 6

/** One audit entry: a row of the table, and when expanded every detail, its source and its hashes. */
export function AuditEntryRow({
  entry,
  now,
  expanded,
  onToggle,
}: {
  entry: AuditListedEntry
  now: number
  expanded: boolean
  onToggle: () => void
}) {
  const details = readableDetails(entry.details)
  const source = sourceText(entry.source)
  return (
    <Fragment>
      <tr
        className={classes.row}
        data-line={entry.line}
        data-flagged={entry.flagged ? true : undefined}
        data-expanded={expanded || undefined}
        data-action={entry.action}
        data-testid="audit-row"
        onClick={onToggle}
        onKeyDown={(event) => {
          if (event.target !== event.currentTarget) return
          if (event.key === 'Enter' || event.key === ' ') {
            event.preventDefault()
            onToggle()
          }
        }}
        tabIndex={0}
        aria-expanded={expanded}
      >
        <td className={classes.seq}>
          {entry.flagged && (
            <Tooltip label={`This line failed verification: ${entry.flagged.replace(/-/g, ' ')}`}>
              <IconAlertTriangle size={13} color="var(--signet-error)" style={{ verticalAlign: -2, marginRight: 4 }} />
            </Tooltip>
          )}
          {entry.seq}
        </td>
        <td className={classes.time} title={relativeTo(entry.at, now)}>
          {formatUtc(entry.at)}
        </td>
        <td className={classes.action}>
          <Badge
            size="sm"
            variant="light"
            color={actionColor(entry.action)}
            tt="none"
            radius="sm"
            styles={{ label: { overflow: 'visible' } }}
          >
            {entry.action}
          </Badge>
        </td>
        <td className={classes.subject}>
          {entry.subject.set && <div>{entry.subject.set}</div>}
          {entry.subject.kid && (
            <MiddleTruncated value={entry.subject.kid} label="Copy kid" max={22} testId="audit-kid-value" />
          )}
        </td>
        <td className={classes.source} data-testid="audit-source">
          {source ? (
            <>
              <div>{source.via}</div>
              {source.who && <div className={classes.detailName}>{source.who}</div>}
            </>
          ) : (
            <span className={classes.detailName} title="Written before Signet recorded where entries come from">
              —
            </span>
          )}
        </td>
        <td className={classes.hideNarrow}>
          <div className={classes.details} data-testid="audit-details">
            {details.slice(0, detailsInRow).map((d) => (
              <span key={d.name} data-detail={d.name}>
                <span className={classes.detailName}>{d.label}</span> <DetailValue detail={d} short />
              </span>
            ))}
            {details.length > detailsInRow && (
              <span className={classes.detailName}>+{details.length - detailsInRow} more</span>
            )}
          </div>
        </td>
      </tr>
      {expanded && (
        <tr className={classes.expanded} data-testid="audit-entry-details">
          <td colSpan={6}>
            <dl className={classes.facts}>
              <dt>Line</dt>
              <dd>{entry.line}</dd>
              <dt>At</dt>
              <dd>
                {formatUtc(entry.at)} ({relativeTo(entry.at, now)})
              </dd>
              <dt>Source</dt>
              <dd data-testid="audit-entry-source">
                {source
                  ? `${source.via === 'CLI' ? 'Command line' : 'Signet app'}${source.who ? `, ${source.who}` : ''}`
                  : '— (written before Signet recorded it)'}
              </dd>
              {details.map((d) => (
                <Fragment key={d.name}>
                  <dt title={d.name}>{d.label}</dt>
                  <dd data-detail={d.name}>
                    <DetailValue detail={d} />
                  </dd>
                </Fragment>
              ))}
              <dt>Previous hash</dt>
              <dd>{entry.prev}</dd>
              <dt>Hash</dt>
              <dd>{entry.hash}</dd>
            </dl>
          </td>
        </tr>
      )}
    </Fragment>
  )
}

/**
 * One detail's value: kids and hashes middle-truncated with a copy button (never broken
 * mid-string); a time or duration with the stored number in its tooltip; long text shortened in
 * the row (`short`) and whole when expanded.
 */
function DetailValue({ detail, short = false }: { detail: ReadableDetail; short?: boolean }) {
  if (detail.raw !== null && (detail.kind === 'kid' || detail.kind === 'hash')) {
    return (
      <span className={classes.inlineValue}>
        <MiddleTruncated
          value={String(detail.raw)}
          label={`Copy ${detail.label.toLowerCase()}`}
          max={short ? 18 : 48}
        />
      </span>
    )
  }
  const text = short && detail.text.length > 48 ? `${detail.text.slice(0, 47)}…` : detail.text
  const stored =
    detail.kind === 'time' || detail.kind === 'duration'
      ? `stored as ${String(detail.raw)}`
      : text !== detail.text
        ? detail.text
        : undefined
  return (
    <span className={classes.detailValue} title={stored}>
      {text}
    </span>
  )
}
