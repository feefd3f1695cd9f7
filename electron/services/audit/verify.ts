import type { AuditChainStatus, AuditEntry, AuditProblem, AuditProblemKind } from '#shared/contract'
import type { AuditAnchor } from './anchor'
import { auditEntrySchema, canonicalJson, entryHash, genesisAction, sha256Hex, zeroHash } from './entry'
import { jsonSyntaxProblem } from '#shared/encoding/json-syntax'

export interface VerifiedEntry {
  entry: AuditEntry
  line: number
  flagged: AuditProblemKind | null
}

export interface Verification {
  status: AuditChainStatus
  entries: VerifiedEntry[]
}

const maxReportedProblems = 50

/**
 * Checks a whole audit log: every line must be canonical JSON of a well-formed entry whose hash
 * matches its content, whose seq follows the previous one, and whose `prev` is the SHA-256 of the
 * previous line. Each line gets at most one problem, the most telling one, and checking goes on
 * after a problem (re-synchronising on what the line says) so one bad line does not hide the
 * rest. The anchor (anchor.ts) catches what the chain alone cannot: lines cut off the end.
 *
 * `text` is null when the file does not exist; `anchor` null when there is no anchor file.
 */
export function verifyAuditText(
  text: string | null,
  anchorFile: AuditAnchor | null | 'unreadable',
  context: { path: string; now: Date },
): Verification {
  const anchor = anchorFile === 'unreadable' ? null : anchorFile
  const problems: AuditProblem[] = []
  const entries: VerifiedEntry[] = []
  const report = (kind: AuditProblemKind, line: number, seq: number | null, message: string): AuditProblemKind => {
    problems.push({ kind, line, seq, message })
    return kind
  }

  if (text === null) {
    if (anchor) {
      report(
        'missing-log',
        1,
        anchor.seq,
        `The audit log ${context.path} is missing, but its anchor records entry #${anchor.seq} as written: the log was deleted or moved.`,
      )
    }
    return { status: summarise(problems, entries, 0, anchor, context), entries }
  }

  const rawLines = text.split('\n')
  const endsWithNewline = rawLines[rawLines.length - 1] === ''
  if (endsWithNewline) rawLines.pop()

  const parsed = rawLines.map((raw) => parseLine(raw))
  // Where each seq occurs, to tell lines that were deleted from lines that were moved.
  const positions = new Map<number, number[]>()
  parsed.forEach((p, i) => {
    if (p.entry) positions.set(p.entry.seq, [...(positions.get(p.entry.seq) ?? []), i])
  })

  let expectedSeq = 0
  let previousRaw: string | null = null
  const seen = new Set<number>()

  rawLines.forEach((raw, i) => {
    const line = i + 1
    const isLast = i === rawLines.length - 1
    const unterminated = isLast && !endsWithNewline
    const p = parsed[i]!
    let flagged: AuditProblemKind | null = null

    if (raw === '') {
      report(
        'blank-line',
        line,
        null,
        `Line ${line} is empty: Signet never writes empty lines, so the log was edited here.`,
      )
    } else if (!p.entry) {
      if (unterminated) {
        report(
          'truncated-line',
          line,
          expectedSeq,
          `The last line (${line}) is incomplete: it was cut off while being written or edited by hand (${p.error}).`,
        )
      } else if (p.kind === 'not-json') {
        report(
          'not-json',
          line,
          expectedSeq,
          `Line ${line} is not JSON (${p.error}): where entry #${expectedSeq} was expected, the log was edited.`,
        )
      } else {
        report(
          'malformed',
          line,
          p.seq,
          `Line ${line} is JSON but not an audit entry (${p.error}): the log was edited.`,
        )
      }
    } else {
      const entry = p.entry
      const label = `Entry #${entry.seq} (line ${line})`
      const expectedPrev = previousRaw === null ? zeroHash : sha256Hex(previousRaw)
      if (entryHash(entry) !== entry.hash) {
        flagged = report('edited', line, entry.seq, `${label} was edited: its content no longer matches its hash.`)
      } else if (entry.seq > expectedSeq) {
        const missing = range(expectedSeq, entry.seq - 1)
        const movedLater = missing.some((seq) => (positions.get(seq) ?? []).some((at) => at > i))
        const which =
          missing.length === 1 ? `entry #${missing[0]}` : `entries #${missing[0]}–#${missing[missing.length - 1]}`
        flagged = movedLater
          ? report(
              'reordered',
              line,
              entry.seq,
              `${label} is out of order: ${which} should come before it and appear${missing.length === 1 ? 's' : ''} later in the file.`,
            )
          : report(
              'missing',
              line,
              expectedSeq,
              expectedSeq === 0
                ? `The log starts at ${label}: ${which} (the genesis entry${missing.length > 1 ? ' onward' : ''}) ${missing.length > 1 ? 'were' : 'was'} deleted from the head of the log.`
                : `${capitalise(which)} ${missing.length === 1 ? 'is' : 'are'} missing before ${label}: deleted from the log.`,
            )
      } else if (entry.seq < expectedSeq) {
        flagged = seen.has(entry.seq)
          ? report('duplicate', line, entry.seq, `${label} repeats an entry already in the log: a line was copied.`)
          : report(
              'reordered',
              line,
              entry.seq,
              `${label} is out of order: it appears after entry #${expectedSeq - 1}.`,
            )
      } else if (entry.prev !== expectedPrev) {
        flagged = report(
          'chain-broken',
          line,
          entry.seq,
          line === 1
            ? `${label} does not start a chain: its "prev" is not 64 zeros.`
            : `${label} does not chain to line ${line - 1}: the line before it was edited, replaced or inserted.`,
        )
      } else if ((entry.seq === 0) !== (entry.action === genesisAction)) {
        flagged = report(
          'malformed',
          line,
          entry.seq,
          entry.seq === 0
            ? `${label} should be the genesis entry ("${genesisAction}").`
            : `${label} claims to be a genesis entry in the middle of the log.`,
        )
      } else if (canonicalJson(entry) !== raw) {
        flagged = report(
          'not-canonical',
          line,
          entry.seq,
          `${label} was rewritten by hand: same content, different bytes (spacing or member order).`,
        )
      } else if (unterminated) {
        flagged = report(
          'truncated-line',
          line,
          entry.seq,
          `${label} has no line end: the file was cut or edited after it was written.`,
        )
      }
      seen.add(entry.seq)
      expectedSeq = Math.max(expectedSeq, entry.seq + 1)
      entries.push({ entry, line, flagged })
    }
    previousRaw = raw
  })

  if (anchor) {
    const anchored = entries.find((e) => e.entry.seq === anchor.seq)
    const lastSeq = entries.reduce((max, e) => Math.max(max, e.entry.seq), -1)
    if (!anchored && lastSeq < anchor.seq) {
      const ends = lastSeq < 0 ? 'has no readable entries' : `ends at entry #${lastSeq}`
      report(
        'truncated-tail',
        rawLines.length + 1,
        lastSeq + 1,
        `The log ${ends}, but its anchor records entry #${anchor.seq} as written: ` +
          `${lastSeq + 1 === anchor.seq ? `entry #${anchor.seq} was` : `entries #${lastSeq + 1}–#${anchor.seq} were`} removed from the end of the log.`,
      )
    } else if (anchored && anchored.entry.hash !== anchor.hash) {
      anchored.flagged ??= 'anchor-mismatch'
      report(
        'anchor-mismatch',
        anchored.line,
        anchor.seq,
        `Entry #${anchor.seq} (line ${anchored.line}) is not the one Signet wrote: its anchor records hash ${anchor.hash.slice(0, 12)}…, ` +
          `the log has ${anchored.entry.hash.slice(0, 12)}…. The log was rewritten from this entry or earlier.`,
      )
    }
  }
  if (!anchor && entries.length > 0) {
    // Signet writes the anchor with every entry: without it, entries cut off the end would go unseen.
    report(
      'anchor-missing',
      rawLines.length + 1,
      null,
      anchorFile === 'unreadable'
        ? 'The anchor file (audit.head.json) beside the log was edited: it no longer says which entry was written last, so entries removed from the end could not be detected.'
        : 'The anchor file (audit.head.json) beside the log is missing: it was deleted, so entries removed from the end could not be detected.',
    )
  }
  problems.sort((a, b) => a.line - b.line)
  return { status: summarise(problems, entries, rawLines.length, anchor, context), entries }
}

