import { Button, Group, Modal, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { useMemo, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { SetInfo } from '#shared/contract/keys'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { checkSetForm, createInput, newSetValues, updateInput, valuesFromSet, type SetFormValues } from './set-form'
import type { ResultNote } from './result-note'

/**
 * Creates a key set or edits one's policy. Durations are typed as people write them (15m, 1h, 7d);
 * every value is checked as it is typed, with the service's own rules, and again by the service.
 */
export function SetFormModal({
  set,
  onClose,
  onDone,
}: {
  set: SetInfo | null
  onClose: () => void
  onDone: (note: ResultNote, setId: string) => void
}) {
  const [values, setValues] = useState<SetFormValues>(() => (set ? valuesFromSet(set) : newSetValues))
  const [touched, setTouched] = useState<Partial<Record<keyof SetFormValues, boolean>>>({})
  const [submitted, setSubmitted] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const check = useMemo(() => checkSetForm(values), [values])
  const errors = check.ok ? {} : check.errors
  const shown = (field: keyof SetFormValues) => (submitted || touched[field] ? errors[field] : undefined)

  const field = (name: keyof SetFormValues) => ({
    value: values[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value
      setValues((v) => ({ ...v, [name]: value }))
    },
    onBlur: () => setTouched((t) => ({ ...t, [name]: true })),
    error: shown(name),
    'data-testid': `set-${name}`,
  })

  const submit = async () => {
    setSubmitted(true)
    if (!check.ok || busy) return
    setBusy(true)
    setError(null)
    try {
      if (set) {
        const input = updateInput(set, check.parsed)
        if (!input) {
          onClose()
          return
        }
        const result = await call((api) => api.sets.update(input))
        onDone(
          {
            title: `Updated ${result.set.name}`,
            detail: `Changed: ${Object.keys(input.changes).join(', ')}.`,
            warnings: result.warnings,
          },
          result.set.id,
        )
      } else {
        const result = await call((api) => api.sets.create(createInput(check.parsed)))
        onDone(
          {
            title: `Created ${result.set.name}`,
            detail: 'Generate or import its first key.',
            warnings: result.warnings,
          },
          result.set.id,
        )
      }
    } catch (caught) {
      setError(toCallError(caught))
      setBusy(false)
    }
  }

  const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } }
  return (
    <Modal
      opened
      onClose={onClose}
      title={set ? `Edit ${set.name}` : 'New key set'}
      size={620}
      data-testid="set-form-modal"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <Stack gap="sm">
          <Text fz="xs" c="dimmed">
            A key set is one issuer or environment: one JWKS, one signing key at a time, and the policy below, which
            decides when each key may move on.
          </Text>
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label="Name" placeholder="payments-prod" {...field('name')} data-autofocus styles={mono} />
            <TextInput
              label="Issuer (iss)"
              placeholder="https://auth.example.com"
              description="Every token signed in this set carries it."
              {...field('issuer')}
              styles={mono}
            />
          </SimpleGrid>
          <Textarea label="Description" autosize minRows={1} maxRows={3} {...field('description')} />
          <SimpleGrid cols={{ base: 2, xs: 3 }} spacing="sm">
            <TextInput
              label="Default token lifetime"
              description="exp when none is given"
              {...field('defaultTokenLifetime')}
              styles={mono}
            />
            <TextInput
              label="Max token lifetime"
              description="no token lives longer"
              {...field('maxTokenLifetime')}
              styles={mono}
            />
            <TextInput
              label="JWKS cache time"
              description="how long verifiers cache the JWKS"
              {...field('jwksCacheTime')}
              styles={mono}
            />
            <TextInput label="Clock skew" description="tolerated by verifiers" {...field('clockSkew')} styles={mono} />
            <TextInput
              label="Rotation period"
              description="empty: rotate by hand"
              placeholder="e.g. 30d"
              {...field('rotationPeriod')}
              styles={mono}
            />
          </SimpleGrid>
          {set && (
            <Text fz="xs" c="dimmed">
              Lowering a lifetime, the cache time or the skew applies to tokens signed from now on; published keys keep
              the larger values for their safe dates.
            </Text>
          )}
          {error && (
            <CallErrorAlert error={error} title={set ? 'The set was not changed' : 'The set was not created'} />
          )}
          <Group justify="flex-end" gap={6}>
            <Button variant="default" size="xs" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" size="xs" loading={busy} data-testid="confirm-set">
              {set ? 'Save' : 'Create set'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
