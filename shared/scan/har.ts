import {
  Tokenizer,
  TokenizerError,
  TokenParser,
  TokenParserError,
  TokenType,
  type ParsedTokenInfo,
} from '@streamparser/json'
import { SignetError } from '../errors'
import { maxHarEntryBytes, maxJsonDepth } from '../limits'
import { formatBytes } from '../text/format-bytes'
import { plural } from '../text/plural'

/**
 * Walks a HAR 1.2 capture (http://www.softwareishard.com/blog/har-12-spec/) as a stream of bytes
 * and yields every text field where a browser or server puts a token, with where it was found.
 * Token finding itself is the caller's (finder.ts over each field), so the same rules apply to HAR
 * and to plain text.
 *
 * Fields, per entry: request.url, request.queryString[].value, request.headers[].value,
 * request.cookies[].value, request.postData.text, request.postData.params[].value,
 * response.headers[].value, response.cookies[].value, response.redirectURL, response.content.text
 * (base64-decoded first when content.encoding is "base64"). Values of URLs, query strings, cookies
 * and form parameters are yielded as captured; the finder percent-decodes what is escaped.
 *
 * Memory follows the largest entry, not the capture: @streamparser/json tokenizes the bytes, and
 * each entry of log.entries is built into an object on its own (a TokenParser per entry), walked
 * and dropped. The rest of the document goes through a TokenParser that keeps nothing (keepStack
 * false) and sees each array or object nested below log's members as one null — so the whole
 * capture is still checked as JSON, and any other large part (log.pages) is not held either.
 *
 * Budget: an entry nested deeper than maxJsonDepth levels is skipped (ERR_SCAN_HAR_ENTRY_TOO_DEEP); an entry above maxEntryBytes bytes (maxHarEntryBytes) is skipped — its object is dropped
 * as soon as it passes the limit, its tokens are counted to its end — and reported through
 * `skipped`; ERR_SCAN_HAR_INVALID when the bytes are not JSON or hold no log.entries array.
 */

export interface HarField {
  /** 0-based index into log.entries */
  entry: number
  /** e.g. "request.headers[Authorization]", "response.content.text" */
  field: string
  value: string
}

export interface HarBudget {
  /** largest entry read, in bytes of its JSON; default maxHarEntryBytes */
  maxEntryBytes?: number
}

/**
 * An entry skipped: its 0-based index, its size in bytes of JSON, and why — over the byte budget, or
 * nested deeper than maxJsonDepth (a parser's stack grows with nesting: 15 million brackets in a
 * 30 MB entry held 4 GB).
 */
export interface SkippedHarEntry {
  entry: number
  bytes: number
  reason: 'size' | 'depth'
}

type Obj = Record<string, unknown>

/** An array or object below log's members, from its first token to its last. */
interface Element {
  start: number
  /** open brackets and braces inside it */
  depth: number
  /** its index in log.entries; undefined for anything else */
  entry: number | undefined
  /** builds the entry; null once it passed the budget, and for anything that is not an entry */
  parser: TokenParser | null
}

/**
 * A HAR capture pushed in byte chunks (any split). Fields are given to `onFields`, entry by entry,
 * as each entry ends.
 *
 * @throws SignetError ERR_SCAN_HAR_INVALID from push or end, naming the byte offset, never the text
 */
export class HarReader {
  /** entries seen so far (each element of log.entries, whatever its type) */
  entries = 0
  /** bytes pushed so far */
  bytes = 0
  readonly skipped: SkippedHarEntry[] = []
  private readonly maxEntryBytes: number
  private tokenizer = new Tokenizer()
  /** offset in the fed bytes of the current tokenizer's first byte (a fresh one starts after a skipped entry) */
  private base = 0
  /** bytes given to a tokenizer or to the skip scanner so far */
  private fed = 0
  /** set while the raw bytes of an entry past the budget are skipped (not tokenized, nothing kept) */
  private skip: RawSkip | null = null
  /** the document outside the elements: checked as JSON, kept nowhere */
  private readonly outer = new TokenParser({ paths: ['$.log.entries'], keepStack: false })
  /** the containers open outside any element: whether each is an array, and its current key */
  private readonly containers: { array: boolean; key: string | undefined }[] = []
  private lastString: string | undefined
  private element: Element | null = null
  private sawEntries = false
  private readonly decoder = new TextDecoder('utf-8')
  private readonly encoder = new TextEncoder()
  /** where the last token started, for an error message */
  private lastOffset = 0

  constructor(
    private readonly where: string,
    private readonly onFields: (fields: HarField[]) => void,
    budget: HarBudget = {},
  ) {
    this.maxEntryBytes = budget.maxEntryBytes ?? maxHarEntryBytes
    this.tokenizer.onToken = (token) => this.token(token)
    this.outer.onValue = ({ value }) => {
      if (Array.isArray(value)) this.sawEntries = true
    }
  }

