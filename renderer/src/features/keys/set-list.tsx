import { ActionIcon, Badge, Switch, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconPlus } from '@tabler/icons-react'
import type { SetInfo } from '#shared/contract/keys'
import type { KeyInfo } from '#shared/managed-keys/types'
import { KeyStateBadge } from '../../components/key-state-badge'
import { sortKeysForDisplay } from '#shared/managed-keys/key-order'
import { summarizeRotation } from './key-summary'
import classes from './keys.module.css'

/** The sidebar: every set with its keys beneath it, so the whole inventory reads at a glance. */
export function SetList({
  sets,
  keys,
  selectedSetId,
  selectedKid,
  showDestroyed,
  now,
  onSelectSet,
  onOpenKey,
  onCreateSet,
  onToggleDestroyed,
}: {
  sets: SetInfo[]
  keys: KeyInfo[]
  selectedSetId: string | null
  selectedKid: string | null
  showDestroyed: boolean
  now: number
  onSelectSet: (id: string) => void
  onOpenKey: (kid: string) => void
  onCreateSet: () => void
  onToggleDestroyed: (value: boolean) => void
}) {
  return (
    <nav className={classes.sidebar} aria-label="Key sets" data-testid="set-list">
      <div className={classes.sidebarHeader}>
        <span style={{ flex: 1 }}>Key sets · {sets.length}</span>
        <Tooltip label="New key set">
          <ActionIcon variant="subtle" color="gray" size="sm" onClick={onCreateSet} aria-label="New key set">
            <IconPlus size={15} />
          </ActionIcon>
        </Tooltip>
      </div>
      <div className={classes.sidebarList}>
        {sets.map((set) => {
          const own = sortKeysForDisplay(
            keys.filter((k) => k.setId === set.id && (showDestroyed || k.state !== 'destroyed')),
          )
          const rotation = summarizeRotation(set, now)
          const hiddenTombstones = showDestroyed ? 0 : set.keyCounts.destroyed
          return (
            <div key={set.id} data-testid={`set-item-${set.name}`}>
              <UnstyledButton
                className={classes.setItem}
                data-selected={set.id === selectedSetId || undefined}
                onClick={() => onSelectSet(set.id)}
                aria-current={set.id === selectedSetId ? 'true' : undefined}
              >
                <span className={classes.setItemTop}>
                  <span className={classes.dot} data-tone={rotation.tone} aria-hidden />
                  <span className={classes.setName}>{set.name}</span>
                  {(rotation.tone === 'bad' || rotation.tone === 'warn' || rotation.tone === 'info') && (
                    <Badge
                      size="xs"
                      variant="light"
                      color={rotation.tone === 'bad' ? 'red' : rotation.tone === 'warn' ? 'orange' : 'blue'}
                      tt="none"
                    >
                      {rotation.badge}
                    </Badge>
                  )}
                </span>
                <span className={classes.setIssuer}>{set.issuer ?? 'no issuer'}</span>
              </UnstyledButton>
              {own.length > 0 && (
                <div className={classes.keyItems}>
                  {own.map((key) => (
                    <UnstyledButton
                      key={key.id}
                      className={classes.keyItem}
                      onClick={() => onOpenKey(key.kid)}
                      data-selected={key.kid === selectedKid || undefined}
                      aria-label={`${key.kid}, ${key.state}`}
                      data-testid={`set-key-${key.kid}`}
                    >
                      <span className={classes.keyItemKid} title={key.kid}>
                        {key.kid}
                      </span>
                      <KeyStateBadge state={key.state} size="xs" />
                    </UnstyledButton>
                  ))}
                </div>
              )}
              {hiddenTombstones > 0 && (
                <Text fz={10.5} c="dimmed" ml={24} mb={6}>
                  + {hiddenTombstones} destroyed
                </Text>
              )}
            </div>
          )
        })}
      </div>
      <div style={{ marginTop: 'auto', padding: '8px 12px', borderTop: '1px solid var(--signet-border)' }}>
        <Switch
          size="xs"
          label="Show destroyed keys"
          checked={showDestroyed}
          onChange={(e) => onToggleDestroyed(e.currentTarget.checked)}
          data-testid="show-destroyed"
        />
      </div>
    </nav>
  )
}
