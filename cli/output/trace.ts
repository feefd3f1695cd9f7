import type { KeyDescription } from '#shared/key-material/types'
import type { JsonObject } from '#shared/encoding/json'
import type { Check, CheckStatus, Trace } from '#shared/token/verify/check'
import { paint } from './style'

/**
 * The human rendering of a verification trace: one aligned line per check with a mark
 * (✓ pass, ✗ fail, ! warn, – skipped), then the verdict last, where a reader's eye ends.
 */

const marks: Record<CheckStatus, { mark: string; style: 'green' | 'red' | 'yellow' | 'dim' }> = {
  pass: { mark: '✓', style: 'green' },
  fail: { mark: '✗', style: 'red' },
  warn: { mark: '!', style: 'yellow' },
  skipped: { mark: '–', style: 'dim' },
}

export function formatChecks(checks: readonly Check[], color: boolean): string[] {
  const width = Math.max(...checks.map((c) => c.title.length))
  return checks.map((c) => {
    const { mark, style } = marks[c.status]
    const line = `  ${paint(style, mark, color)} ${c.title.padEnd(width)}  ${c.message}`
    return c.status === 'skipped' ? paint('dim', line, color) : line
  })
}

export function formatVerdict(trace: Pick<Trace, 'verdict' | 'reason'>, color: boolean): string {
  const style = trace.verdict === 'valid' ? 'green' : trace.verdict === 'invalid' ? 'red' : 'yellow'
  return `${paint(['bold', style], trace.verdict.toUpperCase(), color)}  ${trace.reason}`
}

export interface TraceSummary {
  label: string
  header: JsonObject
  key: KeyDescription | null
}

export function formatTrace(trace: Trace, summary: TraceSummary, color: boolean): string {
  const alg = typeof summary.header.alg === 'string' ? summary.header.alg : '?'
  const kid = typeof summary.header.kid === 'string' ? `  kid=${summary.header.kid}` : ''
  const lines = [
    `${paint('bold', summary.label, color)}  ${paint('dim', `${alg}${kid}`, color)}`,
    '',
    ...formatChecks(trace.checks, color),
    '',
  ]
  if (summary.key)
    lines.push(
      paint(
        'dim',
        `Key: ${summary.key.label}${summary.key.thumbprint ? `  (thumbprint ${summary.key.thumbprint})` : ''}`,
        color,
      ),
    )
  lines.push(formatVerdict(trace, color))
  return lines.join('\n')
}

/** What --json prints: the same trace the app shows, plus what the token says and which key verified. */
export function traceJson(
  trace: Trace,
  header: JsonObject,
  claims: JsonObject | null,
  key: KeyDescription | null,
  at: number,
): object {
  return { verdict: trace.verdict, reason: trace.reason, checks: trace.checks, header, claims, key, at }
}
