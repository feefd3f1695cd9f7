import { UnstyledButton } from '@mantine/core'
import { IconAlertTriangle, IconChevronRight, IconCircleCheck, IconCircleMinus, IconCircleX } from '@tabler/icons-react'
import { memo, useState } from 'react'
import type { Check, CheckId, CheckStatus } from '#shared/token/verify/check'
import { CheckDetailFacts } from './check-detail-facts'
import { attemptLines, CheckAttempts } from './check-attempts'
import classes from './checks-list.module.css'

/**
 * A verification trace, check by check: a status icon, the check's name, its one-sentence
 * finding, and — where the check carries one — an expandable detail with the exact values
 * compared. Grouped the way a reviewer reads a token: the token itself, the key and signature,
 * the claims and time, then what the status list and revocation list given beside it say.
 */

const groups: { title: string; ids: readonly CheckId[] }[] = [
  { title: 'Token', ids: ['encoding', 'unprotected-header', 'crit', 'b64', 'jwe-alg', 'decrypt'] },
  {
    title: 'Key and signature',
    ids: ['key-select', 'alg-allowed', 'key-type', 'key-use', 'key-strength', 'signature', 'x5c-chain'],
  },
  {
    title: 'Claims and time',
    ids: ['exp', 'nbf', 'iat', 'max-age', 'lifetime', 'iss', 'aud', 'sub', 'typ', 'required'],
  },
  {
    title: 'Status list',
    ids: ['status-list-signature', 'status-list-typ', 'status-list-sub', 'status-list-fresh', 'status-index', 'status'],
  },
  { title: 'Revocation list', ids: ['revocation-list-signature', 'revocation-list-fresh', 'revoked'] },
]

export const statusLabels: Record<CheckStatus, string> = {
  pass: 'Passed',
  fail: 'Failed',
  warn: 'Warning',
  skipped: 'Not checked',
}

export function StatusIcon({ status, size = 16 }: { status: CheckStatus; size?: number }) {
  const props = {
    size,
    stroke: 1.8,
    className: classes.statusIcon,
    'data-status': status,
    'aria-label': statusLabels[status],
    role: 'img',
  }
  switch (status) {
    case 'pass':
      return <IconCircleCheck {...props} />
    case 'fail':
      return <IconCircleX {...props} />
    case 'warn':
      return <IconAlertTriangle {...props} />
    case 'skipped':
      return <IconCircleMinus {...props} />
  }
}

export interface ChecksListProps {
  checks: readonly Check[]
  /** leave out checks that were not run */
  hideSkipped?: boolean
  'data-testid'?: string
}

export function ChecksList({ checks, hideSkipped, ...rest }: ChecksListProps) {
  const shown = hideSkipped ? checks.filter((c) => c.status !== 'skipped') : checks
  return (
    <div className={classes.checks} data-testid={rest['data-testid']}>
      {groups.map((group) => {
        const members = shown.filter((c) => group.ids.includes(c.id))
        if (members.length === 0) return null
        return (
          <div key={group.title} role="group" aria-label={group.title}>
            <div className={classes.checkGroup}>{group.title}</div>
            <ul className={classes.checkList}>
              {members.map((c, i) => (
                <CheckRow key={`${c.id}-${i}`} check={c} />
              ))}
            </ul>
          </div>
        )
      })}
    </div>
  )
}

/**
 * Memoised by content: as the timeline cursor moves, the claim checks are rebuilt each time but
 * most of them (issuer, audience…) say exactly the same thing.
 */
const CheckRow = memo(
  function CheckRow({ check }: { check: Check }) {
    const [open, setOpen] = useState(false)
    const hasDetail = check.detail !== undefined && Object.keys(check.detail).length > 0
    const body = (
      <>
        <StatusIcon status={check.status} />
        <span className={classes.checkText}>
          <span className={classes.checkTitle}>{check.title}</span>
          <span className={classes.checkMessage} data-testid="check-message">
            {check.message}
          </span>
        </span>
        {hasDetail && (
          <IconChevronRight size={14} className={classes.checkChevron} data-open={open || undefined} aria-hidden />
        )}
      </>
    )
    return (
      <li className={classes.checkItem} data-check={check.id} data-status={check.status}>
        {hasDetail ? (
          <UnstyledButton
            className={classes.checkRow}
            onClick={() => setOpen((value) => !value)}
            aria-expanded={open}
            aria-label={`${check.title}: ${statusLabels[check.status]}. ${check.message}`}
          >
            {body}
          </UnstyledButton>
        ) : (
          <div className={classes.checkRow}>{body}</div>
        )}
        {hasDetail && open && (
          <div className={classes.checkDetail} data-testid="check-detail">
            <CheckDetail detail={check.detail!} />
          </div>
        )}
      </li>
    )
  },
  (previous, next) => previous.check === next.check || sameCheck(previous.check, next.check),
)

function CheckDetail({ detail }: { detail: NonNullable<Check['detail']> }) {
  const lines = attemptLines(detail)
  if (lines) return <CheckAttempts lines={lines} detail={detail} />
  return <CheckDetailFacts detail={detail} />
}

function sameCheck(a: Check, b: Check): boolean {
  return (
    a.id === b.id &&
    a.status === b.status &&
    a.message === b.message &&
    JSON.stringify(a.detail) === JSON.stringify(b.detail)
  )
}

/** "12 passed · 1 warning · 2 failed · 4 not checked" */
export function checkCounts(checks: readonly Check[]): Record<CheckStatus, number> {
  const counts: Record<CheckStatus, number> = { pass: 0, fail: 0, warn: 0, skipped: 0 }
  for (const c of checks) counts[c.status]++
  return counts
}
