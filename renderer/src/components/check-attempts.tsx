import { Text } from '@mantine/core'
import type { Check } from '#shared/token/verify/check'
import { JsonView } from './json-view'
import classes from './checks-list.module.css'

/**
 * A check's `attempts` detail (signature, key selection, decryption) as people read it: each key
 * tried, what happened, in words; the raw detail stays one click away behind a disclosure.
 */

export interface AttemptLine {
  key: string
  /** the outcome in words: "verified", "signature does not match"… */
  outcome: string
  tone: 'ok' | 'bad' | 'neutral'
  message: string
}

const outcomeWords: Record<string, { words: string; tone: AttemptLine['tone'] }> = {
  verified: { words: 'verified', tone: 'ok' },
  decrypted: { words: 'decrypted', tone: 'ok' },
  mismatch: { words: 'signature does not match', tone: 'bad' },
  malformed: { words: 'signature is malformed', tone: 'bad' },
  error: { words: 'could not be used', tone: 'bad' },
  failed: { words: 'did not decrypt', tone: 'bad' },
  'not-attempted': { words: 'not tried', tone: 'neutral' },
}

/**
 * The attempts of a check detail shaped `{ attempts: [{ key, outcome, message }] }`; null when the
 * detail has no such list (any other detail is shown as JSON only). Unknown outcomes are kept as
 * given, with dashes as spaces, so a new outcome never disappears.
 */
export function attemptLines(detail: Check['detail']): AttemptLine[] | null {
  const list = detail?.attempts
  if (!Array.isArray(list) || list.length === 0) return null
  const lines: AttemptLine[] = []
  for (const item of list) {
    if (!item || typeof item !== 'object') return null
    const { key, outcome, message } = item as Record<string, unknown>
    if (typeof key !== 'string' || typeof outcome !== 'string') return null
    const known = outcomeWords[outcome]
    lines.push({
      key,
      outcome: known?.words ?? outcome.replace(/-/g, ' '),
      tone: known?.tone ?? 'neutral',
      message: typeof message === 'string' ? message : '',
    })
  }
  return lines
}

export function CheckAttempts({ lines, detail }: { lines: AttemptLine[]; detail: NonNullable<Check['detail']> }) {
  return (
    <>
      <Text fz={10.5} c="dimmed" tt="uppercase" fw={600} mb={2}>
        {lines.length === 1 ? 'Key tried' : `Keys tried, in order`}
      </Text>
      <ol className={classes.attempts} data-testid="check-attempts">
        {lines.map((line, i) => (
          <li key={i} data-tone={line.tone}>
            <span className={classes.attemptKey}>{line.key}</span>
            <span aria-hidden>→</span>
            <span className={classes.attemptOutcome} data-tone={line.tone}>
              {line.outcome}
            </span>
            {line.message && <span className={classes.attemptMessage}>{line.message}</span>}
          </li>
        ))}
      </ol>
      <details className={classes.rawDetail} data-testid="check-raw-detail">
        <summary>Raw detail (JSON)</summary>
        <JsonView value={detail} />
      </details>
    </>
  )
}
