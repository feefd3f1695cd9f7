import { EmptyState, Text } from '@mantine/core'
import { IconPointFilled } from '@tabler/icons-react'
import { ScreenHeader } from '../components/screen-header'
import type { ScreenDefinition } from '../screens'
import classes from './shell.module.css'

/** A screen that is registered but not built yet: what it will hold, calmly, instead of a blank page. */
export function ScreenPlaceholder({ screen }: { screen: ScreenDefinition }) {
  const Icon = screen.icon
  return (
    <>
      <ScreenHeader title={screen.label} description={screen.summary} />
      <div className={classes.placeholder} data-testid={`placeholder-${screen.id}`}>
        <EmptyState
          className={classes.placeholderCard}
          size="sm"
          variant="light"
          icon={<Icon size={22} stroke={1.6} />}
          title={screen.placeholder?.headline ?? screen.summary}
        >
          {screen.placeholder && (
            <ul className={classes.placeholderList}>
              {screen.placeholder.items.map((item) => (
                <li key={item}>
                  <IconPointFilled size={10} aria-hidden />
                  <span>{item}</span>
                </li>
              ))}
            </ul>
          )}
          <Text fz="xs" c="dimmed" mt="md">
            This screen is not part of this build yet.
          </Text>
        </EmptyState>
      </div>
    </>
  )
}
