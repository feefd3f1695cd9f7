import type { JwksDiff } from '#shared/jwks/diff'
import type { JwksFinding, JwksSeverity } from '#shared/jwks/lint'
import { paint } from './style'
import { plural } from '#shared/text/plural'

type Style = Parameters<typeof paint>[0]

const severityStyle: Record<JwksSeverity, Style> = { high: 'red', medium: 'yellow', low: 'cyan', info: 'dim' }
const severityMark: Record<JwksSeverity, string> = { high: '✖', medium: '▲', low: '●', info: '·' }

/**
 * Text from a JWKS someone else wrote (kids, algorithm names) reaches the terminal only with control
 * characters, C1 controls and bidi overrides spelled out, so it cannot move the cursor or hide text.
 */
export function terminalSafe(text: string): string {
  return Array.from(text, (ch) => {
    const code = ch.charCodeAt(0)
    const unsafe =
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0x200e ||
      code === 0x200f ||
      (code >= 0x202a && code <= 0x202e) ||
      (code >= 0x2066 && code <= 0x2069)
    return unsafe ? `\\u${code.toString(16).padStart(4, '0')}` : ch
  }).join('')
}

export function formatJwksFindings(
  findings: readonly JwksFinding[],
  keyCount: number,
  label: string,
  color: boolean,
): string {
  if (findings.length === 0)
    return `${paint('green', '✔ No findings', color)}  ${paint('dim', `${terminalSafe(label)} (${plural(keyCount, 'key')})`, color)}`
  const lines = [
    `${paint('bold', `${plural(findings.length, 'finding')}`, color)} in ${terminalSafe(label)} (${plural(keyCount, 'key')})`,
  ]
  for (const finding of findings) {
    lines.push(
      `  ${paint(severityStyle[finding.severity], `${severityMark[finding.severity]} ${finding.severity}`, color)} ${paint('bold', finding.id, color)}  ${paint('dim', `at ${terminalSafe(finding.pointer || '/')}`, color)}`,
    )
    lines.push(`    ${terminalSafe(finding.message)}`)
    lines.push(paint('green', `    Fix: ${terminalSafe(finding.remedy)}`, color))
  }
  return lines.join('\n')
}

export function formatJwksDiff(diff: JwksDiff, color: boolean): string {
  const kid = (value: string | null, thumbprint: string) =>
    value === null ? `(no kid, thumbprint ${thumbprint})` : `"${terminalSafe(value)}"`
  const lines: string[] = []
  for (const key of diff.added)
    lines.push(
      paint(
        'green',
        `+ added    ${kid(key.kid, key.thumbprint)}  ${terminalSafe(key.kty)}${key.alg ? ` ${terminalSafe(key.alg)}` : ''}`,
        color,
      ),
    )
  for (const key of diff.removed) {
    const style: Style = key.verdict === 'refused' ? 'red' : key.verdict === 'safe' ? 'yellow' : 'dim'
    lines.push(
      paint(style, `- removed  ${kid(key.kid, key.thumbprint)}  [${key.verdict}] ${terminalSafe(key.reason)}`, color),
    )
  }
  for (const change of diff.changed) {
    lines.push(
      paint(
        change.kind === 'key' ? 'red' : 'yellow',
        `~ changed  "${terminalSafe(change.kid)}"  ${change.kind === 'key' ? `KEY CHANGED under the same kid (${change.before.thumbprint} → ${change.after.thumbprint}): verifiers with a cached JWKS reject every new token` : `members ${change.members.map(terminalSafe).join(', ')}`}`,
        color,
      ),
    )
  }
  lines.push(paint('dim', `= unchanged ${diff.unchanged.length}`, color))
  lines.push(
    diff.safe
      ? paint('green', '✔ safe to publish', color)
      : paint('red', '✖ unsafe: a key changed under its kid, or a removal is refused', color),
  )
  return lines.join('\n')
}
