import { boundaryContext, candidateRun, defaultMaxTokenLength, validateCompact, type CompactKind } from './candidates'
import { JsonSerializationWindow, type JsonWindowHit } from './json-window'
import { percentDecodeRounds } from './percent'

/**
 * A streaming token finder over text chunks: feed it any split of the input and it reports the
 * same hits with the same positions. Memory is bounded: it carries the unfinished run at a chunk's
 * end (at most 3 × maxTokenLength characters), the few characters before it that rule 1's boundary
 * looks at (candidates.ts boundaryContext), and the window of JSON serialization search
 * (json-window.ts: maxTokenLength characters).
 *
 * Compact tokens follow candidates.ts's rules; a run with percent escapes is decoded (escaped
 * escapes too, a bounded number of rounds: percent.ts) and re-searched (the hit says
 * `percentEncoded`). JSON serializations are found by json-window.ts in any layout — on one line,
 * pretty-printed, at the end of the input without a final newline — and reported at their "{".
 */

export type HitKind = CompactKind | 'jws-json' | 'jwe-json'

export interface TokenHit {
  token: string
  kind: HitKind
  /** 1-based line and column (UTF-16 code units) where the run or JSON object starts */
  line: number
  column: number
  percentEncoded: boolean
  /** for JSON serializations: where the object sits in the line's JSON value (no longer set) */
  jsonPath?: string
}

export interface FinderOptions {
  /** budget of a compact token and of a JSON serialization, in characters */
  maxTokenLength?: number
}

export interface FinderStats {
  /** runs that began like a token but exceeded maxTokenLength: not decoded */
  skippedTooLong: number
  /** JSON objects holding a serialization's member that exceeded maxTokenLength or the depth budget */
  skippedLongJson: number
}

const runChar = /[A-Za-z0-9_\-.%]/

export class TokenFinder {
  private readonly counters = { skippedTooLong: 0 }
  private readonly maxTokenLength: number
  private carry = ''
  /** absolute offset of carry[0] */
  private carryOffset = 0
  /** up to boundaryContext characters just before carry[0]: rule 1 may look back into them */
  private context = ''
  private discardingRun = false
  private line = 1
  /** absolute offset of the first character of the current line */
  private lineStart = 0
  /** absolute offset up to which newlines have been counted */
  private counted = 0
  private readonly json: JsonSerializationWindow

  constructor(options: FinderOptions = {}) {
    this.maxTokenLength = options.maxTokenLength ?? defaultMaxTokenLength
    this.json = new JsonSerializationWindow(this.maxTokenLength)
  }

  get stats(): FinderStats {
    return { skippedTooLong: this.counters.skippedTooLong, skippedLongJson: this.json.skipped }
  }

  /** Feeds the next chunk; returns the hits that are complete. */
  push(chunk: string): TokenHit[] {
    return this.process(chunk, false)
  }

  /** Ends the input; returns the hits of the unfinished tail. */
  end(): TokenHit[] {
    const hits = this.process('', true)
    this.json.end()
    return hits
  }

  /**
   * Advances over `characters` (UTF-16 code units) of whole lines holding `newlines` newlines
   * without searching them for compact tokens — for a caller that has searched their bytes and
   * knows they hold no "ew"/"ey" at a token boundary (rule 1 of candidates.ts). The last of them
   * must end with a newline. `text`, when given, is those lines, and the caller has also found no
   * `"payload"` or `"ciphertext"` in them: the JSON serialization search keeps them (an object's
   * "{" may be lines before its "payload") without searching them; without it that search starts
   * over after them.
   * @returns false (nothing done) unless the finder is at a line start with nothing pending: the
   *   caller then pushes the text instead.
   */
  skipLines(characters: number, newlines: number, text?: string): boolean {
    const at = this.carryOffset
    const atLineStart = this.carry === '' && !this.discardingRun && this.counted === at && this.lineStart === at
    if (!atLineStart || newlines < 1) return false
    this.counted = this.lineStart = this.carryOffset = at + characters
    this.line += newlines
    this.context = ''
    const hits: JsonWindowHit[] = []
    if (text !== undefined && text.length === characters)
      this.json.push(text, at, this.line, this.lineStart, hits, true)
    else this.json.restart(this.carryOffset, this.line, this.lineStart)
    this.pendingJson.push(...hits)
    return true
  }

