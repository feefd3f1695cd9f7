import { open, mkdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { AuditChainStatus, AuditEntry, AuditListInput, AuditListResult, AuditSource } from '#shared/contract'
import { SignetError } from '#shared/errors'
import type { AuditSink } from '../audit-sink'
import {
  auditActionSchema,
  auditDetailsSchema,
  auditEntrySchema,
  auditFormat,
  auditFormatVersion,
  auditLogFileName,
  auditSubjectSchema,
  genesisAction,
  maxLineBytes,
  sealEntry,
} from './entry'
import { anchorFileName, readAnchor, writeAnchor } from './anchor'
import { filterEntries } from './filter'
import { withFileLock } from './lock'
import { screenForSecrets } from './screen-secrets'
import { verifyAuditText } from './verify'
import { formatBytes } from '#shared/text/format-bytes'

/**
 * The audit log of one data directory: append-only JSON lines, hash-chained, shared by the app
 * and every CLI process (appends are serialised by a lock file beside the log).
 *
 * A broken chain never stops an append: the log must not block work. The new entry chains to the
 * last line as it is, so the damage stays visible to `verify` at the line where it happened, and
 * the anchor (anchor.ts) is not moved past damage it cannot vouch for.
 */
export interface AuditLog extends AuditSink {
  readonly path: string
  list(filters?: AuditListInput): Promise<AuditListResult>
  verify(): Promise<AuditChainStatus>
}

const entryInputSchema = z
  .object({
    action: auditActionSchema.refine((a) => a !== genesisAction, 'is reserved for the first entry'),
    subject: auditSubjectSchema.optional(),
    details: auditDetailsSchema.optional(),
  })
  .strict()

/** How much of the end of the file to read to find the last line; a line is at most maxLineBytes. */
const tailChunkBytes = 4 * maxLineBytes

/**
 * `source`: who this process writes as (the app or the CLI, OS user, host), stamped on every entry
 * it appends, genesis included; absent, entries carry none (as every entry did before).
 */
export function createAuditLog(options: { dataDir: string; now?: () => Date; source?: AuditSource }): AuditLog {
  const path = join(options.dataDir, auditLogFileName)
  const anchorPath = join(options.dataDir, anchorFileName)
  const now = options.now ?? (() => new Date())

  async function readWhole(): Promise<string | null> {
    try {
      return await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw unreadable(path, error)
    }
  }

  async function verification() {
    const anchor = await readAnchor(anchorPath)
    return verifyAuditText(await readWhole(), anchor, { path, now: now() })
  }

  return {
    path,

    async append(input) {
      const parsed = entryInputSchema.safeParse(input)
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        const where = issue?.path.length ? `${issue.path.map(String).join('.')} ` : ''
        throw new SignetError(
          'ERR_AUDIT_INVALID_ENTRY',
          `Refused to write an audit entry: ${where}${issue?.message ?? 'has an unexpected shape'}.`,
        )
      }
      screenForSecrets(parsed.data)
      const { action, subject = {}, details = {} } = parsed.data

      await withFileLock(path, async () => {
        await mkdir(options.dataDir, { recursive: true, mode: 0o700 })
        const tail = await readTail(path)
        const at = now().toISOString()
        const lines: string[] = []
        let previousLine = tail.lastLine
        let seq = tail.lastEntry ? tail.lastEntry.seq + 1 : 0
        const source = options.source ? { source: options.source } : {}
        if (!tail.lastEntry) {
          const genesis = sealEntry(
            {
              seq: 0,
              at,
              action: genesisAction,
              subject: {},
              details: { format: auditFormat, version: auditFormatVersion },
              ...source,
            },
            previousLine,
          )
          lines.push(genesis.line)
          previousLine = genesis.line
          seq = 1
        }
        const sealed = sealEntry({ seq, at, action, subject, details, ...source }, previousLine)
        if (Buffer.byteLength(sealed.line, 'utf8') > maxLineBytes) {
          throw new SignetError(
            'ERR_AUDIT_INVALID_ENTRY',
            `Refused to write an audit entry for ${action}: it is larger than ${formatBytes(maxLineBytes)}. Record identifiers, not content.`,
          )
        }
        lines.push(sealed.line)
        // A line cut off by a crash stays a line of its own, so verify can point at it.
        const text = `${tail.size > 0 && !tail.endsWithNewline ? '\n' : ''}${lines.join('\n')}\n`
        await appendDurably(path, text)
        await moveAnchor(tail.lastEntry, sealed.entry)
      })
    },

    async list(filters) {
      const { status, entries } = await verification()
      const matched = filterEntries(entries, filters)
      const offset = filters?.offset ?? 0
      const limit = filters?.limit ?? 200
      const ordered = (filters?.order ?? 'newest') === 'newest' ? [...matched].reverse() : matched
      return {
        entries: ordered.slice(offset, offset + limit).map((e) => ({ ...e.entry, line: e.line, flagged: e.flagged })),
        matched: matched.length,
        total: entries.length,
        actions: [...new Set(entries.map((e) => e.entry.action))].sort(),
        chain: status,
      }
    },

    async verify() {
      return (await verification()).status
    },
  }

  /**
   * The anchor only moves forward from a state it can vouch for: the previous last entry is the
   * anchored one (the usual case), or the anchored entry is still in the log unchanged (an earlier
   * anchor write was lost). After a truncation or rewrite it stays where it is, and an anchor file
   * edited by hand is left alone, so verify keeps reporting the damage however many entries are
   * appended afterwards.
   */
  async function moveAnchor(previous: AuditEntry | null, written: AuditEntry): Promise<void> {
    try {
      const anchor = await readAnchor(anchorPath)
      if (anchor === 'unreadable') return
      let vouched =
        anchor === null || (previous !== null && previous.seq === anchor.seq && previous.hash === anchor.hash)
      if (!vouched && anchor && previous && anchor.seq < previous.seq) {
        const { entries } = verifyAuditText(await readWhole(), null, { path, now: now() })
        vouched = entries.some((e) => e.entry.seq === anchor.seq && e.entry.hash === anchor.hash)
      }
      if (vouched) await writeAnchor(anchorPath, { seq: written.seq, hash: written.hash })
    } catch {
      // The entry is already durable in the log. The anchor is a lower bound, so a missed update
      // only delays tail-truncation detection to the next append; failing here would make the
      // caller believe its action went unrecorded.
    }
  }
}

