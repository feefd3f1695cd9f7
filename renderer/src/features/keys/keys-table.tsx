import { ActionIcon, Button, Group, Menu, Text, Tooltip } from '@mantine/core'
import { IconDots, IconFileImport, IconKey, IconListDetails } from '@tabler/icons-react'
import type { SetInfo } from '../../../../shared/contract/keys'
import type { KeyAction, KeyInfo } from '../../../../shared/managed-keys/types'
import { formatUtc, relativeTo } from '../../components/format-time'
import { KeyStateBadge } from '../../components/key-state-badge'
import { enteredAt } from '../../../../shared/managed-keys/model'
import { availableActions, keyActionText } from './key-actions'
import { describeAlgorithm, summarizeNextStep } from './key-summary'
import classes from './keys.module.css'

/**
 * The set's keys, one row each: what it is, its state and since when, its next step and when that
 * becomes safe, and the moves it allows. A row opens the key's details.
 */
export function KeysTable({
  set,
  keys,
  now,
  selectedKid,
  onOpen,
  onAction,
  onGenerate,
  onImport,
}: {
  set: SetInfo
  keys: KeyInfo[]
  now: number
  selectedKid: string | null
  onOpen: (kid: string) => void
  onAction: (key: KeyInfo, action: KeyAction) => void
  onGenerate: () => void
  onImport: () => void
}) {
  if (keys.length === 0) {
    return (
      <div className={classes.emptySet} data-testid="empty-set">
        <IconKey size={26} stroke={1.3} color="var(--mantine-color-dimmed)" />
        <Text fz="sm" fw={600}>
          No keys in {set.name} yet
        </Text>
        <Text fz="xs" c="dimmed" maw={460}>
          Generate a key here (its private half is created in this process and goes straight into the OS keychain) or import one you already
          have. The first key you activate becomes the set’s signing key.
        </Text>
        <Group gap={6} mt={4}>
          <Button size="xs" leftSection={<IconKey size={14} />} onClick={onGenerate}>
            Generate key
          </Button>
          <Button size="xs" variant="default" leftSection={<IconFileImport size={14} />} onClick={onImport}>
            Import key
          </Button>
        </Group>
      </div>
    )
  }
  return (
    <table className={classes.table} data-testid="keys-table">
      <thead>
        <tr>
          <th>Key</th>
          <th className={classes.hideNarrow}>Algorithm</th>
          <th>State</th>
          <th>Next step</th>
          <th aria-label="Actions" />
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const next = summarizeNextStep(key, set, now)
          const since = enteredAt(key, key.state) ?? new Date(key.history[0]!.at)
          const actions = availableActions(key)
          // One button only where the next move is plainly right: a set with no signing key and a key ready to be it.
          // Retiring an active key is what rotation does, and the destructive moves stay behind the menu.
          const primary = next?.action === 'activate' && next.ready && set.activeKid === null && actions.includes('activate') ? 'activate' : null
          return (
            <tr
              key={key.id}
              data-testid={`key-row-${key.kid}`}
              data-state={key.state}
              data-selected={key.kid === selectedKid || undefined}
              onClick={() => onOpen(key.kid)}
              tabIndex={0}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && event.target === event.currentTarget) onOpen(key.kid)
              }}
              aria-label={`${key.kid}, ${key.state}`}
            >
              <td>
                <div className={classes.kidCell}>{key.kid}</div>
                <div className={classes.subtle}>
                  {key.origin}
                  {key.rotatedFrom ? ` · replaces ${key.rotatedFrom}` : ''}
                  {key.secret === 'missing' ? ' · secret missing from keychain' : ''}
                </div>
              </td>
              <td className={classes.hideNarrow}>
                <span className={classes.mono}>{describeAlgorithm(key)}</span>
              </td>
              <td className={classes.stateCell}>
                <KeyStateBadge state={key.state} />
                <div className={classes.subtle} title={formatUtc(since)}>
                  since {relativeTo(since, now)}
                </div>
              </td>
              <td data-testid="next-step">
                {next ? (
                  <>
                    <div className={next.ready ? classes.nextReady : undefined}>{next.label}</div>
                    <div className={classes.subtle}>{next.detail}</div>
                  </>
                ) : (
                  <span className={classes.subtle}>end of lifecycle</span>
                )}
              </td>
              <td className={classes.actionsCell} onClick={(event) => event.stopPropagation()}>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  {primary && (
                    <Button size="compact-xs" variant="light" onClick={() => onAction(key, primary)} data-testid={`primary-${primary}`}>
                      {keyActionText[primary].label}
                    </Button>
                  )}
                  <Menu position="bottom-end" withinPortal>
                    <Menu.Target>
                      <Tooltip label="Actions">
                        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Actions for ${key.kid}`} data-testid={`key-menu-${key.kid}`}>
                          <IconDots size={15} />
                        </ActionIcon>
                      </Tooltip>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconListDetails size={14} />} onClick={() => onOpen(key.kid)}>
                        Details, public key and thumbprint
                      </Menu.Item>
                      {actions.length > 0 && <Menu.Divider />}
                      {actions.map((action) => (
                        <Menu.Item
                          key={action}
                          color={keyActionText[action].destructive ? 'red' : undefined}
                          onClick={() => onAction(key, action)}
                          data-testid={`action-${action}`}
                        >
                          {keyActionText[action].label}…
                        </Menu.Item>
                      ))}
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
