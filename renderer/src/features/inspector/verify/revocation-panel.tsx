import { Badge, Button, Group, Loader, SegmentedControl, Select, Text } from '@mantine/core'
import { IconListCheck, IconListDetails, IconRefresh } from '@tabler/icons-react'
import { memo } from 'react'
import type { SerializedError } from '#shared/errors'
import { statusLabel } from '#shared/status-list/status-types'
import type { RevocationListEvidence } from '#shared/token/verify/revocation-check'
import type { StatusListEvidence } from '#shared/token/verify/status-check'
import { tokenTextFromFile } from '../read-token-file'
import type { PromiseState } from './use-promise'
import type { RevocationPanelState, RevocationReadings } from './use-revocation'
import { ErrorLine as FieldErrorLine, FileTextField } from './file-text-field'
import classes from './verify.module.css'
import { formatUtc } from '../../../components/format-time'

/** How both list fields read a file: the token text, trimmed (shared/token file reading). */
const listFile = {
  readFile: (name: string, bytes: Uint8Array) => tokenTextFromFile(name, bytes).trim(),
  accept: '.jwt,.txt,.json,text/plain,application/jwt,application/statuslist+jwt',
  openLabel: 'Open list file…',
  rows: { min: 2, max: 6 },
  errorTestId: 'revocation-error',
}

function ErrorLine({ error }: { error: SerializedError }) {
  return <FieldErrorLine error={error} testId="revocation-error" />
}

/**
 * The Revocation input, beside Key and Policy: the Status List Token the token refers to (pasted,
 * opened, or one of Signet's managed lists as last signed and exported) and/or a Signet revocation
 * list. What each list is, once read, is summarised under it; the checks themselves appear in the
 * trace, grouped as "Status list" and "Revocation list".
 */

export interface RevocationPanelProps {
  state: RevocationPanelState
  onChange: (next: RevocationPanelState) => void
  readings: RevocationReadings
}

/** Memoised: nothing here depends on the timeline cursor. */
export const RevocationPanel = memo(function RevocationPanel({ state, onChange, readings }: RevocationPanelProps) {
  const update = (patch: Partial<RevocationPanelState>) => onChange({ ...state, ...patch })
  return (
    <div className={classes.keyPanel} data-testid="revocation-panel">
      <section className={classes.keySection} aria-labelledby="status-list-heading" data-testid="status-list-section">
        <div className={classes.sectionHead}>
          <IconListDetails size={14} stroke={1.8} aria-hidden />
          <Text id="status-list-heading" fz="sm" fw={600}>
            Status list
          </Text>
        </div>
        <SegmentedControl
          size="xs"
          fullWidth
          value={state.statusFrom}
          onChange={(value) => update({ statusFrom: value as RevocationPanelState['statusFrom'] })}
          data={[
            { value: 'text', label: 'Status List Token' },
            { value: 'managed', label: 'Managed list' },
          ]}
          aria-label="Where the status list comes from"
          data-testid="status-list-from"
        />
        {state.statusFrom === 'text' ? (
          <FileTextField
            label="Status List Token (typ statuslist+jwt)"
            placeholder="Paste or open the Status List Token the token's status.status_list.uri points to"
            text={state.statusText}
            fileName={state.statusFile}
            onChange={(statusText, statusFile) => update({ statusText, statusFile })}
            {...listFile}
            testId="status-list-token"
          />
        ) : (
          <ManagedListPicker state={state} update={update} readings={readings} />
        )}
        <StatusListReading reading={readings.statusList} />
      </section>
      <section
        className={classes.keySection}
        aria-labelledby="revocation-list-heading"
        data-testid="revocation-list-section"
      >
        <div className={classes.sectionHead}>
          <IconListCheck size={14} stroke={1.8} aria-hidden />
          <Text id="revocation-list-heading" fz="sm" fw={600}>
            Revocation list
          </Text>
        </div>
        <FileTextField
          label="Signet revocation list token"
          placeholder="Paste or open a revocation list exported by signet revocations export (for tokens without a status claim)"
          text={state.revocationText}
          fileName={state.revocationFile}
          onChange={(revocationText, revocationFile) => update({ revocationText, revocationFile })}
          {...listFile}
          testId="revocation-list-token"
        />
        <RevocationListReading reading={readings.revocationList} />
      </section>
      <Text fz="xs" c="dimmed" className={classes.readingHint}>
        Each list is verified with the same key as the token: a list signed by anyone else says nothing about it.
      </Text>
    </div>
  )
})

