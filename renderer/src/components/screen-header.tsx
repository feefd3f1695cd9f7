import { Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import classes from './components.module.css'

/** The bar at the top of every screen: what it is, and its main actions on the right. */
export function ScreenHeader({
  title,
  description,
  actions,
}: {
  title: string
  description?: ReactNode
  actions?: ReactNode
}) {
  return (
    <header className={classes.screenHeader}>
      <div className={classes.screenHeaderText}>
        <Title order={1} fz={15} lh={1.3}>
          {title}
        </Title>
        {/* The description wraps in a narrow window rather than being cut off mid-sentence. */}
        {description && (
          <Text fz="xs" c="dimmed" className={classes.screenHeaderDescription} data-testid="screen-header-description">
            {description}
          </Text>
        )}
      </div>
      {actions && <div className={classes.screenHeaderActions}>{actions}</div>}
    </header>
  )
}
