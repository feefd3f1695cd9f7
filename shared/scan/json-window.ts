import { defaultMaxJsonDepth, jsonSerializationKind, jsonSerializationToken } from './json-serialization'

/**
 * Finds JWS and JWE JSON serializations (RFC 7515 §7.2, RFC 7516 §7.2) in streamed text whatever
 * its layout: one object on a line, pretty-printed across lines, the last line of a file without a
 * final newline, a whole HAR field. It keeps a window of the last `maxChars` characters (a
 * serialization is at most that long, the compact tokens' budget), looks for the members only a
 * serialization has at its top level — `"payload"` (JWS) and `"ciphertext"` (JWE) — and for each
 * finds the object that holds it: back to its unmatched "{" (brace counting, at most `maxDepth`
 * levels, inside the window), then forward to the matching "}" (string-aware, resumable across
 * pushes, at most `maxChars` characters and `maxDepth` levels). The object's text is JSON.parse'd
 * and json-serialization.ts's strict rules decide.
 *
 * Budgets: an object that does not close within `maxChars` characters or nests deeper than
 * `maxDepth` is dropped and counted in `skipped`; memory is the window (at most `maxChars` plus the
 * largest piece pushed) and at most one open object per hint in it.
 */

export interface JsonWindowHit {
  token: string
  kind: 'jws-json' | 'jwe-json'
  /** 1-based line and column (UTF-16 code units) of the object's "{" */
  line: number
  column: number
}

interface Piece {
  text: string
  /** absolute offset of text[0] */
  start: number
  /** the line number and the absolute offset of that line's start, at the end of the piece */
  lineAtEnd: number
  lineStartAtEnd: number
}

interface Open {
  /** absolute offset of the "{" */
  start: number
  /** absolute offset of the next character to read */
  next: number
  depth: number
  inString: boolean
  escaped: boolean
}

const hints = ['"payload"', '"ciphertext"']
/** longest hint less one: what a hint split between two pieces can leave on either side */
const seam = 11
/** characters read after a hint for its ":" and the '"' of a string value */
const lookahead = 64

export class JsonSerializationWindow {
  /** objects dropped for exceeding the window or the depth budget */
  skipped = 0
  private pieces: Piece[] = []
  /** pieces[head] is the window's first piece: dropping pieces moves it (no Array#shift per piece) */
  private head = 0
  /** line and line start at the start of pieces[0] */
  private headLine = 1
  private headLineStart = 0
  private size = 0
  private open: Open[] = []
  /** "{" offsets already handled (an object holding both hints is looked at once) */
  private seen = new Set<number>()
  /** absolute offset of the last "{" taken in, -1 for none */
  private lastBrace = -1

  constructor(
    private readonly maxChars: number,
    private readonly maxDepth: number = defaultMaxJsonDepth,
  ) {}

  /**
   * Takes the next piece of text; it must start where the last one ended (else the window starts
   * over at it, and `lineAtStart`/`lineStartAtStart` are not known: give them via `restart`).
   * @param lineAtEnd the 1-based line at the end of `text`, and lineStartAtEnd that line's start
   * @param hintFree the caller has searched `text` and it holds no `"payload"` or `"ciphertext"`,
   *   and it ends with a newline (so no hint crosses its end): it is only kept, not searched
   */
  push(
    text: string,
    start: number,
    lineAtEnd: number,
    lineStartAtEnd: number,
    hits: JsonWindowHit[],
    hintFree = false,
  ): void {
    if (text.length === 0) return
    const last = this.pieces.at(-1)
    if (last && last.start + last.text.length !== start) this.restart(start, lineAtEnd, lineStartAtEnd, text)
    const brace = text.lastIndexOf('{')
    if (brace !== -1) this.lastBrace = start + brace
    // Text that no object can reach back into or through — no "{" in it, none open, none within
    // maxChars before its end — need not be kept: a hint after it finds its "{" after it, or none.
    // (Most of a sparse log: keeping its skipped lines cost the byte finder 1.3× its CPU.)
    if (
      hintFree &&
      brace === -1 &&
      this.open.length === 0 &&
      (this.lastBrace === -1 || this.lastBrace < start + text.length - this.maxChars)
    ) {
      this.restart(start + text.length, lineAtEnd, lineStartAtEnd)
      return
    }
    const before = this.pieces.at(-1)
    this.pieces.push({ text, start, lineAtEnd, lineStartAtEnd })
    this.size += text.length
    if (hintFree) {
      // no new object starts in it, but an open one may end in it
      this.advance(hits)
      this.trim()
      return
    }
    for (const hint of hints) {
      if (before) {
        const joint = before.text.slice(-seam) + text.slice(0, seam)
        const at = joint.indexOf(hint)
        if (at !== -1 && at < Math.min(seam, before.text.length))
          this.found(start - Math.min(seam, before.text.length) + at, hint.length)
      }
      for (let at = text.indexOf(hint); at !== -1; at = text.indexOf(hint, at + 1)) this.found(start + at, hint.length)
    }
    // hits in document order: the hints were looked for one kind at a time
    if (this.open.length > 1) this.open.sort((a, b) => a.start - b.start)
    this.advance(hits)
    this.trim()
  }

