import { ActionIcon, Text, Tooltip, UnstyledButton } from '@mantine/core'
import { IconKeyboard } from '@tabler/icons-react'
import type { ScreenDefinition } from '../screens'
import { ColorSchemeMenu } from './color-scheme-menu'
import { SignetMark } from './signet-mark'
import classes from './shell.module.css'

export interface NavRailProps {
  screens: readonly ScreenDefinition[]
  activeId: string
  onSelect: (id: string) => void
  onShowShortcuts: () => void
  modLabel: string
}

/** The left rail: one button per registered screen, then appearance and the shortcuts dialog. */
export function NavRail({ screens, activeId, onSelect, onShowShortcuts, modLabel }: NavRailProps) {
  return (
    <nav className={classes.rail} aria-label="Screens">
      <div className={classes.brand} title="Signet">
        <SignetMark size={26} />
      </div>
      {screens.map((screen, index) => {
        const active = screen.id === activeId
        const Icon = screen.icon
        return (
          <Tooltip
            key={screen.id}
            position="right"
            offset={10}
            label={
              <>
                <Text fz="xs" fw={600} span>
                  {screen.label}
                </Text>
                <Text fz="xs" span c="dimmed">
                  {'  '}
                  {modLabel}+{index + 1}
                </Text>
                <Text fz="xs">{screen.summary}</Text>
              </>
            }
          >
            <UnstyledButton
              className={classes.railItem}
              data-active={active || undefined}
              aria-current={active ? 'page' : undefined}
              onClick={() => onSelect(screen.id)}
              data-testid={`nav-${screen.id}`}
            >
              <Icon size={20} stroke={1.6} aria-hidden />
              <span>{screen.label}</span>
            </UnstyledButton>
          </Tooltip>
        )
      })}
      <div className={classes.railFooter}>
        <ColorSchemeMenu />
        <Tooltip label="Keyboard shortcuts  (?)" position="right">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            onClick={onShowShortcuts}
            aria-label="Keyboard shortcuts"
            data-testid="open-shortcuts"
          >
            <IconKeyboard size={18} stroke={1.6} />
          </ActionIcon>
        </Tooltip>
      </div>
    </nav>
  )
}
