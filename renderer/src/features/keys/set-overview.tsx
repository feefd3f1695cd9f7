import { Alert, Badge, Button, Group, Menu, Select, Text, TextInput, Title } from '@mantine/core'
import {
  IconAlertTriangle,
  IconChevronDown,
  IconClockHour4,
  IconEdit,
  IconFileImport,
  IconKey,
  IconRefresh,
  IconSearch,
  IconTrash,
} from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import type { SetInfo } from '#shared/contract/keys'
import { buildTimeline } from '#shared/managed-keys/lifecycle-timeline'
import {
  keyStates,
  signingAlgorithms,
  type KeyAction,
  type KeyInfo,
  type KeyState,
  type SigningAlgorithm,
} from '#shared/managed-keys/types'
import { formatDuration } from '#shared/time/duration'
import { LifecycleTimelineView } from '../../components/lifecycle-timeline/lifecycle-timeline'
import { Panel } from '../../components/panel'
import { sortKeysForDisplay } from '#shared/managed-keys/key-order'
import { summarizeRotation } from './key-summary'
import { describeKeyCount, filterKeys, isFiltering, noKeyFilter, type KeyFilter } from './key-filter'
import { KeysTable, type KeyFileActions } from './keys-table'
import classes from './keys.module.css'
import type { KeyLastUsed } from './use-last-used'

export interface SetOverviewProps {
  set: SetInfo
  sets: SetInfo[]
  /** every key of every set (the timeline and guards need the set's own only, the kid check all) */
  keys: KeyInfo[]
  now: number
  showDestroyed: boolean
  selectedKid: string | null
  onSelectSet: (id: string) => void
  onOpenKey: (kid: string) => void
  onAction: (key: KeyInfo, action: KeyAction) => void
  onGenerate: () => void
  onImport: () => void
  onRotate: () => void
  onEdit: () => void
  onDelete: () => void
  lastUsed: KeyLastUsed
  files: KeyFileActions
}

