import { candidateRun, defaultMaxTokenLength, validateCompact, type CompactKind } from './candidates'
import { findJsonSerializations } from './json-serialization'
import { percentDecodeRounds } from './percent'

/**
 * A streaming token finder over text chunks: feed it any split of the input and it reports the
 * same hits with the same positions. Memory is bounded: it carries only the unfinished run at a
 * chunk's end (at most 3 × maxTokenLength characters) and, for JSON serializations, the current
 * line while it is at most maxJsonLineLength characters.
 *
 * Compact tokens follow candidates.ts's rules; a run with percent escapes is decoded (escaped
 * escapes too, a bounded number of rounds: percent.ts) and re-searched (the hit says `percentEncoded`). A line that holds `"signature` or `"ciphertext"` and
 * a JSON object is parsed and searched for JSON serializations (json-serialization.ts).
 */

export type HitKind = CompactKind | 'jws-json' | 'jwe-json'

export interface TokenHit {
  token: string
  kind: HitKind
  /** 1-based line and column (UTF-16 code units) where the run or JSON object starts */
  line: number
  column: number
  percentEncoded: boolean
  /** for JSON serializations: where the object sits in the line's JSON value */
  jsonPath?: string
}

export interface FinderOptions {
  maxTokenLength?: number
  maxJsonLineLength?: number
}

export interface FinderStats {
  /** runs that began like a token but exceeded maxTokenLength: not decoded */
  skippedTooLong: number
  /** lines that looked like JSON serializations but exceeded maxJsonLineLength */
  skippedLongJsonLines: number
}

const runChar = /[A-Za-z0-9_\-.%]/
const jsonHint = /"(?:signatures?|ciphertext)"/

export class TokenFinder {
  readonly stats: FinderStats = { skippedTooLong: 0, skippedLongJsonLines: 0 }
  private readonly maxTokenLength: number
  private readonly maxJsonLineLength: number
  private carry = ''
  /** absolute offset of carry[0] */
  private carryOffset = 0
  private discardingRun = false
  private line = 1
  /** absolute offset of the first character of the current line */
  private lineStart = 0
  /** absolute offset up to which newlines have been counted */
  private counted = 0
  private jsonLine = ''
  private jsonLineOverflow = false
  private jsonLineNumber = 1

  constructor(options: FinderOptions = {}) {
    this.maxTokenLength = options.maxTokenLength ?? defaultMaxTokenLength
    this.maxJsonLineLength = options.maxJsonLineLength ?? 1_048_576
  }

  /** Feeds the next chunk; returns the hits that are complete. */
  push(chunk: string): TokenHit[] {
    return this.process(chunk, false)
  }

  /** Ends the input; returns the hits of the unfinished tail. */
  end(): TokenHit[] {
    return this.process('', true)
  }

  /**
   * Advances over `characters` (UTF-16 code units) of whole lines holding `newlines` newlines
   * without reading them — for a caller that has searched their bytes and knows they hold no
   * "ew"/"ey" at a token boundary (rule 1 of candidates.ts) and no JSON-serialization hint, so
   * `push` would report nothing for them. The last of them must end with a newline.
   * @returns false (nothing done) unless the finder is at a line start with nothing pending: the
   *   caller then pushes the text instead.
   */
  skipLines(characters: number, newlines: number): boolean {
    const at = this.carryOffset
    const atLineStart =
      this.carry === '' &&
      !this.discardingRun &&
      this.jsonLine === '' &&
      !this.jsonLineOverflow &&
      this.counted === at &&
      this.lineStart === at
    if (!atLineStart || newlines < 1) return false
    this.counted = this.lineStart = this.carryOffset = at + characters
    this.line += newlines
    this.jsonLineNumber = this.line
    return true
  }

  private process(chunk: string, final: boolean): TokenHit[] {
    let text = chunk
    let base = this.carryOffset + this.carry.length
    if (this.discardingRun) {
      let skip = 0
      while (skip < text.length && runChar.test(text[skip]!)) skip++
      if (skip < text.length || final) this.discardingRun = false
      this.countTo(base + skip, text.slice(0, skip))
      text = text.slice(skip)
      base += skip
    }
    const buffer = this.carry + text
    const bufferOffset = base - this.carry.length
    let cut = buffer.length
    if (!final) {
      // The carry is all run characters (it is the run a chunk ended in): only the new text is
      // looked at, and a text that continues the run leaves the join unread (a rope, not copied) —
      // re-reading the carry at every chunk made a long run cost its length squared.
      let textCut = text.length
      while (textCut > 0 && runChar.test(text[textCut - 1]!)) textCut--
      cut = textCut === 0 ? 0 : this.carry.length + textCut
      if (buffer.length - cut > this.maxTokenLength * 3) {
        this.stats.skippedTooLong++
        this.discardingRun = true
        this.carry = ''
        const hits = this.scan(buffer.slice(0, cut), bufferOffset)
        this.feedJsonLines(buffer.slice(0, cut), bufferOffset, hits)
        this.countTo(bufferOffset + buffer.length, buffer.slice(cut))
        this.carryOffset = bufferOffset + buffer.length
        return hits
      }
    }
    if (cut === 0) {
      this.carry = buffer
      this.carryOffset = bufferOffset
      return []
    }
    const done = buffer.slice(0, cut)
    const hits = this.scan(done, bufferOffset)
    this.feedJsonLines(done, bufferOffset, hits)
    this.carry = buffer.slice(cut)
    this.carryOffset = bufferOffset + cut
    if (final) this.flushJsonLine(hits)
    return hits
  }

