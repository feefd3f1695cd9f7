import { Button, Group, Modal, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { IconPencil } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { Warning } from '#shared/managed-keys/types'
import type { StatusListInfo } from '#shared/status-list/managed'
import { formatDuration } from '#shared/time/duration'
import { formatReadableDuration } from '#shared/time/readable-duration'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { Panel } from '../../components/panel'
import { WarningList } from '../../components/warning-list'
import { checkListTiming, timingValues, type ListTimingValues } from './list-timing-form'
import classes from './revocations.module.css'

/**
 * A list's settings as the next export will sign them — uri, bits, the token's ttl and lifetime —
 * and "Edit timing", which changes the ttl and lifetime through status-list:update: the same
 * service, checks and audit entry as `signet status-list update`. Statuses and indexes are untouched.
 */
export function ListSettings({
  list,
  set,
  onChanged,
}: {
  list: StatusListInfo
  set: { name: string; maxTokenLifetime: number }
  onChanged(): void
}) {
  const [editing, setEditing] = useState(false)
  return (
    <Panel
      title="Token settings"
      meta="used from the next export on"
      actions={
        <Button
          size="xs"
          variant="default"
          leftSection={<IconPencil size={14} />}
          onClick={() => setEditing(true)}
          data-testid="list-settings-edit"
        >
          Edit timing
        </Button>
      }
      data-testid="list-settings"
    >
      <dl className={classes.settings}>
        <dt>uri (sub)</dt>
        <dd className={classes.mono} title={list.uri}>
          {list.uri}
        </dd>
        <dt>Bits per status</dt>
        <dd>{list.bits}</dd>
        <dt>ttl (cache time)</dt>
        <dd data-testid="list-settings-ttl">
          {list.ttl === null ? 'none (left out)' : formatReadableDuration(list.ttl)}
        </dd>
        <dt>Token lifetime</dt>
        <dd data-testid="list-settings-lifetime">
          {formatReadableDuration(list.lifetime)} (set {set.name} allows at most{' '}
          {formatReadableDuration(set.maxTokenLifetime)})
        </dd>
      </dl>
      {editing && (
        <ListTimingModal
          list={list}
          set={set}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false)
            onChanged()
          }}
        />
      )}
    </Panel>
  )
}

function ListTimingModal({
  list,
  set,
  onClose,
  onSaved,
}: {
  list: StatusListInfo
  set: { name: string; maxTokenLifetime: number }
  onClose(): void
  onSaved(): void
}) {
  const [values, setValues] = useState<ListTimingValues>(() => timingValues(list))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const [saved, setSaved] = useState<readonly Warning[] | null>(null)
  const check = useMemo(() => checkListTiming(values, list, set), [values, list, set])
  const errors = check.ok ? {} : check.errors

  const submit = async () => {
    if (!check.ok || !check.input || busy) return
    const input = check.input
    setBusy(true)
    setError(null)
    try {
      const result = await call((api) => api.statusList.update(input))
      if (result.warnings.length > 0) setSaved(result.warnings)
      else onSaved()
    } catch (caught) {
      setError(toCallError(caught))
    } finally {
      setBusy(false)
    }
  }

  const mono = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } }
  return (
    <Modal opened onClose={onClose} title={`Token timing of ${list.name}`} size="lg" data-testid="list-timing-modal">
      {saved ? (
        <Stack>
          <Text fz="sm">Saved: the next export of {list.name} uses it.</Text>
          <WarningList warnings={saved} />
          <Group justify="flex-end">
            <Button onClick={onSaved} data-testid="timing-done">
              Done
            </Button>
          </Group>
        </Stack>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault()
            void submit()
          }}
        >
          <Stack gap="sm">
            <Text fz="xs" c="dimmed">
              Durations as 30m, 12h, 1d or a number of seconds (draft-ietf-oauth-status-list §5.1). Tokens already
              exported keep theirs; statuses and indexes are untouched.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="ttl (cache time)"
                description="how long a verifier may cache the token; “none” leaves it out"
                value={values.ttl}
                onChange={(e) => setValues({ ...values, ttl: e.currentTarget.value })}
                error={errors.ttl}
                styles={mono}
                data-autofocus
                data-testid="timing-ttl"
              />
              <TextInput
                label="Token lifetime"
                description={`iat → exp; at most ${formatDuration(set.maxTokenLifetime)} (set ${set.name})`}
                value={values.lifetime}
                onChange={(e) => setValues({ ...values, lifetime: e.currentTarget.value })}
                error={errors.lifetime}
                styles={mono}
                data-testid="timing-lifetime"
              />
            </SimpleGrid>
            {check.ok && <WarningList warnings={check.warnings} />}
            {check.ok && !check.input && (
              <Text fz="xs" c="dimmed" data-testid="timing-unchanged">
                Nothing to change yet.
              </Text>
            )}
            {error && <CallErrorAlert error={error} title="The timing was not changed" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} disabled={!check.ok || !check.input} data-testid="timing-save">
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  )
}