/** One set: who it issues as, its policy, where its rotation stands, its keys and their timeline. */
export function SetOverview(props: SetOverviewProps) {
  const { set, sets, keys, now, showDestroyed, selectedKid } = props
  const own = useMemo(() => keys.filter((k) => k.setId === set.id), [keys, set.id])
  const shown = useMemo(
    () => sortKeysForDisplay(own.filter((k) => showDestroyed || k.state !== 'destroyed')),
    [own, showDestroyed],
  )
  const timeline = useMemo(
    () =>
      buildTimeline(
        set,
        own.filter((k) => showDestroyed || k.state !== 'destroyed'),
        new Date(now),
      ),
    [set, own, showDestroyed, now],
  )
  const rotation = summarizeRotation(set, now)
  const canRotate = set.rotation.status !== 'pending' && set.activeKid !== null
  const living = own.filter((k) => k.state !== 'destroyed').length
  const [filter, setFilter] = useState<KeyFilter>(noKeyFilter)
  const matching = useMemo(() => filterKeys(shown, filter), [shown, filter])
  const count = describeKeyCount({
    living,
    destroyed: own.length - living,
    showDestroyed,
    matching: matching.length,
    filtering: isFiltering(filter),
  })
  const algs = signingAlgorithms.filter((alg) => own.some((k) => k.alg === alg))

  return (
    <div className={classes.mainInner} data-testid="set-overview" data-set={set.name}>
      <div className={classes.setPicker}>
        <Select
          size="xs"
          label="Key set"
          data={sets.map((s) => ({ value: s.id, label: s.name }))}
          value={set.id}
          onChange={(value) => value && props.onSelectSet(value)}
          allowDeselect={false}
          data-testid="set-picker"
        />
      </div>
      <div className={classes.setTitleRow}>
        <div className={classes.setTitle}>
          <Group gap={8} wrap="nowrap">
            <Title order={2} fz={17} data-testid="set-title">
              {set.name}
            </Title>
            {rotation.tone !== 'none' && rotation.tone !== 'ok' && (
              <Badge
                variant="light"
                size="sm"
                tt="none"
                color={rotation.tone === 'bad' ? 'red' : rotation.tone === 'warn' ? 'orange' : 'blue'}
                data-testid="rotation-badge"
              >
                {rotation.badge}
              </Badge>
            )}
          </Group>
          <Text fz="xs" c="dimmed" mt={2}>
            Issuer <span className={classes.mono}>{set.issuer ?? '— none: tokens carry no iss'}</span>
            {set.description ? ` · ${set.description}` : ''}
          </Text>
        </div>
        <div className={classes.setActions}>
          <Button size="xs" leftSection={<IconKey size={14} />} onClick={props.onGenerate} data-testid="generate-key">
            Generate key
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconFileImport size={14} />}
            onClick={props.onImport}
            data-testid="import-key"
          >
            Import
          </Button>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRefresh size={14} />}
            onClick={props.onRotate}
            disabled={!canRotate}
            data-testid="rotate-set"
            title={
              canRotate
                ? undefined
                : set.activeKid === null
                  ? 'No active key to rotate'
                  : 'A rotation is already in progress'
            }
          >
            Rotate
          </Button>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="default" rightSection={<IconChevronDown size={14} />} data-testid="set-menu">
                Set
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconEdit size={14} />} onClick={props.onEdit} data-testid="edit-set">
                Edit policy…
              </Menu.Item>
              <Menu.Item
                leftSection={<IconTrash size={14} />}
                color="red"
                onClick={props.onDelete}
                data-testid="delete-set"
              >
                Delete set…
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </div>
      </div>

      <div className={classes.policy} data-testid="set-policy">
        <PolicyItem label="Default lifetime" value={formatDuration(set.defaultTokenLifetime)} />
        <PolicyItem label="Max lifetime" value={formatDuration(set.maxTokenLifetime)} />
        <PolicyItem label="JWKS cache" value={formatDuration(set.jwksCacheTime)} />
        <PolicyItem label="Clock skew" value={formatDuration(set.clockSkew)} />
        <PolicyItem
          label="Rotation"
          value={set.rotationPeriod === null ? 'manual' : `every ${formatDuration(set.rotationPeriod)}`}
        />
      </div>

      {rotation.tone !== 'ok' && rotation.tone !== 'none' && (
        <Alert
          color={rotation.tone === 'bad' ? 'red' : rotation.tone === 'warn' ? 'orange' : 'blue'}
          variant="light"
          icon={rotation.tone === 'info' ? <IconClockHour4 size={16} /> : <IconAlertTriangle size={16} />}
          py={8}
          data-testid="rotation-status"
          data-status={set.rotation.status}
        >
          <Group justify="space-between" wrap="nowrap" gap="md">
            <Text fz="sm">{rotation.message}</Text>
            {(set.rotation.status === 'due' || set.rotation.status === 'overdue') && (
              <Button
                size="compact-xs"
                color={rotation.tone === 'bad' ? 'red' : 'orange'}
                onClick={props.onRotate}
                style={{ flex: 'none' }}
              >
                Rotate now…
              </Button>
            )}
          </Group>
        </Alert>
      )}

      <Panel
        title="Keys"
        meta={
          <span data-testid="key-count">{`${count} · ${set.activeKid ? 'one signing key' : 'no signing key'}`}</span>
        }
        data-testid="keys-panel"
      >
        {own.length > 0 && (
          <div className={classes.filterBar} role="search" aria-label="Filter keys">
            <TextInput
              size="xs"
              placeholder="Search kid, thumbprint, algorithm…"
              aria-label="Search keys"
              leftSection={<IconSearch size={13} />}
              value={filter.text}
              onChange={(event) => setFilter({ ...filter, text: event.currentTarget.value })}
              style={{ flex: '1 1 200px' }}
              data-testid="key-search"
            />
            <Select
              size="xs"
              placeholder="Any state"
              aria-label="Filter by state"
              clearable
              data={keyStates.filter((state) => state !== 'destroyed' || showDestroyed)}
              value={filter.state}
              onChange={(value) => setFilter({ ...filter, state: (value as KeyState | null) ?? null })}
              w={130}
              data-testid="key-state-filter"
            />
            <Select
              size="xs"
              placeholder="Any algorithm"
              aria-label="Filter by algorithm"
              clearable
              data={algs}
              value={filter.alg}
              onChange={(value) => setFilter({ ...filter, alg: (value as SigningAlgorithm | null) ?? null })}
              w={130}
              data-testid="key-alg-filter"
            />
          </div>
        )}
        <KeysTable
          set={set}
          keys={matching}
          filtered={isFiltering(filter)}
          lastUsed={props.lastUsed}
          files={props.files}
          now={now}
          selectedKid={selectedKid}
          onOpen={props.onOpenKey}
          onAction={props.onAction}
          onGenerate={props.onGenerate}
          onImport={props.onImport}
        />
      </Panel>

      <Panel
        title="Lifecycle"
        meta={
          rotation.tone === 'ok' || rotation.tone === 'none'
            ? rotation.message
            : 'each key’s states over time, and when its next step becomes safe'
        }
        data-testid="lifecycle-panel"
      >
        <LifecycleTimelineView timeline={timeline} onSelectKey={props.onOpenKey} selectedKid={selectedKid} />
      </Panel>
    </div>
  )
}

function PolicyItem({ label, value }: { label: string; value: string }) {
  return (
    <div className={classes.policyItem}>
      <div className={classes.policyLabel}>{label}</div>
      <div className={classes.policyValue}>{value}</div>
    </div>
  )
}
