import { severityOrder } from './scan-report'

const verdictFill: Record<string, string> = {
  valid: 'var(--mantine-color-teal-6)',
  invalid: 'var(--mantine-color-red-6)',
  unverifiable: 'var(--mantine-color-gray-6)',
  expired: 'var(--mantine-color-orange-6)',
  encrypted: 'var(--mantine-color-blue-6)',
  malformed: 'var(--mantine-color-red-7)',
}
const severityFill: Record<string, string> = {
  high: 'var(--mantine-color-red-6)',
  medium: 'var(--mantine-color-orange-5)',
  low: 'var(--mantine-color-yellow-5)',
  info: 'var(--mantine-color-gray-5)',
}

/** Two horizontal bar groups in plain SVG: tokens by verdict, findings by severity. */
export function SummaryChart({
  verdicts,
  severities,
}: {
  verdicts: Record<string, number>
  severities: Record<string, number>
}) {
  const verdictCount = Object.keys(verdictFill).length
  const bars = [
    ...Object.keys(verdictFill).map((name) => ({
      group: 'Verdicts',
      name,
      value: verdicts[name] ?? 0,
      fill: verdictFill[name]!,
    })),
    ...severityOrder.map((name) => ({
      group: 'Findings',
      name,
      value: severities[name] ?? 0,
      fill: severityFill[name]!,
    })),
  ]
  const max = Math.max(1, ...bars.map((b) => b.value))
  const rowHeight = 16
  const width = 300
  const label = 90
  return (
    <svg
      width={width}
      height={bars.length * rowHeight + 36}
      viewBox={`0 0 ${width} ${bars.length * rowHeight + 36}`}
      // Never wider than its column: in a narrow window the chart scales down instead of overflowing.
      style={{ maxWidth: '100%', height: 'auto', flex: 'none' }}
      role="img"
      aria-label="Summary: tokens by verdict, findings by severity"
      data-testid="scan-chart"
    >
      {bars.map((bar, i) => {
        const y = i * rowHeight + (i >= verdictCount ? 32 : 14)
        return (
          <g key={`${bar.group}-${bar.name}`}>
            {(i === 0 || i === verdictCount) && (
              <text x={0} y={y - 1} fontSize={10} fill="var(--mantine-color-dimmed)" dominantBaseline="auto">
                {bar.group}
              </text>
            )}
            <text x={label - 6} y={y + 11} fontSize={11} textAnchor="end" fill="var(--mantine-color-text)">
              {bar.name}
            </text>
            <rect
              x={label}
              y={y + 2}
              height={rowHeight - 5}
              width={Math.max(bar.value > 0 ? 2 : 0, ((width - label - 40) * bar.value) / max)}
              fill={bar.fill}
              rx={2}
            />
            <text
              x={label + ((width - label - 40) * bar.value) / max + 4}
              y={y + 11}
              fontSize={11}
              fill="var(--mantine-color-text)"
            >
              {bar.value}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
