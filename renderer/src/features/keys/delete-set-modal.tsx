import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { SetInfo } from '#shared/contract/keys'
import type { KeyInfo } from '#shared/managed-keys/types'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import type { ResultNote } from './result-note'
import classes from './keys.module.css'
import { plural } from '#shared/text/plural'

/** Deletes a set — only once every key in it is destroyed, and only with its name typed. */
export function DeleteSetModal({
  set,
  keys,
  onClose,
  onDone,
}: {
  set: SetInfo
  keys: KeyInfo[]
  onClose: () => void
  onDone: (note: ResultNote) => void
}) {
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const living = keys.filter((k) => k.setId === set.id && k.state !== 'destroyed')

  const submit = async () => {
    if (busy || typed.trim() !== set.name || living.length > 0) return
    setBusy(true)
    try {
      const result = await call((api) => api.sets.delete({ set: set.id }))
      onDone({
        title: `Deleted ${result.deleted}`,
        detail: result.tombstones
          ? `${plural(result.tombstones, 'tombstone')} of its destroyed keys ${result.tombstones === 1 ? 'is' : 'are'} kept, so their kids are never reused.`
          : undefined,
        warnings: [],
      })
    } catch (caught) {
      setError(toCallError(caught))
      setBusy(false)
    }
  }

  return (
    <Modal opened onClose={onClose} title={`Delete ${set.name}?`} size={500} data-testid="delete-set-modal">
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <Stack gap="sm">
          {living.length > 0 ? (
            <Alert
              variant="light"
              color="orange"
              icon={<IconAlertTriangle size={16} />}
              title="Not while it holds keys"
              data-testid="delete-set-blocked"
            >
              <Text fz="sm">
                A set is deleted only when none of its keys can still sign or verify. Take each of these to destroyed
                first:{' '}
                {living.map((k, i) => (
                  <span key={k.id}>
                    {i > 0 && ', '}
                    <span className={classes.mono}>{k.kid}</span> ({k.state})
                  </span>
                ))}
                .
              </Text>
            </Alert>
          ) : (
            <>
              <Text fz="sm">
                The set and its policy are removed. Tombstones of its destroyed keys stay, so their kids are never
                reused.
              </Text>
              <TextInput
                label={
                  <>
                    Type <span className={classes.mono}>{set.name}</span> to confirm
                  </>
                }
                value={typed}
                onChange={(event) => setTyped(event.currentTarget.value)}
                autoComplete="off"
                data-testid="confirm-set-name"
                data-autofocus
              />
            </>
          )}
          {error && <CallErrorAlert error={error} title="The set was not deleted" />}
          <Group justify="flex-end" gap={6}>
            <Button variant="default" size="xs" onClick={onClose}>
              {living.length > 0 ? 'Close' : 'Cancel'}
            </Button>
            {living.length === 0 && (
              <Button
                type="submit"
                size="xs"
                color="red"
                loading={busy}
                disabled={typed.trim() !== set.name}
                data-testid="confirm-delete-set"
              >
                Delete set
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
