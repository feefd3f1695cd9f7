import { SegmentedControl } from '@mantine/core'

export type SegmentViewMode = 'table' | 'json' | 'signed'

/** Table / JSON / As signed: how a header or claims set is shown. */
export function ViewToggle({
  value,
  onChange,
  withSigned,
  label,
}: {
  value: SegmentViewMode
  onChange: (mode: SegmentViewMode) => void
  withSigned: boolean
  label: string
}) {
  const data = [
    { value: 'table', label: 'Table' },
    { value: 'json', label: 'JSON' },
    ...(withSigned ? [{ value: 'signed', label: 'As signed' }] : []),
  ]
  return (
    <SegmentedControl
      size="xs"
      radius="sm"
      value={value}
      onChange={(mode) => onChange(mode as SegmentViewMode)}
      data={data}
      aria-label={`${label} view`}
      styles={{ label: { paddingBlock: 1, paddingInline: 8, fontSize: 11 } }}
    />
  )
}
