import { SignetError } from '../errors'
import { jsonSyntaxProblem } from '../encoding/json-syntax'
import { formatBytes } from '../text/format-bytes'
import { plural } from '../text/plural'
import { utf8ByteLength, utf8LongerThan } from '../text/utf8-length'

/**
 * Walks a HAR 1.2 capture (http://www.softwareishard.com/blog/har-12-spec/) and yields every text
 * field where a browser or server puts a token, with where it was found. Token finding itself is
 * the caller's (finder.ts over each field), so the same rules apply to HAR and to plain text.
 *
 * Fields, per entry: request.url, request.queryString[].value, request.headers[].value,
 * request.cookies[].value, request.postData.text, request.postData.params[].value,
 * response.headers[].value, response.cookies[].value, response.redirectURL, response.content.text
 * (base64-decoded first when content.encoding is "base64"). Values of URLs, query strings, cookies
 * and form parameters are yielded as captured; the finder percent-decodes what is escaped.
 *
 * Budgets (errors): ERR_SCAN_HAR_TOO_LARGE above maxBytes bytes of UTF-8, ERR_SCAN_HAR_TOO_MANY_ENTRIES
 * above maxEntries entries, ERR_SCAN_HAR_INVALID when it is not JSON with log.entries.
 */

export interface HarField {
  /** 0-based index into log.entries */
  entry: number
  /** e.g. "request.headers[Authorization]", "response.content.text" */
  field: string
  value: string
}

export interface HarBudget {
  /** the capture's size in bytes: of the file (decompressed) when read from disk, of its UTF-8 when given as text */
  maxBytes?: number
  maxEntries?: number
}

export const defaultHarBudget = { maxBytes: 512 * 1024 * 1024, maxEntries: 200_000 } as const

type Obj = Record<string, unknown>

/**
 * ERR_SCAN_HAR_TOO_LARGE, one message for the text check here and the byte checks of a file
 * (electron/services/scan/find-in-input.ts).
 *
 * @param bytes the capture's size, or undefined when decompression stopped at the limit
 */
export function harTooLarge(where: string, bytes: number | undefined, maxBytes: number): SignetError {
  return new SignetError(
    'ERR_SCAN_HAR_TOO_LARGE',
    `${where} is ${bytes === undefined ? `more than ${formatBytes(maxBytes)} decompressed` : formatBytes(bytes)}, above the ${formatBytes(maxBytes)} limit for a HAR capture; split the capture, or scan it as plain text with --no-har.`,
    { segment: where },
  )
}

export function parseHar(text: string, where: string, budget: HarBudget = {}): Obj[] {
  const maxBytes = budget.maxBytes ?? defaultHarBudget.maxBytes
  const maxEntries = budget.maxEntries ?? defaultHarBudget.maxEntries
  if (utf8LongerThan(text, maxBytes)) throw harTooLarge(where, utf8ByteLength(text), maxBytes)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new SignetError(
      'ERR_SCAN_HAR_INVALID',
      `${where} is not valid JSON, so not a HAR capture (${jsonSyntaxProblem(text)}); scan it as plain text with --no-har.`,
      { segment: where },
    )
  }
  const entries = isObj(value) && isObj(value.log) ? value.log.entries : undefined
  if (!Array.isArray(entries)) {
    throw new SignetError(
      'ERR_SCAN_HAR_INVALID',
      `${where} has no "log.entries" array, so it is not a HAR 1.2 capture; scan it as plain text with --no-har.`,
      { segment: where },
    )
  }
  if (entries.length > maxEntries) {
    throw new SignetError(
      'ERR_SCAN_HAR_TOO_MANY_ENTRIES',
      `${where} has ${plural(entries.length, 'entry', 'entries')}, above the limit of ${plural(maxEntries, 'entry', 'entries')} for a HAR capture; split the capture.`,
      { segment: where },
    )
  }
  return entries.map((entry) => (isObj(entry) ? entry : {}))
}

/** Every text field of every entry, in order. */
export function* harFields(entries: readonly Obj[]): Generator<HarField> {
  for (const [index, entry] of entries.entries()) {
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

/** Standard base64 (HAR uses RFC 4648 §4) to text; null when it is not base64 or not text. */
function base64Text(text: string): string | null {
  try {
    const binary = atob(text.replace(/\s+/g, ''))
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
