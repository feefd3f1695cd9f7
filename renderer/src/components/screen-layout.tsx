import { Loader, Stack, Text } from '@mantine/core'
import type { CSSProperties, HTMLAttributes, ReactNode } from 'react'
import type { SerializedError } from '#shared/errors'
import { CallErrorAlert } from './call-error-alert'
import classes from './screen-layout.module.css'

/**
 * The frame of a screen: `header` (a ScreenHeader) on top, `children` filling the rest. `container`
 * names the CSS container the screen's own `@container <name> (…)` rules query, so each screen lays
 * itself out by its own width, not the window's.
 */
export function ScreenLayout({
  container,
  header,
  children,
  ...rest
}: { container: string; header: ReactNode; children: ReactNode } & Omit<HTMLAttributes<HTMLDivElement>, 'children'>) {
  return (
    <div
      {...rest}
      className={[classes.screen, rest.className].filter(Boolean).join(' ')}
      style={{ containerName: container, ...rest.style } as CSSProperties}
    >
      {header}
      {children}
    </div>
  )
}

/** Something alone in the middle of a screen: a spinner, an error, an empty state. */
export function ScreenCenter({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className={classes.center} data-testid={testId}>
      {children}
    </div>
  )
}

/** A screen's empty state: an icon, what is missing, and what to do about it (text or actions). */
export function ScreenEmpty({
  icon,
  title,
  children,
  testId,
}: {
  icon: ReactNode
  title: string
  children?: ReactNode
  testId?: string
}) {
  return (
    <ScreenCenter testId={testId}>
      <Stack align="center" gap={6} maw={480}>
        {icon}
        <Text fw={600}>{title}</Text>
        {children}
      </Stack>
    </ScreenCenter>
  )
}

/**
 * What a screen shows while its data is read: a spinner the first time; the error alone when
 * nothing could be read; otherwise the content — with the error above it when a refresh failed and
 * the last data read is shown instead (`staleErrorTitle` says so).
 */
export function LoadedContent<T>({
  loading,
  data,
  error,
  errorTitle,
  staleErrorTitle = 'Showing the last data read: reading again failed',
  children,
}: {
  loading: boolean
  data: T | null | undefined
  error: SerializedError | null | undefined
  errorTitle: string
  staleErrorTitle?: string
  children: (data: T, staleError: ReactNode) => ReactNode
}) {
  if (loading)
    return (
      <ScreenCenter>
        <Loader size="sm" aria-label="Loading" />
      </ScreenCenter>
    )
  if (data === null || data === undefined)
    return <ScreenCenter>{error && <CallErrorAlert error={error} title={errorTitle} />}</ScreenCenter>
  const staleError = error ? (
    <div className={classes.stale}>
      <CallErrorAlert error={error} title={staleErrorTitle} />
    </div>
  ) : null
  return <>{children(data, staleError)}</>
}
