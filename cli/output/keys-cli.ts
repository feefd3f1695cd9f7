import type { Warning } from '#shared/managed-keys/types'
import { oneLine } from './safe-text'
import { colorEnabled, paint } from './style'
import { err } from './write'

/** Service warnings and notes on stderr, one line each (untrusted text flattened by oneLine). */
export function printWarnings(warnings: readonly Warning[]): void {
  const color = colorEnabled(process.stderr)
  for (const warning of warnings) {
    const label = warning.code.startsWith('INFO_') ? 'note' : 'warning'
    err(`${paint(label === 'note' ? 'cyan' : 'yellow', `signet: ${label}:`, color)} ${oneLine(warning.message)}`)
  }
}