function ManagedListPicker({
  state,
  update,
  readings,
}: {
  state: RevocationPanelState
  update: (patch: Partial<RevocationPanelState>) => void
  readings: RevocationReadings
}) {
  const { lists, chosen, reload } = readings.managed
  if (lists.status === 'loading' || lists.status === 'off') return <Pending label="Listing the managed status lists…" />
  if (lists.status === 'error') return <ErrorLine error={lists.error} />
  if (lists.value.length === 0) {
    return (
      <Text fz="xs" c="dimmed" data-testid="managed-lists-empty">
        No managed status lists yet. Create one on the Revocations screen, or paste a Status List Token.
      </Text>
    )
  }
  return (
    <>
      <Group gap={6} wrap="nowrap" align="flex-end">
        <Select
          size="xs"
          style={{ flex: 1 }}
          label="Managed list (its last signed export)"
          placeholder="Choose a list"
          data={lists.value.map((list) => ({ value: list.name, label: `${list.name} · ${list.set}` }))}
          value={state.managedList}
          onChange={(managedList) => update({ managedList })}
          comboboxProps={{ withinPortal: true }}
          data-testid="managed-status-list"
        />
        <Button
          size="xs"
          variant="default"
          onClick={reload}
          leftSection={<IconRefresh size={12} />}
          aria-label="Read the managed lists again"
          data-testid="managed-status-list-reload"
        >
          Reload
        </Button>
      </Group>
      {chosen.status === 'loading' && <Pending label="Reading the last export…" />}
      {chosen.status === 'error' && <ErrorLine error={chosen.error} />}
      {chosen.status === 'ready' && (
        <Text fz="xs" c={chosen.value.token ? 'dimmed' : 'var(--signet-error)'} data-testid="managed-status-list-note">
          {chosen.value.token
            ? `Signed export of ${chosen.value.exportedAt ?? 'unknown time'} for ${chosen.value.uri}.${chosen.value.pending > 0 ? ` ${chosen.value.pending} status change${chosen.value.pending === 1 ? '' : 's'} since then ${chosen.value.pending === 1 ? 'is' : 'are'} not in it: export the list to publish ${chosen.value.pending === 1 ? 'it' : 'them'}.` : ''}`
            : `"${chosen.value.name}" has no signed export Signet kept: export it on the Revocations screen (or signet status-list export ${chosen.value.name}), then Reload.`}
        </Text>
      )}
    </>
  )
}

function StatusListReading({ reading }: { reading: PromiseState<StatusListEvidence> | null }) {
  if (!reading) return null
  if (reading.status !== 'done') return <Pending label="Reading the status list…" />
  const evidence = reading.value
  if (!evidence.list)
    return (
      <ErrorLine
        error={{
          code: 'ERR_STATUS_LIST_ENCODING',
          message: `The status list cannot be used: ${evidence.listProblem ?? evidence.problem ?? 'it is malformed.'}`,
        }}
      />
    )
  const { list } = evidence
  const counts = [...list.packed.counts()].sort(([a], [b]) => a - b)
  return (
    <div className={classes.reading} data-testid="status-list-reading">
      <Group gap={6} wrap="nowrap">
        <Text fz="xs" fw={600} style={{ flex: 1 }} truncate="end">
          {typeof evidence.claims?.sub === 'string' ? evidence.claims.sub : 'no sub'}
        </Text>
        <Badge size="sm" variant="light" tt="none" color={evidence.signature?.verifiedBy ? 'teal' : 'red'}>
          {evidence.signature?.verifiedBy ? 'Signature verified' : 'Not verified'}
        </Badge>
      </Group>
      <Text fz="xs" c="dimmed">
        {list.size.toLocaleString('en-US')} entries of {list.bits} bit{list.bits === 1 ? '' : 's'} ·{' '}
        {counts.map(([value, count]) => `${count.toLocaleString('en-US')} ${statusLabel(value)}`).join(' · ')}
      </Text>
    </div>
  )
}

function RevocationListReading({ reading }: { reading: PromiseState<RevocationListEvidence> | null }) {
  if (!reading) return null
  if (reading.status !== 'done') return <Pending label="Reading the revocation list…" />
  const evidence = reading.value
  if (!evidence.revocations)
    return (
      <ErrorLine
        error={{
          code: 'ERR_REVOCATION_LIST_INVALID',
          message: `The revocation list cannot be used: ${evidence.formatProblem ?? 'it is malformed.'}`,
        }}
      />
    )
  const { entries, not_before: cutoff } = evidence.revocations
  return (
    <div className={classes.reading} data-testid="revocation-list-reading">
      <Group gap={6} wrap="nowrap">
        <Text fz="xs" fw={600} style={{ flex: 1 }}>
          {entries.length} entr{entries.length === 1 ? 'y' : 'ies'}
          {cutoff !== undefined ? ` · cutoff ${formatUtc(cutoff * 1000)}` : ''}
        </Text>
        <Badge size="sm" variant="light" tt="none" color={evidence.signature?.verifiedBy ? 'teal' : 'red'}>
          {evidence.signature?.verifiedBy ? 'Signature verified' : 'Not verified'}
        </Badge>
      </Group>
    </div>
  )
}

function Pending({ label }: { label: string }) {
  return (
    <Group gap={6}>
      <Loader size={12} />
      <Text fz="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  )
}
