import { Badge, Button, Text } from '@mantine/core'
import { IconAlertCircle, IconInfoCircle, IconAlertTriangle } from '@tabler/icons-react'
import type { SerializedError } from '#shared/errors'
import type { DecodeNotes } from '#shared/token/decode'
import classes from './inspector.module.css'

/** Why the input does not decode: the stable code, the decoder's message, and a jump to the place. */
export function DecodeErrorPanel({ error, onReveal }: { error: SerializedError; onReveal?: () => void }) {
  const offset = error.location?.offset
  return (
    <div className={classes.errorPanel} role="alert" data-testid="decode-error">
      <IconAlertCircle size={16} stroke={1.8} className={classes.errorIcon} aria-hidden />
      <div className={classes.messageBody}>
        <div className={classes.messageHead}>
          <Badge variant="light" color="red" size="sm" tt="none" ff="monospace" data-testid="decode-error-code">
            {error.code}
          </Badge>
          {error.location?.segment && (
            <Text fz="xs" c="dimmed" span>
              in {error.location.segment}
              {offset !== undefined && ` · offset ${offset}`}
            </Text>
          )}
          {onReveal && offset !== undefined && (
            <Button size="compact-xs" variant="subtle" ml="auto" onClick={onReveal}>
              Show in editor
            </Button>
          )}
        </div>
        <Text fz="sm" className={classes.messageText} data-testid="decode-error-message">
          {error.message}
        </Text>
      </div>
    </div>
  )
}

/** What the decoder changed or noticed on the way: a removed "Bearer ", non-canonical base64url. */
export function DecodeNotesList({ notes }: { notes: DecodeNotes }) {
  const items: { tone: 'info' | 'warn'; text: string }[] = [
    ...notes.normalized.map((what) => ({ tone: 'info' as const, text: `Removed ${what} before decoding.` })),
    ...notes.nonCanonicalSegments.map((segment) => ({
      tone: 'warn' as const,
      text: `The ${segment} is not canonical base64url (its unused trailing bits are set): it decodes, but another encoder would write it differently — a sign of tampering or a sloppy encoder.`,
    })),
    ...notes.duplicateMembers.map((d) => ({
      tone: 'warn' as const,
      text: `The ${d.segment} has "${d.path ? `${d.path}.` : ''}${d.member}" more than once.`,
    })),
  ]
  if (items.length === 0) return null
  return (
    <ul className={classes.notes} data-testid="decode-notes" aria-label="Decoder notes">
      {items.map((item) => (
        <li key={item.text} data-tone={item.tone}>
          {item.tone === 'warn' ? (
            <IconAlertTriangle size={13} stroke={1.8} aria-hidden />
          ) : (
            <IconInfoCircle size={13} stroke={1.8} aria-hidden />
          )}
          <span>{item.text}</span>
        </li>
      ))}
    </ul>
  )
}
