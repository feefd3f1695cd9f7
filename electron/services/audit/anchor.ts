import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from '../../adapters/atomic-file'
import { z } from 'zod'

/**
 * The audit log's anchor: the seq and hash of the last entry written, kept in a small file beside
 * the log. The chain alone cannot show that entries were cut off the end (what remains is a valid
 * chain); the anchor can. It is a file of its own rather than a member of the store so that it is
 * written under the audit lock only: a whole-document store write here could race, across
 * processes, with the key manager's commits and drop one of them.
 */

export const anchorFileName = 'audit.head.json'

export interface AuditAnchor {
  seq: number
  hash: string
}

const anchorSchema = z
  .object({ seq: z.number().int().nonnegative(), hash: z.string().regex(/^[0-9a-f]{64}$/) })
  .strict()

/** null: no anchor yet; 'unreadable': the file is there but is not an anchor (edited by hand). */
export async function readAnchor(path: string): Promise<AuditAnchor | null | 'unreadable'> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    return 'unreadable'
  }
  try {
    const parsed = anchorSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : 'unreadable'
  } catch {
    return 'unreadable'
  }
}

/** Atomic (temporary file, fsync, rename): a crash leaves the old anchor or the new one, never half of one. */
export async function writeAnchor(path: string, anchor: AuditAnchor): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify({ seq: anchor.seq, hash: anchor.hash })}\n`)
}
