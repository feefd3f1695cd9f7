import { Button, Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core'
import { IconCheck } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import type { z } from 'zod'
import type { SerializedError } from '#shared/errors'
import type { StatusListInfo, StatusListSetResult, statusListSetInputSchema } from '#shared/status-list/managed'
import { statusLabel } from '#shared/status-list/status-types'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { Panel } from '../../components/panel'
import { parseIndexList, settableStatuses } from './status-display'

type Mode = 'indexes' | 'matching'
type SetInput = z.input<typeof statusListSetInputSchema>

/**
 * Changes statuses: indexes and ranges ("17, 100-200"), or every allocated index whose local note
 * matches a jti or sub — with a reason kept in each note. One status-list:set call: one commit
 * under the key manager's lock and one audit entry, however many indexes it touches.
 */
export function BulkEdit({
  list,
  target,
  onTarget,
  onChanged,
}: {
  list: StatusListInfo
  target: string
  onTarget(text: string): void
  onChanged(result: StatusListSetResult): void
}) {
  const [mode, setMode] = useState<Mode>('indexes')
  const [jti, setJti] = useState('')
  const [sub, setSub] = useState('')
  const [status, setStatus] = useState('1')
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const options = useMemo(() => settableStatuses(list.bits), [list.bits])

  const parsed = useMemo(() => {
    if (mode !== 'indexes' || !target.trim()) return null
    try {
      const value = parseIndexList(target)
      const outside = [...value.indexes, ...value.ranges.flat()].find((i) => i >= list.size)
      return outside === undefined
        ? { ok: true as const, value }
        : { ok: false as const, message: `Index ${outside} is outside the list (0–${list.size - 1}).` }
    } catch (caught) {
      return { ok: false as const, message: caught instanceof Error ? caught.message : String(caught) }
    }
  }, [mode, target, list.size])

  const input: SetInput | null =
    mode === 'indexes'
      ? parsed?.ok
        ? {
            name: list.name,
            status: Number(status),
            ...(parsed.value.indexes.length ? { indexes: parsed.value.indexes } : {}),
            ...(parsed.value.ranges.length ? { ranges: parsed.value.ranges } : {}),
          }
        : null
      : jti.trim() || sub.trim()
        ? {
            name: list.name,
            status: Number(status),
            matching: { ...(jti.trim() ? { jti: jti.trim() } : {}), ...(sub.trim() ? { sub: sub.trim() } : {}) },
          }
        : null

  const apply = async () => {
    if (!input || busy) return
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const result = await call((api) =>
        api.statusList.set(reason.trim() ? { ...input, reason: reason.trim() } : input),
      )
      setDone(
        `${result.changed.length.toLocaleString('en')} index${result.changed.length === 1 ? '' : 'es'} set to ${statusLabel(Number(status))}` +
          (result.unchanged ? `; ${result.unchanged.toLocaleString('en')} already were.` : '.'),
      )
      onChanged(result)
    } catch (caught) {
      setError(toCallError(caught))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Panel title="Change statuses" meta="one audited change, any number of indexes" data-testid="bulk-edit">
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void apply()
        }}
      >
        <Stack gap="xs" p="sm">
          <SegmentedControl
            size="xs"
            value={mode}
            onChange={(v) => setMode(v as Mode)}
            data={[
              { value: 'indexes', label: 'Indexes and ranges' },
              { value: 'matching', label: 'Matching jti / sub' },
            ]}
            aria-label="What to change"
            data-testid="bulk-mode"
          />
          {mode === 'indexes' ? (
            <TextInput
              size="xs"
              label="Indexes"
              description="e.g. 17, 4096, 100-200 — or pick cells in the picture (Enter or click)"
              value={target}
              onChange={(e) => onTarget(e.currentTarget.value)}
              error={parsed && !parsed.ok ? parsed.message : undefined}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              data-testid="bulk-indexes"
            />
          ) : (
            <Group grow gap="xs" align="start">
              <TextInput
                size="xs"
                label="jti"
                value={jti}
                onChange={(e) => setJti(e.currentTarget.value)}
                data-testid="bulk-jti"
              />
              <TextInput
                size="xs"
                label="sub"
                value={sub}
                onChange={(e) => setSub(e.currentTarget.value)}
                data-testid="bulk-sub"
              />
            </Group>
          )}
          <Group grow gap="xs" align="start">
            <Select
              size="xs"
              label="New status"
              data={options}
              value={status}
              onChange={(v) => v && setStatus(v)}
              allowDeselect={false}
              data-testid="bulk-status"
            />
            <TextInput
              size="xs"
              label="Reason (local note)"
              value={reason}
              maxLength={500}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-testid="bulk-reason"
            />
          </Group>
          {error && <CallErrorAlert error={error} title="Nothing was changed" onClose={() => setError(null)} />}
          <Group justify="space-between" gap="xs">
            <Text fz="xs" c={done ? undefined : 'dimmed'} data-testid="bulk-result" role="status">
              {done ?? 'The change is recorded in the audit log; it reaches verifiers with the next export.'}
            </Text>
            <Button
              size="xs"
              type="submit"
              disabled={!input}
              loading={busy}
              leftSection={<IconCheck size={14} />}
              data-testid="bulk-apply"
            >
              Apply
            </Button>
          </Group>
        </Stack>
      </form>
    </Panel>
  )
}
