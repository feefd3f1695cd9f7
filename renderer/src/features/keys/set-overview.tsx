import { Alert, Badge, Button, Group, Menu, Select, Text, Title } from '@mantine/core'
import { IconAlertTriangle, IconChevronDown, IconClockHour4, IconEdit, IconFileImport, IconKey, IconRefresh, IconTrash } from '@tabler/icons-react'
import { useMemo } from 'react'
import type { SetInfo } from '../../../../shared/contract/keys'
import { buildTimeline } from '../../../../shared/managed-keys/lifecycle-timeline'
import type { KeyAction, KeyInfo } from '../../../../shared/managed-keys/types'
import { formatDuration } from '../../../../shared/time/duration'
import { LifecycleTimelineView } from '../../components/lifecycle-timeline/lifecycle-timeline'
import { Panel } from '../../components/panel'
import { sortKeysForDisplay } from '../../../../shared/managed-keys/key-order'
import { summarizeRotation } from './key-summary'
import { KeysTable } from './keys-table'
import classes from './keys.module.css'

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
}

/** One set: who it issues as, its policy, where its rotation stands, its keys and their timeline. */
export function SetOverview(props: SetOverviewProps) {
  const { set, sets, keys, now, showDestroyed, selectedKid } = props
  const own = useMemo(() => keys.filter((k) => k.setId === set.id), [keys, set.id])
  const shown = useMemo(() => sortKeysForDisplay(own.filter((k) => showDestroyed || k.state !== 'destroyed')), [own, showDestroyed])
  const timeline = useMemo(() => buildTimeline(set, own.filter((k) => showDestroyed || k.state !== 'destroyed'), new Date(now)), [set, own, showDestroyed, now])
  const rotation = summarizeRotation(set, now)
  const canRotate = set.rotation.status !== 'pending' && set.activeKid !== null
  const living = own.filter((k) => k.state !== 'destroyed').length

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
            <Badge variant="light" color="gray" size="sm" tt="none">
              {living} {living === 1 ? 'key' : 'keys'}
            </Badge>
            {rotation.tone !== 'none' && rotation.tone !== 'ok' && (
              <Badge variant="light" size="sm" tt="none" color={rotation.tone === 'bad' ? 'red' : rotation.tone === 'warn' ? 'orange' : 'blue'} data-testid="rotation-badge">
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
          <Button size="xs" variant="default" leftSection={<IconFileImport size={14} />} onClick={props.onImport} data-testid="import-key">
            Import
          </Button>
          <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={props.onRotate} disabled={!canRotate} data-testid="rotate-set" title={canRotate ? undefined : set.activeKid === null ? 'No active key to rotate' : 'A rotation is already in progress'}>
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
              <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={props.onDelete} data-testid="delete-set">
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
        <PolicyItem label="Rotation" value={set.rotationPeriod === null ? 'manual' : `every ${formatDuration(set.rotationPeriod)}`} />
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
              <Button size="compact-xs" color={rotation.tone === 'bad' ? 'red' : 'orange'} onClick={props.onRotate} style={{ flex: 'none' }}>
                Rotate now…
              </Button>
            )}
          </Group>
        </Alert>
      )}

      <Panel title="Keys" meta={`${shown.length} shown · ${set.activeKid ? `signing with ${set.activeKid}` : 'no signing key'}`} data-testid="keys-panel">
        <KeysTable
          set={set}
          keys={shown}
          now={now}
          selectedKid={selectedKid}
          onOpen={props.onOpenKey}
          onAction={props.onAction}
          onGenerate={props.onGenerate}
          onImport={props.onImport}
        />
      </Panel>

      <Panel title="Lifecycle" meta={rotation.tone === 'ok' || rotation.tone === 'none' ? rotation.message : 'each key’s states over time, and when its next step becomes safe'} data-testid="lifecycle-panel">
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
