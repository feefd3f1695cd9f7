import type { AuditExportFileInput, AuditExportResult } from '#shared/contract'
import { exportAuditEntries } from '#shared/audit/export-entries'
import { SignetError } from '#shared/errors'
import { maxAuditExportEntries } from '#shared/limits'
import { writeFileAtomic } from '../../adapters/atomic-file'
import { auditPath } from '../backup/create-backup'
import type { ServiceContext } from '../context'
import { audit } from '../managed-keys/repository'

/**
 * audit:export-file: writes every entry matching `filters` (the ones the Audit screen shows, in its
 * order) as JSON Lines or CSV (shared/audit/export-entries.ts) to the file main's save dialog chose.
 * `file` is the one-time handle dialog:save-audit-export returned, spent by the write; the page never
 * names a path. The write is atomic (temp file, fsync, rename). The export is itself audited
 * ("audit.export": format, entry count, file), after the write, so it is not part of what it exports.
 * Errors: ERR_AUDIT_EXPORT_TOO_LARGE (more than maxAuditExportEntries match), ERR_AUDIT_UNREADABLE,
 * ERR_FILE_HANDLE_* / ERR_FILE_PATH_REFUSED for the handle, ERR_FILE_WRITE.
 */
export async function exportAuditFile(
  context: ServiceContext,
  input: AuditExportFileInput,
): Promise<AuditExportResult> {
  const written = await context.fileHandles.redeem(
    input.file,
    'save-audit-export',
    async (path) => {
      const listed = await context.audit.list({ ...input.filters, offset: 0, limit: maxAuditExportEntries })
      if (listed.matched > maxAuditExportEntries) {
        throw new SignetError(
          'ERR_AUDIT_EXPORT_TOO_LARGE',
          `${listed.matched.toLocaleString('en-US')} audit entries match, more than the ${maxAuditExportEntries.toLocaleString('en-US')} one export writes. Narrow the filters (a time range, an action or a set) and export in parts.`,
        )
      }
      const text = exportAuditEntries(listed.entries, input.format)
      try {
        await writeFileAtomic(path, text)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new SignetError(
          'ERR_FILE_WRITE',
          `The audit export could not be written to ${path} (${reason.slice(0, 200)}). Choose another folder and export again.`,
          { segment: 'file' },
        )
      }
      return { path, entries: listed.entries.length, bytes: new TextEncoder().encode(text).length }
    },
    { spend: true },
  )
  const warnings: AuditExportResult['warnings'] = []
  await audit(
    context,
    {
      action: 'audit.export',
      details: { format: input.format, entries: written.entries, file: auditPath(written.path) },
    },
    warnings,
  )
  return { format: input.format, ...written, warnings }
}
