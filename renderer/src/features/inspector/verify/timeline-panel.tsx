import { Button, CloseButton, Group, Modal, Text, Textarea, TextInput } from '@mantine/core'
import { IconPin, IconPlus } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { SignetError } from '#shared/errors'
import { formatDuration } from '#shared/time/relative'
import { ValidityTimeline, type TimelineLaneInput } from '../../../components/validity-timeline/validity-timeline'
import { Panel } from '../../../components/panel'
import { comparisonFromText, type ComparisonToken } from './comparison'
import classes from './verify.module.css'

/**
 * The validity timeline panel: this token's lane, plus any the user pinned for comparison (the
 * access, ID and refresh tokens of one login side by side). The cursor is the evaluation time.
 */

export interface TimelinePanelProps {
  current: ComparisonToken | null
  pinned: ComparisonToken[]
  onPin: () => void
  onAdd: (token: ComparisonToken) => void
  onRemove: (id: string) => void
  now: number
  at: number
  live: boolean
  skew: number
  onCursorChange: (at: number) => void
  onBackToNow: () => void
  /** the status / revocation lists' own windows (iat → exp, and iat + ttl), drawn under the token */
  lists?: readonly TimelineLaneInput[]
}

export function TimelinePanel({
  current,
  pinned,
  onPin,
  onAdd,
  onRemove,
  now,
  at,
  live,
  skew,
  onCursorChange,
  onBackToNow,
  lists = noLists,
}: TimelinePanelProps) {
  const [adding, setAdding] = useState(false)
  const lanes: TimelineLaneInput[] = [
    ...(current ? [{ id: 'current', label: `this token · ${current.label}`, claims: current.claims }] : []),
    ...lists,
    ...pinned.map((p) => ({ id: p.id, label: p.label, claims: p.claims })),
  ]
  const alreadyPinned = current !== null && pinned.some((p) => p.fingerprint === current.fingerprint)
  const canPin = current !== null && !alreadyPinned
  const actions = useMemo(
    () => (
      <>
        <Button
          size="compact-xs"
          variant="default"
          leftSection={<IconPin size={12} />}
          onClick={onPin}
          disabled={!canPin}
          data-testid="timeline-pin"
        >
          Pin this token
        </Button>
        <Button
          size="compact-xs"
          variant="default"
          leftSection={<IconPlus size={12} />}
          onClick={() => setAdding(true)}
          data-testid="timeline-add"
        >
          Add token…
        </Button>
      </>
    ),
    [canPin, onPin],
  )
  return (
    <Panel
      title="Validity timeline"
      meta={`clock skew ${formatDuration(skew)}`}
      data-testid="timeline-panel"
      actions={actions}
    >
      {lanes.length === 0 ? (
        <div className={classes.emptyNote}>
          This token carries no claims to place on a timeline. Pin or add other tokens to compare them.
        </div>
      ) : (
        <ValidityTimeline
          lanes={lanes}
          now={now}
          at={at}
          live={live}
          skewSeconds={skew}
          onCursorChange={onCursorChange}
          onBackToNow={onBackToNow}
        />
      )}
      {pinned.length > 0 && (
        <div className={classes.pins} aria-label="Tokens compared on the timeline">
          <Text fz={11} c="dimmed" mr={4}>
            Compared:
          </Text>
          {pinned.map((p) => (
            <span key={p.id} className={classes.pin}>
              <span data-testid="timeline-pinned">{p.label}</span>
              <CloseButton
                size="xs"
                onClick={() => onRemove(p.id)}
                aria-label={`Remove ${p.label} from the timeline`}
              />
            </span>
          ))}
        </div>
      )}
      {/* Mounted only while open: a closed Modal still costs a render on every cursor move. */}
      {adding && (
        <Modal opened onClose={() => setAdding(false)} title="Add a token to the timeline" size="lg">
          <AddTokenForm
            onCancel={() => setAdding(false)}
            onAdd={(token) => {
              onAdd(token)
              setAdding(false)
            }}
          />
        </Modal>
      )}
    </Panel>
  )
}

const noLists: readonly TimelineLaneInput[] = []

function AddTokenForm({ onAdd, onCancel }: { onAdd: (token: ComparisonToken) => void; onCancel: () => void }) {
  const [text, setText] = useState('')
  const [label, setLabel] = useState('')
  const [error, setError] = useState<string | null>(null)
  return (
    <form
      className={classes.modalForm}
      onSubmit={(event) => {
        event.preventDefault()
        try {
          onAdd(comparisonFromText(text, label))
        } catch (caught) {
          setError(caught instanceof SignetError ? `${caught.code}: ${caught.message}` : 'This is not a token.')
        }
      }}
    >
      <Text fz="xs" c="dimmed">
        Only its time claims (iat, nbf, exp, auth_time) are used, to draw it beside this token; it is not verified.
      </Text>
      <Textarea
        size="xs"
        label="Token"
        placeholder="eyJ… (compact or JSON)"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        autosize
        minRows={3}
        maxRows={8}
        classNames={{ input: classes.keyInput }}
        data-autofocus
        data-testid="timeline-add-token"
      />
      <TextInput
        size="xs"
        label="Label"
        placeholder="guessed from the token: access token, ID token, refresh token…"
        value={label}
        onChange={(event) => setLabel(event.currentTarget.value)}
        data-testid="timeline-add-label"
      />
      {error && (
        <Text fz="xs" c="var(--signet-error)" role="alert">
          {error}
        </Text>
      )}
      <Group justify="flex-end" gap={8}>
        <Button variant="default" size="xs" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" size="xs" disabled={!text.trim()} data-testid="timeline-add-confirm">
          Add to timeline
        </Button>
      </Group>
    </form>
  )
}
