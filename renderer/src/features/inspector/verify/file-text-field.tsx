import { Button, FileButton, Group, Text, Textarea } from '@mantine/core'
import { IconAlertCircle, IconFileImport } from '@tabler/icons-react'
import { memo, useState, type DragEvent } from 'react'
import { SignetError, type SerializedError } from '#shared/errors'
import classes from './verify.module.css'

/**
 * A text area for material the Inspect panels check against (a key, a status list, a revocation
 * list): typed or pasted, opened with a file button, or dropped onto it. A file is read in the page
 * (the browser's File, never a path main would open) and turned into text by `readFile`, whose
 * SignetError is shown under the field; any other failure reads as ERR_FILE_UNREADABLE.
 * `onChange(text, fileName)`: fileName is the opened file's name, null for typed text.
 * Memoised (give it stable callbacks): its autosized textarea measures itself on every render, a
 * forced layout of the whole page, so it must not re-render when only the token being inspected changes.
 */
export const FileTextField = memo(function FileTextField({
  label,
  placeholder,
  text,
  fileName,
  onChange,
  onClear = () => onChange('', null),
  readFile,
  accept,
  openLabel,
  rows,
  errorTestId,
  testId,
}: {
  label: string
  placeholder: string
  text: string
  fileName: string | null
  onChange: (text: string, fileName: string | null) => void
  onClear?: () => void
  readFile: (name: string, bytes: Uint8Array) => string
  /** the file button's `accept` list */
  accept: string
  openLabel: string
  rows: { min: number; max: number }
  errorTestId: string
  testId: string
}) {
  const [fileError, setFileError] = useState<SerializedError | null>(null)
  const open = async (file: File | null) => {
    if (!file) return
    try {
      onChange(readFile(file.name, new Uint8Array(await file.arrayBuffer())), file.name)
      setFileError(null)
    } catch (error) {
      setFileError(
        error instanceof SignetError
          ? error.toJSON()
          : { code: 'ERR_FILE_UNREADABLE', message: `${file.name} could not be read.` },
      )
    }
  }
  const onDrop = (event: DragEvent<HTMLTextAreaElement>) => {
    const file = event.dataTransfer.files[0]
    if (!file) return
    event.preventDefault()
    event.stopPropagation()
    void open(file)
  }
  return (
    <div className={classes.keyField}>
      <Textarea
        size="xs"
        label={label}
        placeholder={placeholder}
        value={text}
        onChange={(event) => onChange(event.currentTarget.value, null)}
        onDrop={onDrop}
        onDragOver={(event) => {
          if (event.dataTransfer.types.includes('Files')) {
            event.preventDefault()
            event.stopPropagation()
          }
        }}
        autosize
        minRows={rows.min}
        maxRows={rows.max}
        spellCheck={false}
        autoComplete="off"
        classNames={{ input: classes.keyInput }}
        data-testid={testId}
      />
      <Group gap={6} mt={4} wrap="nowrap">
        <FileButton onChange={(file) => void open(file)} accept={accept}>
          {(props) => (
            <Button size="compact-xs" variant="default" leftSection={<IconFileImport size={12} />} {...props}>
              {openLabel}
            </Button>
          )}
        </FileButton>
        {fileName && (
          <Text fz={11} c="dimmed" truncate="end">
            from {fileName}
          </Text>
        )}
        {text.length > 0 && (
          <Button size="compact-xs" variant="subtle" color="gray" ml="auto" onClick={onClear}>
            Clear
          </Button>
        )}
      </Group>
      {fileError && <ErrorLine error={fileError} testId={errorTestId} />}
    </div>
  )
})

/** One error under a field: its code, then its message. */
export function ErrorLine({ error, testId }: { error: SerializedError; testId: string }) {
  return (
    <div className={classes.errorLine} role="alert" data-testid={testId}>
      <IconAlertCircle size={13} stroke={1.8} aria-hidden />
      <span>
        <code>{error.code}</code> {error.message}
      </span>
    </div>
  )
}
