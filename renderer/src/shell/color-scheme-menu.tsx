import { ActionIcon, Menu, Tooltip, useMantineColorScheme, type MantineColorScheme } from '@mantine/core'
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react'
import { colorSchemeChoices } from '../theme'

const icons = { auto: IconDeviceDesktop, light: IconSun, dark: IconMoon } as const

/** System / light / dark; Mantine persists the choice (localStorage) and follows the OS on "system". */
export function ColorSchemeMenu() {
  const { colorScheme, setColorScheme } = useMantineColorScheme()
  const Current = icons[colorScheme]
  const currentLabel = colorSchemeChoices.find((choice) => choice.value === colorScheme)?.label ?? 'System'
  return (
    <Menu position="right-end" offset={10} width={160} withinPortal>
      <Menu.Target>
        <Tooltip label={`Appearance: ${currentLabel}`} position="right">
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={`Appearance: ${currentLabel}`}
            data-testid="color-scheme-menu"
          >
            <Current size={18} stroke={1.6} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Appearance</Menu.Label>
        <Menu.RadioGroup value={colorScheme} onChange={(value) => setColorScheme(value as MantineColorScheme)}>
          {colorSchemeChoices.map((choice) => {
            const Icon = icons[choice.value]
            return (
              <Menu.RadioItem key={choice.value} value={choice.value} rightSection={<Icon size={15} stroke={1.6} />}>
                {choice.label}
              </Menu.RadioItem>
            )
          })}
        </Menu.RadioGroup>
      </Menu.Dropdown>
    </Menu>
  )
}