  /** Forgets everything before `start` (a gap: the caller skipped text without pushing it). */
  restart(start: number, lineAtEnd: number, lineStartAtEnd: number, text = ''): void {
    let newlines = 0
    let lastNewline = -1
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      newlines++
      lastNewline = i
    }
    this.pieces = []
    this.head = 0
    this.size = 0
    this.open = []
    this.seen.clear()
    this.headLine = lineAtEnd - newlines
    // the line start before the piece is unknown when the piece holds no newline: the end's is it
    this.headLineStart = lastNewline === -1 ? lineStartAtEnd : start
  }

  /** Ends the input: objects still open are incomplete JSON and are not reported. */
  end(): void {
    this.open = []
  }

  private get windowStart(): number {
    return this.pieces[this.head]?.start ?? 0
  }

  private get windowEnd(): number {
    const last = this.pieces.at(-1)
    return last ? last.start + last.text.length : 0
  }

  /**
   * A hint at `at` (`length` characters): back to the "{" of the object holding it — unless what
   * follows shows it is not a member with a string value (`"payload": {…}` in an API log is the
   * common case, and costs no object scan). Whitespace runs are bounded: past `lookahead`
   * characters, or past what the window holds yet, the object is scanned and the decoder decides.
   */
  private found(at: number, length: number): void {
    if (!this.stringMemberAt(at + length)) return
    const floor = Math.max(this.windowStart, at - this.maxChars)
    let depth = 0
    let k = this.pieces.length - 1
    while (k > this.head && this.pieces[k]!.start > at) k--
    for (let i = at - 1; i >= floor; i--) {
      while (k > this.head && this.pieces[k]!.start > i) k--
      const piece = this.pieces[k]!
      const c = piece.text.charCodeAt(i - piece.start)
      if (c === 0x7d) {
        if (++depth > this.maxDepth) return
      } else if (c === 0x7b) {
        if (depth === 0) {
          if (this.seen.has(i)) return
          this.seen.add(i)
          this.open.push({ start: i, next: i, depth: 0, inString: false, escaped: false })
          return
        }
        depth--
      }
    }
  }

  /** The index of the last piece starting at or before `at` (binary search; head if none). */
  private pieceAt(at: number): number {
    let low = this.head
    let high = this.pieces.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (this.pieces[mid]!.start <= at) low = mid
      else high = mid - 1
    }
    return low
  }

  /** After a hint: optional whitespace, ":", optional whitespace, '"' — or not known yet. */
  private stringMemberAt(from: number): boolean {
    const end = Math.min(this.windowEnd, from + lookahead)
    let colon = false
    for (let at = from; at < end; at++) {
      const c = this.codeAt(at)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
      if (!colon) {
        if (c !== 0x3a) return false
        colon = true
        continue
      }
      return c === 0x22
    }
    return true
  }

  /** The character at absolute offset `at` (in the window), searching the pieces from the end. */
  private codeAt(at: number): number {
    for (let k = this.pieces.length - 1; k >= this.head; k--) {
      const piece = this.pieces[k]!
      if (at >= piece.start) return piece.text.charCodeAt(at - piece.start)
    }
    return -1
  }

  /** Reads the open objects forward to their "}" in what the window holds. */
  private advance(hits: JsonWindowHit[]): void {
    if (this.open.length === 0) return
    const end = this.windowEnd
    const still: Open[] = []
    for (const object of this.open) {
      const close = this.read(object, end)
      if (close === -1) {
        if (object.next - object.start > this.maxChars || object.depth > this.maxDepth) this.skipped++
        else still.push(object)
        continue
      }
      const hit = this.decide(object.start, close + 1)
      if (hit) hits.push(hit)
    }
    this.open = still
  }

  /** @returns the absolute offset of the matching "}", or -1 (not yet, or over a budget) */
  private read(object: Open, end: number): number {
    const limit = Math.min(end, object.start + this.maxChars + 1)
    for (let k = this.pieceAt(object.next); k < this.pieces.length; k++) {
      const piece = this.pieces[k]!
      const pieceEnd = piece.start + piece.text.length
      if (pieceEnd <= object.next) continue
      const text = piece.text
      for (let at = object.next; at < pieceEnd && at < limit; at++) {
        const c = text.charCodeAt(at - piece.start)
        object.next = at + 1
        if (object.inString) {
          if (object.escaped) object.escaped = false
          else if (c === 0x5c) object.escaped = true
          else if (c === 0x22) object.inString = false
        } else if (c === 0x22) object.inString = true
        else if (c === 0x7b) {
          if (++object.depth > this.maxDepth) return -1
        } else if (c === 0x7d && --object.depth === 0) return at
      }
      if (object.next >= limit) break
    }
    if (object.next >= object.start + this.maxChars + 1) object.next = object.start + this.maxChars + 1
    return -1
  }

  private decide(start: number, end: number): JsonWindowHit | null {
    let value: unknown
    try {
      value = JSON.parse(this.slice(start, end))
    } catch {
      return null
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
    const object = value as Record<string, unknown>
    const kind = jsonSerializationKind(object)
    if (!kind) return null
    return { token: jsonSerializationToken(object, kind), kind, ...this.position(start) }
  }

  private slice(start: number, end: number): string {
    let out = ''
    for (let k = this.pieceAt(start); k < this.pieces.length; k++) {
      const piece = this.pieces[k]!
      const pieceEnd = piece.start + piece.text.length
      if (pieceEnd <= start || piece.start >= end) continue
      out += piece.text.slice(Math.max(0, start - piece.start), Math.min(piece.text.length, end - piece.start))
    }
    return out
  }

  /** Line and column of absolute offset `at` inside the window. */
  private position(at: number): { line: number; column: number } {
    let line = this.headLine
    let lineStart = this.headLineStart
    for (let k = this.head; k < this.pieces.length; k++) {
      const piece = this.pieces[k]!
      if (at >= piece.start + piece.text.length) {
        line = piece.lineAtEnd
        lineStart = piece.lineStartAtEnd
        continue
      }
      const upTo = at - piece.start
      for (let i = piece.text.indexOf('\n'); i !== -1 && i < upTo; i = piece.text.indexOf('\n', i + 1)) {
        line++
        lineStart = piece.start + i + 1
      }
      break
    }
    return { line, column: at - lineStart + 1 }
  }

  /** Drops whole pieces from the head while the rest still covers `maxChars` characters. */
  private trim(): void {
    const oldest = this.open.reduce((min, object) => Math.min(min, object.start), Infinity)
    while (this.pieces.length - this.head > 1) {
      const head = this.pieces[this.head]!
      if (this.size - head.text.length < this.maxChars || head.start + head.text.length > oldest) break
      this.head++
      this.size -= head.text.length
      this.headLine = head.lineAtEnd
      this.headLineStart = head.lineStartAtEnd
    }
    if (this.head > 256 && this.head * 2 > this.pieces.length) {
      this.pieces = this.pieces.slice(this.head)
      this.head = 0
    }
    const from = this.windowStart
    for (const start of this.seen) if (start < from) this.seen.delete(start)
  }
}
