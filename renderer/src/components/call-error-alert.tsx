import { Alert, Code, Text } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { errorCategory, type ErrorCategory } from '#shared/error-category'
import type { SerializedError } from '#shared/errors'
import { SignetCallError } from '../api'

/** Whatever a call threw, as the code and message the user can act on. */
export function toCallError(error: unknown): SerializedError {
  if (error instanceof SignetCallError) return error.toJSON()
  return {
    code: 'ERR_INTERNAL',
    message:
      error instanceof Error ? error.message : 'Something failed unexpectedly. Try again; if it persists, report it.',
  }
}

/** The default title and colour per category (shared/error-category.ts): a refusal is a guard doing its job, not a fault. */
const tones: Record<ErrorCategory, { title: string; color: string }> = {
  refused: { title: 'Refused', color: 'yellow' },
  input: { title: 'Not accepted', color: 'red' },
  environment: { title: 'Cannot do this here', color: 'red' },
  internal: { title: 'Failed', color: 'red' },
}

/** A refused or failed operation: what the main process said, with its stable code for searching. */
export function CallErrorAlert({
  error,
  title,
  onClose,
}: {
  error: SerializedError
  title?: string
  onClose?: () => void
}) {
  const tone = tones[errorCategory(error.code)]
  return (
    <Alert
      color={tone.color}
      variant="light"
      icon={<IconAlertTriangle size={16} />}
      title={title ?? tone.title}
      withCloseButton={onClose !== undefined}
      onClose={onClose}
      data-testid="call-error"
      data-code={error.code}
      data-category={errorCategory(error.code)}
    >
      <Text fz="sm">{error.message}</Text>
      <Code fz={11} mt={6} display="inline-block">
        {error.code}
      </Code>
    </Alert>
  )
}
