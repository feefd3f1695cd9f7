import { Text } from '@mantine/core'
import type { JsonObject } from '#shared/encoding/json'
import { JsonView } from '../../components/json-view'
import { ClaimsTable } from './claims-table'
import { segmentText } from './segment-text'
import type { SegmentViewMode } from './view-toggle'
import classes from './inspector.module.css'

/** One header or claims set in the chosen view; "as signed" shows the decoded bytes verbatim. */
export function SegmentBody({
  members,
  raw,
  kind,
  mode,
  now,
  testId,
}: {
  members: JsonObject
  /** the base64url the members were decoded from; absent for unprotected (plain JSON) headers */
  raw: string | null
  kind: 'claim' | 'header'
  mode: SegmentViewMode
  now: number
  testId?: string
}) {
  if (mode === 'json') {
    return (
      <div className={classes.codeBlock} data-testid={testId && `${testId}-json`}>
        <JsonView value={members} />
      </div>
    )
  }
  if (mode === 'signed') {
    const text = raw === null ? null : segmentText(raw)
    return (
      <div className={classes.codeBlock} data-testid={testId && `${testId}-signed`}>
        {text === null ? (
          <Text fz="xs" c="dimmed">
            Not carried as base64url: this part is plain JSON in the token and is not covered by the signature.
          </Text>
        ) : (
          <pre className={classes.verbatim}>
            <VisibleControls text={text} />
          </pre>
        )}
      </div>
    )
  }
  return <ClaimsTable members={members} kind={kind} now={now} data-testid={testId} />
}

/**
 * Control characters are part of what was signed but invisible; show them as their Unicode
 * "symbol for" glyph (CR → ␍, TAB → ␉), keeping real line breaks as breaks.
 */
function VisibleControls({ text }: { text: string }) {
  const parts: React.ReactNode[] = []
  let run = ''
  for (const ch of text) {
    const code = ch.charCodeAt(0)
    if ((code < 0x20 && ch !== '\n') || code === 0x7f) {
      if (run) parts.push(run)
      run = ''
      parts.push(
        <span
          key={parts.length}
          className={classes.control}
          title={`U+${code.toString(16).toUpperCase().padStart(4, '0')}`}
        >
          {String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code)}
        </span>,
      )
    } else run += ch
  }
  if (run) parts.push(run)
  return <>{parts}</>
}
