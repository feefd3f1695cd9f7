import { isAscii } from 'node:buffer'
import { TokenFinder, type FinderOptions, type TokenHit } from '#shared/scan/finder'
import { Utf8Text } from './utf8-text'

/**
 * The token finder over raw UTF-8 bytes, with the same hits at the same lines and columns as
 * TokenFinder over the decoded text, but most bytes are never decoded: sparse logs hold a token
 * every few kilobytes, and decoding every byte to a JS string and walking it cost more than the
 * search itself.
 *
 * Each chunk's whole lines are searched natively (Buffer#indexOf) for what could start a hit:
 * "ey"/"ew" at a token boundary (candidates.ts rule 1, the same boundary as its regex: not after
 * [A-Za-z0-9_-] unless after a percent escape), `"signature` or `"ciphertext"` (the finder's
 * JSON-serialization hint). Only the lines holding one are decoded and pushed; the runs of lines
 * between them are skipped with their newlines counted (TokenFinder#skipLines) when they are
 * ASCII, so a character is a byte and columns stay exact. Everything else — the partial line at
 * a chunk's edges, non-ASCII runs of lines, a chunk with no newline — is decoded and pushed as
 * before, so the line and percent rules stay in one place (the finder).
 */
export class ByteTokenFinder {
  /** UTF-16 code units of text seen (decoded or skipped), after a leading byte order mark */
  characters = 0
  readonly finder: TokenFinder
  private readonly text = new Utf8Text()
  /** per chunk: the next position of each needle at or after the search point, -1 for none */
  private readonly next = new Array<number>(needles.length)

  constructor(options: FinderOptions = {}) {
    this.finder = new TokenFinder(options)
  }

  get stats(): TokenFinder['stats'] {
    return this.finder.stats
  }

  /** Feeds the next chunk of bytes; returns the hits that are complete. */
  push(bytes: Buffer): TokenHit[] {
    const hits: TokenHit[] = []
    const first = bytes.indexOf(newline)
    if (first === -1) {
      this.decode(bytes, hits)
      return hits
    }
    const end = bytes.lastIndexOf(newline) + 1
    // Up to the first newline: the end of the line the previous chunk left open.
    this.decode(bytes.subarray(0, first + 1), hits)
    this.next.fill(-2)
    // `at` is always a line start: bytes[at - 1] is a newline.
    let at = first + 1
    while (at < end) {
      const mark = this.nextMark(bytes, at, end)
      const lineStart = mark === -1 ? end : bytes.lastIndexOf(newline, mark) + 1
      if (lineStart > at) this.skip(bytes.subarray(at, lineStart), hits)
      if (mark === -1) break
      const lineEnd = bytes.indexOf(newline, mark) + 1
      this.decode(bytes.subarray(lineStart, lineEnd), hits)
      at = lineEnd
    }
    if (end < bytes.length) this.decode(bytes.subarray(end), hits)
    return hits
  }

  /** Ends the input; returns the hits of the unfinished tail. */
  end(): TokenHit[] {
    const hits: TokenHit[] = []
    const tail = this.text.end()
    this.characters += tail.length
    if (tail) hits.push(...this.finder.push(tail))
    hits.push(...this.finder.end())
    return hits
  }

  private decode(bytes: Buffer, hits: TokenHit[]): void {
    const text = this.text.write(bytes)
    this.characters += text.length
    if (text) for (const hit of this.finder.push(text)) hits.push(hit)
  }

  /** Whole lines without a mark: skipped when ASCII and the finder is at a line start. */
  private skip(lines: Buffer, hits: TokenHit[]): void {
    if (isAscii(lines) && this.finder.skipLines(lines.length, countNewlines(lines))) {
      this.characters += lines.length
      return
    }
    this.decode(lines, hits)
  }

  /** The first mark in [from, end), or -1. Each needle is searched once per stretch it skips. */
  private nextMark(bytes: Buffer, from: number, end: number): number {
    let best = -1
    for (let k = 0; k < needles.length; k++) {
      let found = this.next[k]!
      if (found !== -1 && found < from) {
        found = bytes.indexOf(needles[k]!, from)
        if (k < 2)
          while (found !== -1 && found < end && !atBoundary(bytes, found)) found = bytes.indexOf(needles[k]!, found + 1)
        this.next[k] = found
      }
      if (found !== -1 && found < end && (best === -1 || found < best)) best = found
    }
    return best
  }
}

const newline = 0x0a
const needles = [Buffer.from('ey'), Buffer.from('ew'), Buffer.from('"signature'), Buffer.from('"ciphertext"')]

/**
 * candidates.ts's boundary before "e[wy]" at `at` (at ≥ 1: a line start's previous byte is a
 * newline): not after [A-Za-z0-9_-], unless that character ends a percent escape "%XX".
 */
function atBoundary(bytes: Buffer, at: number): boolean {
  if (!isRunByte(bytes[at - 1]!)) return true
  return at >= 3 && bytes[at - 3] === 0x25 && isHex(bytes[at - 2]!) && isHex(bytes[at - 1]!)
}

function isRunByte(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x2d
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
}

function countNewlines(bytes: Buffer): number {
  let count = 0
  for (let i = bytes.indexOf(newline); i !== -1; i = bytes.indexOf(newline, i + 1)) count++
  return count
}