  /** Feeds the next bytes (UTF-8, a leading byte order mark allowed). */
  push(chunk: Uint8Array): void {
    // An empty chunk says nothing, and must not flush the decoder below: it would end a multi-byte
    // character (or the byte order mark) cut across two chunks as U+FFFD.
    if (chunk.length === 0) return
    this.bytes += chunk.length
    try {
      // The tokenizer rejects invalid UTF-8 in a string outright; a capture is read as the old
      // whole-text path read it (an invalid byte becomes U+FFFD), so a stray byte in one body does
      // not lose the capture. Offsets are then of this decoded text's UTF-8, within a few bytes.
      // An ASCII chunk (most of a capture: base64 bodies, headers) needs no such pass.
      if (isAscii(chunk)) {
        const pending = this.decoder.decode()
        if (pending) this.feed(this.encoder.encode(pending))
        this.feed(chunk)
      } else {
        this.feed(this.encoder.encode(this.decoder.decode(chunk, { stream: true })))
      }
    } catch (error) {
      throw this.invalid(error)
    }
  }

  /**
   * The bytes to the tokenizer, or past an entry over the budget. The budget is checked after each
   * write: once an entry is past it, its parser is dropped and the tokenizer too — it would go on
   * accumulating a string value however large (a 1 GB content.text) before the entry ends — and the
   * rest of the entry's bytes go through skipRaw, which keeps nothing; a fresh tokenizer starts at
   * the byte after the entry's closing brace. So memory holds at most one entry's budget and a chunk.
   */
  private feed(bytes: Uint8Array): void {
    let from = 0
    while (from < bytes.length) {
      if (this.skip) {
        const end = skipRaw(this.skip, bytes, from)
        if (end < 0) {
          this.fed += bytes.length - from
          return
        }
        this.fed += end + 1 - from
        from = end + 1
        this.endSkip()
        continue
      }
      const rest = from === 0 ? bytes : bytes.subarray(from)
      this.tokenizer.write(rest)
      this.fed += rest.length
      from = bytes.length
      const element = this.element
      if (element?.parser && this.fed - element.start > this.maxEntryBytes) this.overBudget(element, 'size')
      if (element && element === this.element && element.entry !== undefined && !element.parser) this.startSkip(element)
    }
  }

  /** The entry over budget: what the tokenizer was in the middle of, then raw skipping to its end. */
  private startSkip(element: Element): void {
    const state = (this.tokenizer as unknown as { state: number }).state
    this.skip = {
      depth: element.depth,
      inString: state >= tokenizerStringStates.first && state <= tokenizerStringStates.last,
      escaped: state === tokenizerStringStates.afterBackslash,
    }
  }

  /** The skipped entry closed at the last byte fed: it ends as a tokenized one would, and a fresh tokenizer goes on. */
  private endSkip(): void {
    const element = this.element!
    this.skip = null
    this.element = null
    this.skipped.at(-1)!.bytes = this.fed - element.start
    this.outer.write({ token: TokenType.NULL, value: null })
    this.base = this.fed
    this.tokenizer = new Tokenizer()
    this.tokenizer.onToken = (token) => {
      token.offset += this.base
      this.token(token)
    }
  }

  /** Ends the capture: checks it was a whole JSON document with a log.entries array. */
  end(): void {
    try {
      const tail = this.decoder.decode()
      if (tail) this.feed(this.encoder.encode(tail))
      if (this.skip) throw new Error('unfinished')
      this.tokenizer.end()
      // The outer parser ends itself when the root value closes; still open, the capture is cut short.
      if (!this.outer.isEnded) throw new Error('unfinished')
    } catch {
      throw new SignetError(
        'ERR_SCAN_HAR_INVALID',
        `${this.where} ends before its JSON does (at byte ${this.bytes}), so it is not a whole HAR capture; scan it as plain text with --no-har.`,
        { segment: this.where },
      )
    }
    if (!this.sawEntries)
      throw new SignetError(
        'ERR_SCAN_HAR_INVALID',
        `${this.where} has no "log.entries" array, so it is not a HAR 1.2 capture; scan it as plain text with --no-har.`,
        { segment: this.where },
      )
  }