  private scan(text: string, offset: number): TokenHit[] {
    const hits: TokenHit[] = []
    candidateRun.lastIndex = 0
    for (let match = candidateRun.exec(text); match !== null; match = candidateRun.exec(text)) {
      const run = match[0]
      const at = offset + match.index
      if (run.length > this.maxTokenLength * (run.includes('%') ? 3 : 1)) {
        this.stats.skippedTooLong++
        continue
      }
      const { line, column } = this.position(at, text, offset)
      if (run.includes('%')) {
        const decoded = percentDecodeRounds(run)
        for (const inner of decoded.matchAll(plainRun)) {
          const found = validateCompact(inner[0])
          if (found) hits.push({ token: found.token, kind: found.kind, line, column, percentEncoded: decoded !== run })
        }
      } else {
        const found = validateCompact(run)
        if (found) hits.push({ token: found.token, kind: found.kind, line, column, percentEncoded: false })
      }
    }
    return hits
  }

  /** Advances the newline count to `at` (absolute) and gives its 1-based line and column. */
  private position(at: number, text: string, offset: number): { line: number; column: number } {
    this.countTo(at, text.slice(this.counted - offset, at - offset))
    return { line: this.line, column: at - this.lineStart + 1 }
  }

  /** `span` is the text from this.counted to `to`. */
  private countTo(to: number, span: string): void {
    if (to <= this.counted) return
    let index = span.indexOf('\n')
    while (index !== -1) {
      this.line++
      this.lineStart = this.counted + index + 1
      index = span.indexOf('\n', index + 1)
    }
    this.counted = to
  }

  private feedJsonLines(text: string, offset: number, hits: TokenHit[]): void {
    this.countTo(offset + text.length, text.slice(Math.max(0, this.counted - offset)))
    // Most text holds no JSON serialization: unless a hint is in sight (the pending line's tail
    // joined to this text, so a hint split across chunks is seen), only line numbers advance.
    // The seam is tested on its own (a hint is under 16 characters) so a big text is not copied.
    if (
      !this.jsonLineOverflow &&
      !jsonHint.test(this.jsonLine) &&
      !jsonHint.test(text) &&
      !jsonHint.test(this.jsonLine.slice(-16) + text.slice(0, 16))
    ) {
      const last = text.lastIndexOf('\n')
      if (last === -1) {
        this.appendJsonLine(text)
        return
      }
      // countTo above has just counted this text's newlines: the pending line is this.line, so
      // the text is not searched for newlines a second time.
      this.jsonLineNumber = this.line
      this.jsonLine = ''
      this.appendJsonLine(text.slice(last + 1))
      return
    }
    let start = 0
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      this.appendJsonLine(text.slice(start, newline))
      this.flushJsonLine(hits)
      this.jsonLineNumber++
      start = newline + 1
    }
    this.appendJsonLine(text.slice(start))
  }

  private appendJsonLine(piece: string): void {
    if (this.jsonLineOverflow) return
    if (this.jsonLine.length + piece.length > this.maxJsonLineLength) {
      this.jsonLineOverflow = true
      this.jsonLine = ''
      return
    }
    this.jsonLine += piece
  }

  private flushJsonLine(hits: TokenHit[]): void {
    const line = this.jsonLine
    const overflow = this.jsonLineOverflow
    this.jsonLine = ''
    this.jsonLineOverflow = false
    if (overflow) {
      this.stats.skippedLongJsonLines++
      return
    }
    if (!jsonHint.test(line)) return
    const open = line.indexOf('{')
    const close = line.lastIndexOf('}')
    if (open === -1 || close < open) return
    let value: unknown
    try {
      value = JSON.parse(line.slice(open, close + 1))
    } catch {
      return
    }
    const lineNumber = this.jsonLineNumber
    for (const hit of findJsonSerializations(value)) {
      hits.push({
        token: hit.token,
        kind: hit.kind,
        line: lineNumber,
        column: open + 1,
        percentEncoded: false,
        jsonPath: hit.path,
      })
    }
  }
}

const plainRun = /(?<![A-Za-z0-9_-])e[wy][A-Za-z0-9_\-.]*/g

/** Finds every token in a whole string (tests, HAR fields): one push and end. */
export function findTokens(text: string, options: FinderOptions = {}): { hits: TokenHit[]; stats: FinderStats } {
  const finder = new TokenFinder(options)
  const hits = [...finder.push(text), ...finder.end()]
  return { hits, stats: finder.stats }
}