type ParsedLine =
  | { entry: AuditEntry; seq: number }
  | { entry: null; kind: 'not-json' | 'malformed'; error: string; seq: number | null }

function parseLine(raw: string): ParsedLine {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return { entry: null, kind: 'not-json', error: jsonSyntaxProblem(raw), seq: null }
  }
  const result = auditEntrySchema.safeParse(json)
  if (result.success) return { entry: result.data, seq: result.data.seq }
  const issue = result.error.issues[0]
  const where = issue && issue.path.length ? `${issue.path.map(String).join('.')}: ` : ''
  const seq = typeof (json as { seq?: unknown } | null)?.seq === 'number' ? (json as { seq: number }).seq : null
  return { entry: null, kind: 'malformed', error: `${where}${issue?.message ?? 'unexpected shape'}`, seq }
}

function summarise(
  problems: AuditProblem[],
  entries: VerifiedEntry[],
  lines: number,
  anchor: AuditAnchor | null,
  context: { path: string; now: Date },
): AuditChainStatus {
  const last = entries[entries.length - 1]
  return {
    intact: problems.length === 0,
    path: context.path,
    entries: entries.length,
    lines,
    head: last ? { seq: last.entry.seq, hash: last.entry.hash, at: last.entry.at } : null,
    anchor,
    firstProblem: problems[0] ?? null,
    problemCount: problems.length,
    problems: problems.slice(0, maxReportedProblems),
    checkedAt: context.now.toISOString(),
  }
}

function range(from: number, to: number): number[] {
  // A forged seq can be huge; only the ends matter for the message.
  return to - from > 1000 ? [from, to] : Array.from({ length: to - from + 1 }, (_, i) => from + i)
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
