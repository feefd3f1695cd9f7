/**
 * One CSV field (RFC 4180 §2): quoted when it holds a comma, a double quote, CR or LF, with each
 * double quote doubled. A value a spreadsheet would run as a formula — starting with "=", "+", "-",
 * "@", a tab or a carriage return (OWASP "CSV injection") — gets a leading "'" first, so opening an
 * export in a spreadsheet never runs text that came from a kid, a reason or a set name.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** One CSV record: the cells joined by commas, ended by CRLF (RFC 4180 §2.1). */
export function csvRecord(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}
