import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { AuditChainStatus } from '#shared/contract'
import { SignetError } from '#shared/errors'
import { writeFileAtomic } from '../../adapters/atomic-file'
import type { ServiceContext } from '../context'
import { anchorFileName, readAnchor } from './anchor'
import { auditLogFileName } from './entry'
import { withFileLock } from './lock'
import { verifyAuditText } from './verify'

export interface AuditRepairResult {
  /** what was removed, or null when the log needed no repair */
  repaired: { tornBytes: number; keptAt: string; sha256: string } | null
  /** the chain after the repair */
  status: AuditChainStatus
}

/**
 * Repairs the one damage a crash can cause: a last line cut off mid-write (no line end, not an
 * entry). Its bytes are kept in `audit.log.jsonl.torn-<time>` beside the log (never deleted), the
 * log is cut back to its last complete line, and an `audit.repair` entry records the size and
 * SHA-256 of what was removed, so the chain verifies again and says it was repaired.
 *
 * Anything else (an edited, deleted or reordered entry) is tampering, not a crash: refused with
 * ERR_AUDIT_NOT_REPAIRABLE, the log untouched. Unlike the store, only the last line is considered:
 * the appender writes each entry in one O_APPEND write, so a crash can tear nothing else.
 */
export async function repairAuditLog(
  context: Pick<ServiceContext, 'dataDir' | 'audit' | 'now'>,
): Promise<AuditRepairResult> {
  const path = join(context.dataDir, auditLogFileName)
  const anchorPath = join(context.dataDir, anchorFileName)
  const repaired = await withFileLock(path, async () => {
    let bytes: Buffer
    try {
      bytes = await readFile(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw new SignetError(
        'ERR_AUDIT_UNREADABLE',
        `Could not read the audit log ${path}: ${(error as Error).message}. Check its permissions.`,
        { segment: path },
      )
    }
    const { status } = verifyAuditText(bytes.toString('utf8'), await readAnchor(anchorPath), {
      path,
      now: context.now(),
    })
    if (status.intact) return null
    const lastLine = bytes.toString('utf8').split('\n').length
    const tornOnly =
      status.problems.every((p) => p.kind === 'truncated-line' && p.line === lastLine) &&
      status.problemCount === status.problems.length
    if (!tornOnly) {
      throw new SignetError(
        'ERR_AUDIT_NOT_REPAIRABLE',
        `The audit log ${path} has damage a crash cannot cause (${status.firstProblem?.message ?? 'see signet audit verify'}); ` +
          'only a torn last line is repaired. Nothing was changed. Keep the file as evidence and restore the log from a copy if you have one.',
        { segment: path },
      )
    }
    const cut = bytes.lastIndexOf(0x0a) + 1
    const torn = bytes.subarray(cut)
    const at = context.now().toISOString()
    let keptAt = `${path}.torn-${at.replace(/[:.]/g, '-')}`
    for (let n = 1; existsSync(keptAt); n++) keptAt = `${path}.torn-${at.replace(/[:.]/g, '-')}-${n}`
    // The torn bytes are on disk elsewhere before a single byte leaves the log.
    await writeFileAtomic(keptAt, torn)
    const handle = await open(path, 'r+')
    try {
      await handle.truncate(cut)
      await handle.sync()
    } finally {
      await handle.close()
    }
    return { tornBytes: torn.length, keptAt, sha256: createHash('sha256').update(torn).digest('hex') }
  })
  if (repaired) {
    await context.audit.append({
      action: 'audit.repair',
      details: { tornBytes: repaired.tornBytes, keptAs: basename(repaired.keptAt), sha256: repaired.sha256 },
    })
  }
  return { repaired, status: await context.audit.verify() }
}
