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

export class JsonSerializationWindow {
  /** objects dropped for exceeding the window or the depth budget */
  skipped = 0
  private pieces: Piece[] = []
  /** line and line start at the start of pieces[0] */
  private headLine = 1
  private headLineStart = 0
  private size = 0
  private open: Open[] = []
  /** "{" offsets already handled (an object holding both hints is looked at once) */
  private seen = new Set<number>()

  constructor(
    private readonly maxChars: number,
    private readonly maxDepth: number = defaultMaxJsonDepth,
  ) {}

  /**
   * Takes the next piece of text; it must start where the last one ended (else the window starts
   * over at it, and `lineAtStart`/`lineStartAtStart` are not known: give them via `restart`).
   * @param lineAtEnd the 1-based line at the end of `text`, and lineStartAtEnd that line's start
   */
  push(text: string, start: number, lineAtEnd: number, lineStartAtEnd: number, hits: JsonWindowHit[]): void {
    if (text.length === 0) return
    const last = this.pieces.at(-1)
    if (last && last.start + last.text.length !== start) this.restart(start, lineAtEnd, lineStartAtEnd, text)
    const before = this.pieces.at(-1)
    this.pieces.push({ text, start, lineAtEnd, lineStartAtEnd })
    this.size += text.length
    for (const hint of hints) {
      if (before) {
        const joint = before.text.slice(-seam) + text.slice(0, seam)
        const at = joint.indexOf(hint)
        if (at !== -1 && at < Math.min(seam, before.text.length))
          this.found(start - Math.min(seam, before.text.length) + at)
      }
      for (let at = text.indexOf(hint); at !== -1; at = text.indexOf(hint, at + 1)) this.found(start + at)
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
    return this.pieces[0]?.start ?? 0
  }

  private get windowEnd(): number {
    const last = this.pieces.at(-1)
    return last ? last.start + last.text.length : 0
  }

  /** A hint at `at`: back to the "{" of the object holding it. */
  private found(at: number): void {
    const floor = Math.max(this.windowStart, at - this.maxChars)
    let depth = 0
    let k = this.pieces.length - 1
    while (k > 0 && this.pieces[k]!.start > at) k--
    for (let i = at - 1; i >= floor; i--) {
      while (k > 0 && this.pieces[k]!.start > i) k--
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
    for (const piece of this.pieces) {
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
    for (const piece of this.pieces) {
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
    for (const piece of this.pieces) {
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
    while (this.pieces.length > 1) {
      const head = this.pieces[0]!
      if (this.size - head.text.length < this.maxChars || head.start + head.text.length > oldest) break
      this.pieces.shift()
      this.size -= head.text.length
      this.headLine = head.lineAtEnd
      this.headLineStart = head.lineStartAtEnd
    }
    const from = this.windowStart
    for (const start of this.seen) if (start < from) this.seen.delete(start)
  }
}
