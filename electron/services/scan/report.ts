import type { Policy } from '#shared/validation-policy/policy'
import type { KeySource } from '#shared/key-material/types'
import type { ListEvidence } from '#shared/token/verify/list-checks'
import type { Finding, Severity } from '#shared/token/lint'
import { analyseToken, type ScanVerdict, type TokenAnalysis } from './analyse'
import type { InputOutcome, ScanLocation } from './find-in-input'
import type { IndexedToken, TokenIndex } from './token-index'
import { redactToken as redact, redactedLength } from '#shared/scan/redact'

/**
 * A scan's results: one entry per distinct token, redacted unless asked otherwise, and the
 * aggregates. A redacted entry shows the start of header.payload and a fingerprint, never the
 * signature: a token found in a log is a live credential, and a report is shared more widely
 * than the log it came from.
 */

export interface TokenResult extends TokenAnalysis {
  sha256: string
  /** "sha256:" + the first 16 hex digits: enough to tell tokens apart in a report */
  fingerprint: string
  /** the first characters of header.payload (or of a JSON serialization), then "…" */
  redacted: string
  /** the full token, only with showTokens */
  token?: string
  kind: IndexedToken['kind']
  occurrences: number
  locations: ScanLocation[]
}

/** An input not scanned: skipped (binary, a special file, a directory link) or failed (with its error). */
export interface InputNote {
  file: string
  status: 'binary' | 'skipped' | 'error'
  code?: string
  message: string
}

/** Inputs named in a summary's `inputs.notes`; the rest are counted in `notesOmitted`. */
export const maxInputNotes = 100

/** The code inputs.ts gives an entry it skips (a FIFO or socket in a directory, a directory link). */
export const skippedInputCode = 'ERR_SCAN_INPUT_SKIPPED'

export interface ScanSummary {
  inputs: {
    scanned: number
    binary: number
    /** special files and directory links found in a directory walk, not read */
    skipped: number
    errors: number
    characters: number
    /** the inputs behind binary, skipped and errors, at most maxInputNotes of them */
    notes: InputNote[]
    notesOmitted: number
  }
  tokens: { distinct: number; occurrences: number; skippedTooLong: number }
  byVerdict: Partial<Record<ScanVerdict, number>>
  byAlg: Record<string, number>
  byIssuer: Record<string, number>
  byKid: Record<string, number>
  findings: Record<Severity, number>
  byFinding: Record<string, number>
  /**
   * The process's exit code: 0 nothing failed; 1 a token failed verification or policy, was
   * malformed, or has a high finding (ExitRules); 2 an input could not be read
   */
  exitCode: 0 | 1 | 2
}

/** The token's header.payload prefix, never a signature character (shared/scan/redact.ts). */
export { redact, redactedLength }

export interface AnalyseOptions {
  source: KeySource | null
  policy: Policy
  at: number
  showTokens?: boolean
  /** status lists and revocation lists, prepared once with `source` (list-evidence.ts) */
  lists?: ListEvidence | null
}

/** Analyses every distinct token, in first-seen order, yielding each result as it is ready. */
export async function* analyseAll(index: TokenIndex, options: AnalyseOptions): AsyncGenerator<TokenResult> {
  for (const entry of index.tokens.values()) yield await analyseEntry(entry, options)
}

/** One distinct token's result (in this thread; a verification worker sends its analysis: analyse-parallel.ts). */
export async function analyseEntry(entry: IndexedToken, options: AnalyseOptions): Promise<TokenResult> {
  const analysis = await analyseToken(entry.token, options.source, options.policy, options.at, options.lists ?? null)
  return { ...resultHead(entry, options.showTokens ?? false), ...analysis }
}

/** The members of a result that come from the index, not the analysis, in the order every output writes them. */
export function resultHead(entry: IndexedToken, showTokens: boolean): Omit<TokenResult, keyof TokenAnalysis> {
  return {
    sha256: entry.sha256,
    fingerprint: `sha256:${entry.sha256.slice(0, 16)}`,
    redacted: redact(entry.token),
    ...(showTokens ? { token: entry.token } : {}),
    kind: entry.kind,
    occurrences: entry.occurrences,
    locations: entry.locations,
  }
}