  private token(info: ParsedTokenInfo): void {
    this.lastOffset = info.offset
    const element = this.element
    if (element) {
      // Checked before the token goes in: the token that passes the limit never completes the entry.
      if (element.parser && info.offset - element.start > this.maxEntryBytes) this.overBudget(element, 'size')
      element.parser?.write(info)
      if (info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET) {
        // Past the depth budget the entry is dropped: nesting costs the parser memory, not bytes.
        if (++element.depth > maxJsonDepth && element.parser) this.overBudget(element, 'depth')
      } else if (info.token === TokenType.RIGHT_BRACE || info.token === TokenType.RIGHT_BRACKET) element.depth--
      if (element.depth > 0) return
      this.element = null
      if (element.entry !== undefined && !element.parser) {
        this.skipped.at(-1)!.bytes = info.offset + 1 - element.start
      }
      this.outer.write({ token: TokenType.NULL, value: null })
      return
    }
    const open = info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET
    const depth = this.containers.length
    const inEntries = depth === 3 && this.isEntries()
    if (open && depth === 3) {
      this.element = { start: info.offset, depth: 1, entry: undefined, parser: null }
      if (inEntries) this.startEntry(this.element)
      this.element.parser?.write(info)
      return
    }
    if (inEntries && isValueToken(info.token)) this.entries++
    this.outer.write(info)
    switch (info.token) {
      case TokenType.LEFT_BRACE:
      case TokenType.LEFT_BRACKET:
        this.containers.push({ array: info.token === TokenType.LEFT_BRACKET, key: undefined })
        break
      case TokenType.RIGHT_BRACE:
      case TokenType.RIGHT_BRACKET:
        this.containers.pop()
        break
      case TokenType.STRING:
        this.lastString = info.value as string
        break
      case TokenType.COLON:
        this.containers.at(-1)!.key = this.lastString
        break
    }
  }

  /** The open containers are the root object, its "log" object and that one's "entries" array. */
  private isEntries(): boolean {
    const [root, log, entries] = this.containers
    return !root!.array && root!.key === 'log' && !log!.array && log!.key === 'entries' && entries!.array
  }

  private startEntry(element: Element): void {
    const index = this.entries++
    element.entry = index
    const parser = new TokenParser({ paths: ['$'] })
    parser.onValue = ({ value }) => this.onFields([...entryFields(index, isObj(value) ? value : {})])
    element.parser = parser
  }

  private overBudget(element: Element, reason: SkippedHarEntry['reason']): void {
    element.parser = null
    this.skipped.push({ entry: element.entry!, bytes: this.fed - element.start, reason })
  }

  /** The library's errors as ERR_SCAN_HAR_INVALID; anything else (a caller's error) as it is. */
  private invalid(error: unknown): unknown {
    if (!(error instanceof TokenizerError || error instanceof TokenParserError)) return error
    // The library's messages quote the input: only the position is kept, so a credential next to
    // the broken JSON is never printed.
    const position = /absolute position "(\d+)"/.exec(error.message)
    const at = position ? this.base + Number(position[1]) : this.lastOffset
    return new SignetError(
      'ERR_SCAN_HAR_INVALID',
      `${this.where} is not valid JSON at byte ${at}, so not a whole HAR capture; scan it as plain text with --no-har.`,
      { segment: this.where },
    )
  }
}

/**
 * ERR_SCAN_HAR_ENTRY_TOO_LARGE for the entries a HarReader skipped: one message for them all, that
 * names the first and states the limit. The rest of the capture was scanned.
 */
export function harEntriesSkipped(
  where: string,
  skipped: readonly SkippedHarEntry[],
  maxEntryBytes: number = maxHarEntryBytes,
): SignetError {
  const first = skipped[0]!
  const others =
    skipped.length > 1
      ? ` and ${plural(skipped.length - 1, 'other entry', 'other entries')}${skipped.some((s) => s.reason !== first.reason) ? ` (over the ${formatBytes(maxEntryBytes)} or the ${maxJsonDepth}-level limit)` : ''}`
      : ''
  const verb = skipped.length > 1 ? 'were' : 'was'
  const rest =
    'the rest of the capture was scanned. Scan the file as plain text with --no-har to search those entries too.'
  if (first.reason === 'depth')
    return new SignetError(
      'ERR_SCAN_HAR_ENTRY_TOO_DEEP',
      `${where}: entry ${first.entry}${others}, nested deeper than ${maxJsonDepth} levels of arrays and objects (a HAR entry needs fewer than 10), ${verb} skipped; ${rest}`,
      { segment: where },
    )
  return new SignetError(
    'ERR_SCAN_HAR_ENTRY_TOO_LARGE',
    `${where}: entry ${first.entry} (${formatBytes(first.bytes)})${others} above the ${formatBytes(maxEntryBytes)} limit for one HAR entry ${verb} skipped; ${rest}`,
    { segment: where },
  )
}