  /** JSON hits found by skipLines' text, reported with the next push */
  private pendingJson: JsonWindowHit[] = []

  private process(chunk: string, final: boolean): TokenHit[] {
    const hits: TokenHit[] = []
    const jsonHits: JsonWindowHit[] = this.pendingJson.splice(0)
    let text = chunk
    let base = this.carryOffset + this.carry.length
    if (this.discardingRun) {
      let skip = 0
      while (skip < text.length && runChar.test(text[skip]!)) skip++
      if (skip < text.length || final) this.discardingRun = false
      this.countTo(base + skip, text.slice(0, skip))
      this.feedJson(text.slice(0, skip), base, jsonHits)
      this.context = (this.context + text.slice(0, skip)).slice(-boundaryContext)
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
        this.counters.skippedTooLong++
        this.discardingRun = true
        this.carry = ''
        this.scanDone(buffer.slice(0, cut), bufferOffset, hits, jsonHits)
        this.countTo(bufferOffset + buffer.length, buffer.slice(cut))
        this.feedJson(buffer.slice(cut), bufferOffset + cut, jsonHits)
        this.context = (this.context + buffer.slice(cut)).slice(-boundaryContext)
        this.carryOffset = bufferOffset + buffer.length
        return this.merge(hits, jsonHits)
      }
    }
    if (cut === 0) {
      this.carry = buffer
      this.carryOffset = bufferOffset
      return this.merge(hits, jsonHits)
    }
    this.scanDone(buffer.slice(0, cut), bufferOffset, hits, jsonHits)
    this.carry = buffer.slice(cut)
    this.carryOffset = bufferOffset + cut
    return this.merge(hits, jsonHits)
  }

  /** Searches `done` (no unfinished run at its end) and moves the boundary context past it. */
  private scanDone(done: string, offset: number, hits: TokenHit[], jsonHits: JsonWindowHit[]): void {
    this.scan(done, offset, hits)
    this.countTo(offset + done.length, done.slice(Math.max(0, this.counted - offset)))
    this.feedJson(done, offset, jsonHits)
    this.context =
      done.length >= boundaryContext ? done.slice(-boundaryContext) : (this.context + done).slice(-boundaryContext)
  }

  private feedJson(text: string, offset: number, jsonHits: JsonWindowHit[]): void {
    if (text.length > 0) this.json.push(text, offset, this.line, this.lineStart, jsonHits)
  }

  private merge(hits: TokenHit[], jsonHits: JsonWindowHit[]): TokenHit[] {
    for (const hit of jsonHits)
      hits.push({ token: hit.token, kind: hit.kind, line: hit.line, column: hit.column, percentEncoded: false })
    return hits
  }

  private scan(text: string, offset: number, hits: TokenHit[]): void {
    // Rule 1 looks back up to boundaryContext characters: at the start of `text` those are the end
    // of what came before (an ANSI colour or "\u003c" split from its token by a chunk edge). The
    // context is put in front only when an "e" of a possible start is that near the start.
    const head = text.slice(0, boundaryContext + 2)
    const withContext = this.context !== '' && (head.includes('ey') || head.includes('ew'))
    const searched = withContext ? this.context + text : text
    const shift = withContext ? this.context.length : 0
    candidateRun.lastIndex = 0
    for (let match = candidateRun.exec(searched); match !== null; match = candidateRun.exec(searched)) {
      if (match.index < shift) continue
      const run = match[0]
      const at = offset + match.index - shift
      if (run.length > this.maxTokenLength * (run.includes('%') ? 3 : 1)) {
        this.counters.skippedTooLong++
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
}

const plainRun = /(?<![A-Za-z0-9_-])e[wy][A-Za-z0-9_\-.]*/g

/** Finds every token in a whole string (tests, HAR fields): one push and end. */
export function findTokens(text: string, options: FinderOptions = {}): { hits: TokenHit[]; stats: FinderStats } {
  const finder = new TokenFinder(options)
  const hits = [...finder.push(text), ...finder.end()]
  return { hits, stats: finder.stats }
}