interface Tail {
  size: number
  endsWithNewline: boolean
  /** the last line's exact text (complete or not), or null for an empty file */
  lastLine: string | null
  /** the last line that is a well-formed entry */
  lastEntry: AuditEntry | null
}

async function readTail(path: string): Promise<Tail> {
  let size: number
  try {
    size = (await stat(path)).size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { size: 0, endsWithNewline: true, lastLine: null, lastEntry: null }
    throw unreadable(path, error)
  }
  if (size === 0) return { size: 0, endsWithNewline: true, lastLine: null, lastEntry: null }
  let text = await readRange(path, Math.max(0, size - tailChunkBytes), size)
  let whole = size <= tailChunkBytes
  for (;;) {
    const endsWithNewline = text.endsWith('\n')
    const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n')
    // The first line of a partial chunk may start mid-line: never trust it.
    const complete = whole ? lines : lines.slice(1)
    const lastLine = complete[complete.length - 1]
    let lastEntry: AuditEntry | null = null
    for (let i = complete.length - 1; i >= 0 && !lastEntry; i--) lastEntry = parseEntry(complete[i]!)
    if ((lastEntry && lastLine !== undefined) || whole) {
      return { size, endsWithNewline, lastLine: lastLine ?? null, lastEntry }
    }
    text = await readRange(path, 0, size)
    whole = true
  }
}

function parseEntry(line: string): AuditEntry | null {
  try {
    const parsed = auditEntrySchema.safeParse(JSON.parse(line))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

async function readRange(path: string, from: number, to: number): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const buffer = Buffer.alloc(to - from)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, from)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } catch (error) {
    throw unreadable(path, error)
  } finally {
    await handle.close()
  }
}

/** One write on an O_APPEND descriptor, flushed before the lock is released. */
async function appendDurably(path: string, text: string): Promise<void> {
  let handle
  try {
    handle = await open(path, 'a', 0o600)
    await handle.write(text)
    await handle.datasync()
  } catch (error) {
    throw new SignetError(
      'ERR_AUDIT_UNWRITABLE',
      `Could not append to the audit log ${path}: ${(error as Error).message}. Check that the disk has space and the data directory is writable.`,
      { segment: path },
    )
  } finally {
    await handle?.close()
  }
}

function unreadable(path: string, error: unknown): SignetError {
  return new SignetError(
    'ERR_AUDIT_UNREADABLE',
    `Could not read the audit log ${path}: ${(error as Error).message}. Check its permissions.`,
    { segment: path },
  )
}
