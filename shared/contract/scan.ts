import { z } from 'zod'
import { channel } from './channel'
import { fileHandleSchema, type FileChoice } from './backup'
import { formatBytes } from '../text/format-bytes'
import { utf8LongerThan } from '../text/utf8-length'

/**
 * The Scan screen's report, written to a file main's own save dialog chose: the page carries the
 * one-time handle from dialog:save-scan-report to scan:save-report; it never names a path. The
 * report is redacted text the page made; main refuses one that holds a complete token.
 */

export const scanReportFormats = ['json', 'ndjson', 'sarif'] as const
export type ScanReportFormat = (typeof scanReportFormats)[number]

/** The largest report main writes, in bytes of UTF-8 (the file): a redacted report is ~1 KB per distinct token. */
export const maxScanReportBytes = 32 * 1024 * 1024

export const scanSaveReportInputSchema = z
  .object({
    /** from dialog:save-scan-report, spent by the write */
    handle: fileHandleSchema,
    format: z.enum(scanReportFormats),
    report: z
      .string()
      .min(1)
      .refine(
        (report) => !utf8LongerThan(report, maxScanReportBytes),
        `a scan report is at most ${formatBytes(maxScanReportBytes)} (UTF-8); scan fewer files, or use "signet scan --ndjson"`,
      ),
  })
  .strict()
export type ScanSaveReportInput = z.infer<typeof scanSaveReportInputSchema>

export interface SavedScanReport {
  format: ScanReportFormat
  /** for display only */
  path: string
  bytes: number
}

export const scanChannels = {
  'dialog:save-scan-report': channel<FileChoice>()(z.object({ format: z.enum(scanReportFormats) }).strict()),
  'scan:save-report': channel<SavedScanReport>()(scanSaveReportInputSchema),
} as const