/** What the summary counts of one result: a worker sends this beside its analysis (analyse-parallel.ts). */
export interface ResultBrief {
  verdict: ScanVerdict
  alg: string | null
  iss: string | null
  kid: string | null
  occurrences: number
  findings: readonly Pick<Finding, 'severity' | 'id'>[]
}

/** The brief of an analysis (occurrences come from the index). */
export function briefOf(analysis: TokenAnalysis): Omit<ResultBrief, 'occurrences'> {
  return {
    verdict: analysis.verdict,
    alg: analysis.alg,
    iss: analysis.iss,
    kid: analysis.kid,
    findings: analysis.findings.map((f) => ({ severity: f.severity, id: f.id })),
  }
}

/**
 * What makes a scan exit 1 (ScanSummary.exitCode): a token that failed verification or policy
 * (invalid, expired), one the strict decoder refuses although it has a token's shape (malformed:
 * duplicate members, JSON nested past the budget — the ambiguities attacks are built on), or a
 * high finding. With `failUnverifiable`, also a token no given key could check: an unknown kid, or
 * an algorithm none of the keys fits (an HS256 token against a set of public keys is the
 * algorithm-confusion pattern, RFC 8725 §2.1) — for a gate over input that should hold only tokens
 * of the issuers whose keys were given.
 */
export interface ExitRules {
  failUnverifiable?: boolean
}

export class SummaryBuilder {
  constructor(private readonly rules: ExitRules = {}) {}

  private readonly summary: ScanSummary = {
    inputs: { scanned: 0, binary: 0, skipped: 0, errors: 0, characters: 0, notes: [], notesOmitted: 0 },
    tokens: { distinct: 0, occurrences: 0, skippedTooLong: 0 },
    byVerdict: {},
    byAlg: {},
    byIssuer: {},
    byKid: {},
    findings: { high: 0, medium: 0, low: 0, info: 0 },
    byFinding: {},
    exitCode: 0,
  }

  addInputs(inputs: readonly InputOutcome[]): void {
    const counts = this.summary.inputs
    const note = (entry: InputNote) => {
      if (counts.notes.length < maxInputNotes) counts.notes.push(entry)
      else counts.notesOmitted++
    }
    for (const input of inputs) {
      if (input.status === 'scanned') counts.scanned++
      else if (input.status === 'binary') {
        counts.binary++
        note({ file: input.file, status: 'binary', message: 'binary: a NUL byte in its first 8 KiB' })
      } else if (input.error?.code === skippedInputCode) {
        counts.skipped++
        note({ file: input.file, status: 'skipped', message: input.error.message })
      } else {
        counts.errors++
        note({
          file: input.file,
          status: 'error',
          ...(input.error ? { code: input.error.code } : {}),
          message: input.error?.message ?? 'unreadable',
        })
      }
      counts.characters += input.characters
      this.summary.tokens.skippedTooLong += input.skippedTooLong
    }
  }

  add(result: ResultBrief): void {
    const s = this.summary
    s.tokens.distinct++
    s.tokens.occurrences += result.occurrences
    bump(s.byVerdict, result.verdict)
    bump(s.byAlg, result.alg ?? '(none)')
    bump(s.byIssuer, result.iss ?? '(none)')
    bump(s.byKid, result.kid ?? '(none)')
    for (const finding of result.findings) {
      s.findings[finding.severity]++
      bump(s.byFinding, finding.id)
    }
    if (
      result.verdict === 'invalid' ||
      result.verdict === 'expired' ||
      result.verdict === 'malformed' ||
      (result.verdict === 'unverifiable' && this.rules.failUnverifiable) ||
      result.findings.some((f) => f.severity === 'high')
    )
      s.exitCode = 1
  }

  /** A streamed scan counts sightings as they come (a token's later ones arrive after its result). */
  setOccurrences(total: number): void {
    this.summary.tokens.occurrences = total
  }

  /** The summary; its exitCode is the process's: 2 once an input could not be read. */
  build(): ScanSummary {
    return this.summary.inputs.errors > 0 ? { ...this.summary, exitCode: 2 } : this.summary
  }
}

function bump<K extends string>(record: Partial<Record<K, number>>, key: K): void {
  record[key] = (record[key] ?? 0) + 1
}
