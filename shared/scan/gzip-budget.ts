import { SignetError } from '../errors'
import { maxGzipOutputBytes, maxGzipRatio, minGzipBudgetBase } from '../limits'
import { formatBytes } from '../text/format-bytes'

/**
 * The decompressed-size budget of gzip input (RFC 1952), one rule for `signet scan` (node:zlib)
 * and the app's Scan worker (fflate): see maxGzipRatio in shared/limits.ts.
 */

/**
 * Most decompressed bytes allowed for `compressedBytes` of gzip: the whole file's size when it is
 * known, or the bytes read so far from a stream (checked again as more arrive).
 */
export function gzipOutputLimit(compressedBytes: number): number {
  return Math.min(maxGzipOutputBytes, maxGzipRatio * Math.max(compressedBytes, minGzipBudgetBase))
}

/**
 * Counts a gzip input's compressed and decompressed bytes as they stream; `check` throws once the
 * decompressed bytes pass gzipOutputLimit of the compressed ones.
 */
export class GzipBudget {
  compressed = 0
  decompressed = 0

  /**
   * @param where the input as the user names it, quoted
   * @param compressedSize the compressed size when known (a file), so the limit is fixed up front
   */
  constructor(
    private readonly where: string,
    private readonly compressedSize?: number,
  ) {}

  /** @throws SignetError ERR_SCAN_GZIP_TOO_LARGE */
  check(): void {
    const limit = gzipOutputLimit(this.compressedSize ?? this.compressed)
    if (this.decompressed > limit) throw gzipTooLarge(this.where, limit, this.compressedSize ?? this.compressed)
  }
}

/** ERR_SCAN_GZIP_TOO_LARGE: the message states the rule, the limit it gave here, and what to do. */
export function gzipTooLarge(where: string, limit: number, compressedBytes: number): SignetError {
  return new SignetError(
    'ERR_SCAN_GZIP_TOO_LARGE',
    `${where} decompresses to more than ${formatBytes(limit)} from ${formatBytes(compressedBytes)} of gzip, past the limit for gzip input (${maxGzipRatio} times its compressed size, at most ${formatBytes(maxGzipOutputBytes)}), so it was skipped from there on — a gzip bomb looks like this. If it is a real log, decompress it and scan the result.`,
    { segment: where },
  )
}
