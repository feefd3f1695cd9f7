import { z } from 'zod'
import { auditExportFormats, type AuditExportFormat } from '../audit/export-entries'
import { auditListInputSchema } from './audit'
import { fileHandleSchema, type FileChoice } from './backup'
import { channel } from './channel'

/**
 * Exporting the audit log to a file main's own save dialog chose: the page asks
 * dialog:save-audit-export for a one-time handle and spends it on audit:export-file with the
 * filters it shows; it never names a path.
 */

/** The Audit screen's filters, without paging: an export holds every matching entry. */
const exportFiltersSchema = auditListInputSchema.unwrap().omit({ limit: true, offset: true })

export const auditExportFileInputSchema = z
  .object({
    format: z.enum(auditExportFormats),
    /** from dialog:save-audit-export, spent by the write */
    file: fileHandleSchema,
    filters: exportFiltersSchema.optional(),
  })
  .strict()
export type AuditExportFileInput = z.infer<typeof auditExportFileInputSchema>

export interface AuditExportResult {
  format: AuditExportFormat
  /** for display only */
  path: string
  entries: number
  bytes: number
  /** WARN_AUDIT_FAILED when the export was written but could not itself be recorded */
  warnings: { code: string; message: string }[]
}

export const auditExportChannels = {
  'dialog:save-audit-export': channel<FileChoice>()(z.object({ format: z.enum(auditExportFormats) }).strict()),
  'audit:export-file': channel<AuditExportResult>()(auditExportFileInputSchema),
} as const
