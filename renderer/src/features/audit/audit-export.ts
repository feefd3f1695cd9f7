import type { AuditExportFormat } from '#shared/audit/export-entries'
import type { AuditListInput } from '#shared/contract'
import { plural } from '#shared/text/plural'
import { call } from '../../api'

/**
 * Exports what the screen shows (its filters, every matching entry, not only the page) to a file
 * main's own save dialog chooses; the page never names a path, and the one-time handle the dialog
 * returns is spent by audit:export-file. Null when the user cancelled; the sentence to show otherwise.
 * Errors are the calls' SignetErrors.
 */
export async function exportAuditLog(
  format: AuditExportFormat,
  filters: NonNullable<AuditListInput>,
): Promise<string | null> {
  const choice = await call((api) => api.dialog.saveAuditExport({ format }))
  if (choice.handle === null) return null
  const handle = choice.handle
  const { limit: _limit, offset: _offset, ...shown } = filters
  void _limit
  void _offset
  const result = await call((api) => api.audit.exportFile({ format, file: handle, filters: shown }))
  const warning = result.warnings.length ? ` ${result.warnings.map((w) => w.message).join(' ')}` : ''
  return `${plural(result.entries, 'entry', 'entries')} written as ${format === 'csv' ? 'CSV' : 'JSON Lines'} to ${result.path}.${warning}`
}