/** Reads a whole capture given as text or bytes (tests, small inputs): its fields and skipped entries. */
export function readHar(
  input: string | Uint8Array,
  where: string,
  budget: HarBudget = {},
): { fields: HarField[]; skipped: SkippedHarEntry[]; entries: number } {
  const fields: HarField[] = []
  const reader = new HarReader(where, (more) => fields.push(...more), budget)
  reader.push(typeof input === 'string' ? new TextEncoder().encode(input) : input)
  reader.end()
  return { fields, skipped: reader.skipped, entries: reader.entries }
}

/** Every text field of one entry, in order. */
export function* entryFields(index: number, entry: Obj): Generator<HarField> {
  const request = isObj(entry.request) ? entry.request : {}
  const response = isObj(entry.response) ? entry.response : {}
  yield* field(index, 'request.url', request.url)
  yield* named(index, 'request.queryString', request.queryString)
  yield* named(index, 'request.headers', request.headers)
  yield* named(index, 'request.cookies', request.cookies)
  const postData = isObj(request.postData) ? request.postData : {}
  yield* field(index, 'request.postData.text', postData.text)
  yield* named(index, 'request.postData.params', postData.params)
  yield* named(index, 'response.headers', response.headers)
  yield* named(index, 'response.cookies', response.cookies)
  yield* field(index, 'response.redirectURL', response.redirectURL)
  const content = isObj(response.content) ? response.content : {}
  if (typeof content.text === 'string') {
    if (content.encoding === 'base64') {
      const decoded = base64Text(content.text)
      if (decoded !== null) yield { entry: index, field: 'response.content.text(base64)', value: decoded }
    } else {
      yield { entry: index, field: 'response.content.text', value: content.text }
    }
  }
}

function* field(entry: number, name: string, value: unknown): Generator<HarField> {
  if (typeof value === 'string' && value.length > 0) yield { entry, field: name, value }
}

/** Arrays of {name, value}: the name goes into the location ("request.headers[Authorization]"). */
function* named(entry: number, name: string, list: unknown): Generator<HarField> {
  if (!Array.isArray(list)) return
  for (const item of list) {
    if (!isObj(item) || typeof item.value !== 'string' || item.value.length === 0) continue
    const label =
      typeof item.name === 'string'
        ? [...item.name.slice(0, 64)].map((c) => (c < ' ' || c === '\u007f' || c === ']' ? '?' : c)).join('')
        : '?'
    yield { entry, field: `${name}[${label}]`, value: item.value }
  }
}

/**
 * Standard base64 (HAR uses RFC 4648 §4) to text, null when it is not base64. The bytes are read
 * as UTF-8 leniently: a body that is mostly text with a few other bytes (an image inside a
 * multipart body, a Latin-1 page) keeps its tokens — they are ASCII — and the rest becomes U+FFFD.
 */
function base64Text(text: string): string | null {
  let binary: string
  try {
    binary = atob(text.replace(/\s+/g, ''))
  } catch {
    return null
  }
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return lenientUtf8.decode(bytes)
}

const lenientUtf8 = new TextDecoder('utf-8')

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Where the raw skip of an entry stands: nesting still open, and inside a string (after a backslash). */
interface RawSkip {
  depth: number
  inString: boolean
  escaped: boolean
}

/**
 * @streamparser/json's Tokenizer states inside a string (its TokenizerStates enum, 0.0.x: STRING_DEFAULT
 * 13 … STRING_INCOMPLETE_CHAR 19, STRING_AFTER_BACKSLASH 14). Read from its private `state` when an
 * entry is cut off mid-string; test/unit/shared/scan/har.test.ts pins them with a cut in every state.
 */
const tokenizerStringStates = { first: 13, last: 19, afterBackslash: 14 }

/**
 * Scans JSON bytes from `from` for the end of the open value: counts brackets and braces outside
 * strings, strings by their quotes and backslash escapes (RFC 8259 §7; a multi-byte UTF-8 character
 * has no byte below 0x80, so bytes suffice). Returns the index of the byte that closes depth 0, or
 * -1 when `bytes` ends first (`skip` then holds where it stands).
 */
function skipRaw(skip: RawSkip, bytes: Uint8Array, from: number): number {
  let { depth, inString, escaped } = skip
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i]!
    if (inString) {
      if (escaped) escaped = false
      else if (b === 0x5c) escaped = true
      else if (b === 0x22) inString = false
    } else if (b === 0x22) inString = true
    else if (b === 0x7b || b === 0x5b) depth++
    else if ((b === 0x7d || b === 0x5d) && --depth === 0) return i
  }
  skip.depth = depth
  skip.inString = inString
  skip.escaped = escaped
  return -1
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false
  return true
}

function isValueToken(token: TokenType): boolean {
  return (
    token === TokenType.STRING ||
    token === TokenType.NUMBER ||
    token === TokenType.TRUE ||
    token === TokenType.FALSE ||
    token === TokenType.NULL
  )
}
