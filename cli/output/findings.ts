import { severities, type Finding, type Severity } from '#shared/token/lint'
import { paint } from './style'
import { plural } from '#shared/text/plural'

type Style = Parameters<typeof paint>[0]

const severityStyle: Record<Severity, Style> = { high: 'red', medium: 'yellow', low: 'cyan', info: 'dim' }
const severityMark: Record<Severity, string> = { high: '✖', medium: '▲', low: '●', info: '·' }

export type FindingSummary = Record<Severity, number>

export function summarize(findings: readonly Finding[]): FindingSummary {
  const summary: FindingSummary = { high: 0, medium: 0, low: 0, info: 0 }
  for (const finding of findings) summary[finding.severity]++
  return summary
}

/** The human rendering of `signet lint`: a one-line verdict, then the findings grouped by severity. */
export function formatFindings(findings: readonly Finding[], options: { color: boolean; label: string }): string {
  const c = options.color
  const summary = summarize(findings)
  const lines: string[] = []
  if (findings.length === 0) {
    lines.push(`${paint('green', '✔ No findings', c)}  ${paint('dim', options.label, c)}`)
    return lines.join('\n')
  }
  const counts = severities.filter((s) => summary[s] > 0).map((s) => paint(severityStyle[s], `${summary[s]} ${s}`, c))
  lines.push(
    `${paint('bold', plural(findings.length, 'finding'), c)}: ${counts.join(', ')}  ${paint('dim', options.label, c)}`,
  )
  for (const severity of severities) {
    const group = findings.filter((f) => f.severity === severity)
    if (group.length === 0) continue
    lines.push('', paint(['bold', severityStyle[severity]] as Style, severity.toUpperCase(), c))
    for (const finding of group) {
      const where = finding.location
        ? `${finding.location.segment}${finding.location.path ? ` › ${finding.location.path}` : ''}`
        : ''
      lines.push(
        `  ${paint(severityStyle[severity], severityMark[severity], c)} ${paint('bold', finding.title, c)}  ${paint('dim', `[${finding.id}]${where ? ` at ${where}` : ''}`, c)}`,
      )
      lines.push(...wrap(finding.message, 4, 100))
      lines.push(...wrap(`Fix: ${finding.remediation}`, 4, 100).map((line) => paint('green', line, c)))
      if (finding.reference) lines.push(paint('dim', `    See ${finding.reference}`, c))
    }
  }
  return lines.join('\n')
}

function wrap(text: string, indent: number, width: number): string[] {
  const pad = ' '.repeat(indent)
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && pad.length + line.length + 1 + word.length > width) {
      lines.push(pad + line)
      line = word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line) lines.push(pad + line)
  return lines
}
