import { plural } from './plural'

const units = ['KiB', 'MiB', 'GiB'] as const

/**
 * A byte count as a person reads it, one rule for the app and the CLI. Units are binary with their
 * IEC names (KiB = 1,024 bytes, IEC 80000-13), because Signet's limits are powers of two:
 *
 * - below 1 KiB, the exact count: "1 byte", "512 bytes", "1,000 bytes";
 * - a whole number of a unit, that alone: "64 KiB", "8 MiB";
 * - otherwise one decimal and the exact count beside it: "1.5 KiB (1,536 bytes)" — so a size just
 *   over a limit ("1.0 MiB (1,048,577 bytes)" against "1 MiB") still shows why it was refused.
 *
 * Counts use en-US thousands separators, as plural() does.
 *
 * @param bytes a whole, non-negative number of bytes; anything else is printed as it is, with "bytes"
 */
export function formatBytes(bytes: number): string {
  if (!Number.isSafeInteger(bytes) || bytes < 0) return `${bytes} bytes`
  if (bytes < 1024) return plural(bytes, 'byte')
  let unit = 0
  while (unit < units.length - 1 && bytes >= 1024 ** (unit + 2)) unit++
  let value = bytes / 1024 ** (unit + 1)
  if (Number.isInteger(value)) return `${value} ${units[unit]}`
  // 1,048,575 bytes is 1023.999… KiB, which one decimal would print as "1024.0 KiB".
  if (value.toFixed(1) === '1024.0' && unit < units.length - 1) {
    unit++
    value /= 1024
  }
  return `${value.toFixed(1)} ${units[unit]} (${plural(bytes, 'byte')})`
}
