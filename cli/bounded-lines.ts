/** One line of input as boundedLines yields it: its text, or only the fact that it was too long. */
export type BoundedLine = { text: string; tooLong?: undefined } | { text?: undefined; tooLong: true }

/**
 * Splits decoded text chunks into lines as readline does with `crlfDelay: Infinity` — a line ends at
 * "\n", "\r\n" or a lone "\r"; a last line without an ending is still a line — but never holds more than
 * `maxLength` characters of one line: a longer line is discarded as it streams and yielded as
 * `{ tooLong: true }`. readline buffers a whole line before its consumer can look at its length, so a
 * 300 MB line cost 700 MB and a 1 GB one crashed with "Invalid string length".
 *
 * Leading whitespace of a line is not counted (nor kept) while nothing else has come, so a line the
 * consumer would trim to a short token or to nothing is not refused for its padding.
 *
 * @param chunks text in order (a stream with an encoding set, so UTF-8 sequences split across reads are
 *   whole); pulled one at a time, so a slow consumer slows the reading
 * @param maxLength most characters (UTF-16 code units) kept of one line
 */
export async function* boundedLines(
  chunks: AsyncIterable<string | Buffer>,
  maxLength: number,
): AsyncGenerator<BoundedLine> {
  let parts: string[] = []
  let held = 0
  let tooLong = false
  // The previous chunk ended with "\r": a "\n" starting this one belongs to that line ending.
  let afterCr = false
  const finish = (): BoundedLine => {
    const line: BoundedLine = tooLong ? { tooLong: true } : { text: parts.join('') }
    parts = []
    held = 0
    tooLong = false
    return line
  }
  const keep = (piece: string) => {
    if (tooLong || piece === '') return
    if (held === 0) piece = piece.trimStart()
    if (piece === '') return
    if (held + piece.length > maxLength) {
      tooLong = true
      parts = []
      held = 0
      return
    }
    parts.push(piece)
    held += piece.length
  }
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    if (text === '') continue
    let start = 0
    if (afterCr && text.startsWith('\n')) start = 1
    afterCr = false
    const ending = /\r\n|\r|\n/g
    ending.lastIndex = start
    for (let match = ending.exec(text); match; match = ending.exec(text)) {
      // A "\r" at the very end may be the first half of a "\r\n" split across chunks.
      if (match[0] === '\r' && match.index === text.length - 1) afterCr = true
      keep(text.slice(start, match.index))
      yield finish()
      start = match.index + match[0].length
    }
    keep(text.slice(start))
  }
  if (held > 0 || tooLong) yield finish()
}
