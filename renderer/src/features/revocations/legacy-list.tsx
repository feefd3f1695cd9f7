import {
  ActionIcon,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core'
import { IconPlus, IconSearch, IconTrash } from '@tabler/icons-react'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { SerializedError } from '#shared/errors'
import type { RevocationListView, RevocationTarget } from '#shared/revocation-list/managed'
import { parseEvaluationTime } from '#shared/validation-policy/evaluation-time'
import { call } from '../../api'
import { CallErrorAlert, toCallError } from '../../components/call-error-alert'
import { formatUtc } from '../../components/format-time'
import { Panel } from '../../components/panel'
import { LegacyExport } from './legacy-export'
import { LegacyListHistory } from './list-history'
import classes from './revocations.module.css'

/** Rows drawn at once; the search narrows a longer list. */
const shownRows = 500

/** "" → undefined; otherwise NumericDate seconds, or the parser's message (UNIX seconds or ISO 8601 with a zone). */
function parseTime(text: string): { ok: true; value: number | undefined } | { ok: false; message: string } {
  if (!text.trim()) return { ok: true, value: undefined }
  try {
    return { ok: true, value: Math.floor(parseEvaluationTime(text)) }
  } catch (caught) {
    return { ok: false, message: caught instanceof Error ? caught.message : String(caught) }
  }
}

/**
 * The legacy half of Revocations: a key set's Signet revocation list (for tokens issued without a
 * `status` claim) as an editable table — search, add by jti or sub with a reason and an until,
 * remove, the not-before cutoff — then the pending diff and "Sign and export" (legacy-export.tsx).
 * Every change is one revocations:* call: main takes the key lock, prunes, commits and audits.
 */
export function LegacyRevocationList({ set, active }: { set: string; active: boolean }) {
  const [view, setView] = useState<RevocationListView | null>(null)
  const [readError, setReadError] = useState<SerializedError | null>(null)
  const [reload, setReload] = useState(0)
  const [query, setQuery] = useState('')
  const [by, setBy] = useState<RevocationTarget>('jti')
  const [id, setId] = useState('')
  const [until, setUntil] = useState('')
  const [reason, setReason] = useState('')
  const [cutoff, setCutoff] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)

  useEffect(() => {
    if (!active) return
    let cancelled = false
    call((api) => api.revocations.list({ set })).then(
      (value) => {
        if (cancelled) return
        setView(value)
        setReadError(null)
      },
      (caught: unknown) => !cancelled && setReadError(toCallError(caught)),
    )
    return () => {
      cancelled = true
    }
  }, [active, set, reload])

  const refresh = useCallback(() => setReload((n) => n + 1), [])
  const shown = view && view.set === set ? view : null
  const rows = useMemo(() => {
    const needle = query.trim().toLowerCase()
    const entries = shown?.entries ?? []
    if (!needle) return entries
    return entries.filter((e) =>
      [e.id, e.reason ?? '', e.until === null ? 'never' : formatUtc(e.until * 1000), formatUtc(e.addedAt)].some(
        (text) => text.toLowerCase().includes(needle),
      ),
    )
  }, [shown, query])

  const untilTime = parseTime(until)
  const cutoffTime = parseTime(cutoff)
  const run = async (change: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await change()
      refresh()
      return true
    } catch (caught) {
      setError(toCallError(caught))
      return false
    } finally {
      setBusy(false)
    }
  }
  const add = async () => {
    if (!id.trim() || !untilTime.ok || busy) return
    const ok = await run(() =>
      call((api) =>
        api.revocations.add({
          set,
          [by]: id.trim(),
          ...(untilTime.value !== undefined ? { until: untilTime.value } : {}),
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        }),
      ),
    )
    if (ok) {
      setId('')
      setUntil('')
      setReason('')
    }
  }
  const remove = (target: RevocationTarget, value: string) =>
    void run(() => call((api) => api.revocations.remove({ set, [target]: value })))
  const saveCutoff = (before: number | null) =>
    void run(() => call((api) => api.revocations.cutoff({ set, before })).then(() => setCutoff('')))

  return (
    <>
      <Panel
        title="Revocation list (by jti or sub)"
        meta={
          shown
            ? `${shown.entries.length.toLocaleString('en')} entr${shown.entries.length === 1 ? 'y' : 'ies'}${shown.expired ? ` · ${shown.expired} expired` : ''}`
            : undefined
        }
        data-testid="legacy-list"
      >
        <Stack gap="xs" p="sm">
          <Text fz="xs" c="dimmed">
            For tokens issued without a status claim: a signed list of revoked jtis and subjects, and an optional
            cutoff. Verifiers check it with <span className={classes.mono}>signet verify --revocations</span>. Reasons
            are published with the list.
          </Text>
          {readError && <CallErrorAlert error={readError} title={`The revocation list of ${set} could not be read`} />}
          {error && <CallErrorAlert error={error} title="The change was not made" onClose={() => setError(null)} />}
          <form
            onSubmit={(event) => {
              event.preventDefault()
              void add()
            }}
            aria-label="Revoke a token or subject"
          >
            <Group gap="xs" align="flex-end" wrap="wrap">
              <SegmentedControl
                size="xs"
                value={by}
                onChange={(v) => setBy(v as RevocationTarget)}
                data={[
                  { value: 'jti', label: 'jti' },
                  { value: 'sub', label: 'sub' },
                ]}
                aria-label="Revoke by"
                data-testid="legacy-by"
              />
              <TextInput
                size="xs"
                w={200}
                label={by === 'jti' ? 'Token jti' : 'Subject (sub)'}
                value={id}
                onChange={(e) => setId(e.currentTarget.value)}
                maxLength={256}
                data-testid="legacy-id"
              />
              <TextInput
                size="xs"
                w={200}
                label="Until (the token's exp)"
                placeholder={by === 'jti' ? 'default: now + max lifetime' : 'default: never'}
                value={until}
                onChange={(e) => setUntil(e.currentTarget.value)}
                error={untilTime.ok ? undefined : untilTime.message}
                data-testid="legacy-until"
              />
              <TextInput
                size="xs"
                w={200}
                label="Reason (published)"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                maxLength={500}
                data-testid="legacy-reason"
              />
              <Button
                size="xs"
                type="submit"
                leftSection={<IconPlus size={14} />}
                disabled={!id.trim() || !untilTime.ok}
                loading={busy}
                data-testid="legacy-add"
              >
                Revoke
              </Button>
            </Group>
          </form>
          <Group gap="xs" align="flex-end" wrap="wrap" data-testid="legacy-cutoff">
            <TextInput
              size="xs"
              w={300}
              label="Cutoff: revoke every token issued before"
              description={
                shown?.notBefore != null
                  ? `Now: tokens issued before ${formatUtc(shown.notBefore * 1000)} are revoked`
                  : 'Now: no cutoff'
              }
              placeholder="e.g. 2026-11-30T08:00:00Z"
              value={cutoff}
              onChange={(e) => setCutoff(e.currentTarget.value)}
              error={cutoffTime.ok ? undefined : cutoffTime.message}
              data-testid="legacy-cutoff-input"
            />
            <Button
              size="xs"
              variant="default"
              disabled={!cutoffTime.ok || cutoffTime.value === undefined || busy}
              onClick={() => cutoffTime.ok && cutoffTime.value !== undefined && saveCutoff(cutoffTime.value)}
              data-testid="legacy-cutoff-set"
            >
              Set cutoff
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="gray"
              disabled={shown?.notBefore == null || busy}
              onClick={() => saveCutoff(null)}
              data-testid="legacy-cutoff-clear"
            >
              Clear cutoff
            </Button>
          </Group>
          <TextInput
            size="xs"
            leftSection={<IconSearch size={14} />}
            placeholder="Search jti, sub, reason, until, added"
            aria-label="Search the revocation list"
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            data-testid="legacy-search"
          />
        </Stack>
        {shown && shown.entries.length === 0 ? (
          <Text fz="sm" c="dimmed" px="sm" pb="sm" data-testid="legacy-empty">
            Nothing revoked in {set} yet.
          </Text>
        ) : (
          <div className={classes.scrollTable}>
            <table className={classes.table} data-testid="legacy-table">
              <thead>
                <tr>
                  <th scope="col">By</th>
                  <th scope="col">jti / sub</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Until</th>
                  <th scope="col">Added</th>
                  <th scope="col">
                    <VisuallyHidden>Remove</VisuallyHidden>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.slice(0, shownRows).map((entry) => (
                  <tr key={`${entry.by}:${entry.id}`} data-testid={`legacy-row-${entry.by}-${entry.id}`}>
                    <td>
                      <Badge size="xs" variant="light" color={entry.by === 'jti' ? 'blue' : 'grape'}>
                        {entry.by}
                      </Badge>
                    </td>
                    <td className={classes.mono} style={{ wordBreak: 'break-all' }}>
                      {entry.id}
                    </td>
                    <td style={{ wordBreak: 'break-word' }}>{entry.reason ?? ''}</td>
                    <td className={classes.mono}>
                      {entry.until === null ? 'never' : formatUtc(entry.until * 1000)}
                      {entry.expired && (
                        <Badge size="xs" variant="light" color="gray" ml={4}>
                          expired
                        </Badge>
                      )}
                    </td>
                    <td className={classes.mono}>{formatUtc(entry.addedAt)}</td>
                    <td>
                      <Tooltip label="Remove from the list">
                        <ActionIcon
                          size="sm"
                          variant="subtle"
                          color="red"
                          onClick={() => remove(entry.by, entry.id)}
                          disabled={busy}
                          aria-label={`Remove ${entry.by} ${entry.id}`}
                          data-testid={`legacy-remove-${entry.by}-${entry.id}`}
                        >
                          <IconTrash size={14} />
                        </ActionIcon>
                      </Tooltip>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.length > shownRows && (
              <Text fz="xs" c="dimmed" px="sm" py={6}>
                and {(rows.length - shownRows).toLocaleString('en')} more: search to narrow.
              </Text>
            )}
          </div>
        )}
      </Panel>
      <LegacyExport set={set} view={shown} onExported={refresh} />
      <LegacyListHistory set={set} revision={`${shown?.revision ?? ''}:${shown?.lastExportAt ?? ''}:${reload}`} />
    </>
  )
}
