import type { SavedScanReport, ScanSaveReportInput } from '#shared/contract/scan'
import { SignetError } from '#shared/errors'
import { findTokens } from '#shared/scan/finder'
import { utf8ByteLength } from '#shared/text/utf8-length'
import { writeFileAtomic } from '../../adapters/atomic-file'
import type { ServiceContext } from '../context'

/**
 * scan:save-report: writes the Scan screen's report to the file main's own save dialog chose
 * (`handle`, from dialog:save-scan-report, spent by the write; the page never names a path).
 *
 * The page made the report, and the page is untrusted: a compromised one could try to carry the
 * tokens it scanned to disk under a benign name. So main runs the scanner's own finder over the text
 * first and refuses any report in which it finds a complete token — a compact JWS or JWE, an
 * unsecured JWT, or a JWS/JWE JSON serialization (shared/scan/candidates.ts rules 1–6) — with no
 * length budget, so a long token is not waved through. A redacted report names tokens by their
 * header.payload prefix and fingerprint only, which the finder never takes for a token. (A page
 * that re-encodes a token, e.g. reversed, is not caught: this is a tripwire for plain copies.)
 *
 * Errors: ERR_SCAN_REPORT_HAS_TOKEN (nothing written, the handle stays usable);
 * ERR_FILE_HANDLE_* / ERR_FILE_PATH_REFUSED for the handle; ERR_FILE_WRITE when the file cannot be written.
 */
export async function saveScanReport(context: ServiceContext, input: ScanSaveReportInput): Promise<SavedScanReport> {
  return context.fileHandles.redeem(
    input.handle,
    'save-scan-report',
    async (path) => {
      assertNoCompleteToken(input.report)
      try {
        await writeFileAtomic(path, input.report)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new SignetError(
          'ERR_FILE_WRITE',
          `The scan report could not be written to ${path} (${reason.slice(0, 200)}). Choose another folder and export again.`,
          { segment: 'file' },
        )
      }
      return { format: input.format, path, bytes: utf8ByteLength(input.report) }
    },
    { spend: true },
  )
}

/** @throws SignetError ERR_SCAN_REPORT_HAS_TOKEN when `text` holds a complete JOSE object */
export function assertNoCompleteToken(text: string): void {
  const { hits } = findTokens(text, { maxTokenLength: Math.max(1, text.length) })
  if (hits.length === 0) return
  const first = hits[0]!
  throw new SignetError(
    'ERR_SCAN_REPORT_HAS_TOKEN',
    `The scan report holds ${hits.length === 1 ? 'a complete token' : `${hits.length} complete tokens`} (the first a ${first.kind} at line ${first.line}, column ${first.column}); a report names tokens by their redacted prefix and fingerprint only, so it was not written. Export it again from the Scan screen.`,
    { segment: 'report' },
  )
}
