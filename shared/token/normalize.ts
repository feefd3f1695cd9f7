import { SignetError } from '../errors'
import { maxTokenChars } from '../limits'
import { plural } from '../text/plural'

/**
 * The one normalisation step every reader of a token goes through — decode, lint, verify, decrypt,
 * the CLI and the inspector — so that they all read the same token from the same input and can
 * each say what was changed: decode shows the note, lint reports a finding, verify fails its
 * encoding check.
 *
 * What it forgives is what a person pasting a token needs forgiven: text around the token (an
 * "Authorization: Bearer …" header line, a log line), line wrapping, base64 padding. It never
 * touches bytes a signature legitimately covers: an unencoded payload (RFC 7797 "b64": false) is
 * kept byte for byte, and the JSON serialization is left as written (its strings are JSON).
 */

export type NormalizationKind =
  /** "Authorization:" header name, "Bearer " scheme: not part of the token */
  | 'header-line'
  /** leading or trailing whitespace: not part of the token */
  | 'surrounding-whitespace'
  /** the token was found inside other text (a log line) and taken out */
  | 'extracted'
  /** whitespace or line breaks inside the token: a server receiving the input would reject it */
  | 'inner-whitespace'
  /** "=" padding, which JOSE base64url forbids (RFC 7515 §2): a strict server would reject it */
  | 'padding'

export interface NormalizationChange {
  kind: NormalizationKind
  /** what was removed, as a noun phrase: "removed <message>" reads as a sentence */
  message: string
  /**
   * true when the change alters the token itself (not text around it): the input as given is not
   * strictly encoded, and a verifier must fail its encoding check.
   */
  altersToken: boolean
}

export interface NormalizedToken {
  /** the token as every reader decodes it */
  text: string
  changes: NormalizationChange[]
  /** index in `text` → index in the original input, for pointing at the user's characters */
  map: (index: number) => number
}

/** A compact JWS (3 segments) or JWE (5), each base64url with at most its padding. */
const compactShape = /^[A-Za-z0-9_-]*={0,2}(?:\.[A-Za-z0-9_-]*={0,2}){2}(?:(?:\.[A-Za-z0-9_-]*={0,2}){2})?$/
/** A compact JWS or JWE as it appears inside other text: header starts with `{"` (base64url "eyJ"). */
const embedded =
  /(?:^|[\s"'=:(<[,;])(eyJ[A-Za-z0-9_-]*={0,2}(?:\.[A-Za-z0-9_-]*={0,2}){2}(?:\.[A-Za-z0-9_-]*={0,2}){0,2})(?=$|[\s"')>\],;&])/g

/**
 * @throws ERR_TOKEN_TOO_LARGE above maxTokenChars (8,388,608 UTF-16 code units); ERR_TOKEN_MALFORMED when the text holds
 *   several tokens and it is not clear which one is meant.
 */
export function normalizeToken(input: string): NormalizedToken {
  if (input.length > maxTokenChars) {
    throw new SignetError(
      'ERR_TOKEN_TOO_LARGE',
      `The input is ${plural(input.length, 'character')}; Signet reads tokens of at most ${plural(maxTokenChars, 'character')}. ` +
        'No real token is this large: check that the right text was pasted.',
      { segment: 'token', offset: maxTokenChars },
    )
  }
  const changes: NormalizationChange[] = []
  let start = 0
  let end = input.length
  while (start < end && isSpace(input.charCodeAt(start))) start++
  while (end > start && isSpace(input.charCodeAt(end - 1))) end--
  const headerLine = /^(?:authorization\s*:\s*)?bearer\s+/i.exec(input.slice(start, Math.min(end, start + 64)))
  if (headerLine) {
    const named = /^authorization/i.test(headerLine[0])
    changes.push({
      kind: 'header-line',
      message: named ? 'the "Authorization: Bearer" of a pasted header line' : 'a leading "Bearer " prefix',
      altersToken: false,
    })
  }
  if (start > 0 && !headerLine)
    changes.push({ kind: 'surrounding-whitespace', message: 'leading whitespace', altersToken: false })
  if (end < input.length)
    changes.push({ kind: 'surrounding-whitespace', message: 'trailing whitespace', altersToken: false })
  if (headerLine) start += headerLine[0].length
  const body = input.slice(start, end)
  if (body.startsWith('{')) return { text: body, changes, map: (i) => start + i }

  // Whitespace between pieces that together make a token is line wrapping; otherwise it separates words.
  if (!hasSpace(body) || compactShape.test(body.replace(/\s+/g, ''))) return compact(body, start, changes)
  const firstDot = body.indexOf('.')
  if (firstDot > 0 && headerSaysUnencoded(stripSpace(body.slice(0, firstDot)))) return compact(body, start, changes)

  // Other text around the token: a log line, a header dump. Take the token out and say so.
  const found = [...body.matchAll(embedded)]
  if (found.length === 1) {
    const match = found[0]!
    const token = match[1]!
    const at = match.index + match[0].length - token.length
    changes.push({
      kind: 'extracted',
      message: `the text around the token (it was found at characters ${start + at}–${start + at + token.length - 1} of the input, e.g. a log line)`,
      altersToken: false,
    })
    return compact(token, start + at, changes)
  }
  if (found.length > 1) {
    throw new SignetError(
      'ERR_TOKEN_MALFORMED',
      `The text holds ${found.length} tokens; paste one at a time (the first starts at character ${start + found[0]!.index + found[0]![0].length - found[0]![1]!.length}).`,
      { segment: 'token', offset: start },
    )
  }
  // Nothing token-shaped: decode the text with whitespace removed, so errors point at a character.
  return compact(body, start, changes)
}

/**
 * A compact token: whitespace inside removed (line wrapping), valid "=" padding removed from each
 * segment — except in an unencoded payload (RFC 7797 §5.2), whose bytes are signed as they are.
 */
function compact(body: string, offset: number, changes: NormalizationChange[]): NormalizedToken {
  // Nothing to remove (the common case, and the hot one in bulk work): the body is the token.
  if (!hasSpace(body) && !body.includes('=')) return { text: body, changes, map: (i) => offset + i }
  const segments = splitSegments(body)
  const unencoded = segments.length === 3 && headerSaysUnencoded(stripSpace(segments[0]!.text))
  let text = ''
  let positions: Int32Array | null = null
  const removedSpace: string[] = []
  const removedPadding: string[] = []
  const names =
    segments.length === 5 ? ['header', 'encrypted_key', 'iv', 'ciphertext', 'tag'] : ['header', 'payload', 'signature']
  const keep = (from: number, to: number) => {
    if (positions) for (let i = from; i < to; i++) positions[text.length + i - from] = offset + i
    text += body.slice(from, to)
  }
  const track = () => {
    if (positions) return
    positions = new Int32Array(body.length + 1)
    for (let i = 0; i < text.length; i++) positions[i] = offset + i
  }
  segments.forEach((segment, index) => {
    if (index > 0) keep(segment.start - 1, segment.start)
    const name = names[index] ?? `segment ${index + 1}`
    if (unencoded && index === 1) {
      keep(segment.start, segment.start + segment.text.length)
      return
    }
    const stripped = stripSpace(segment.text)
    const padding = validPadding(stripped)
    if (stripped.length !== segment.text.length) removedSpace.push(name)
    if (padding > 0) removedPadding.push(name)
    if (stripped.length === segment.text.length && padding === 0) {
      keep(segment.start, segment.start + segment.text.length)
      return
    }
    track()
    let kept = 0
    const limit = stripped.length - padding
    for (let i = 0; i < segment.text.length && kept < limit; i++) {
      if (isSpace(segment.text.charCodeAt(i))) continue
      keep(segment.start + i, segment.start + i + 1)
      kept++
    }
  })
  if (removedSpace.length > 0) {
    changes.push({
      kind: 'inner-whitespace',
      message: 'whitespace inside the token (line wrapping)',
      altersToken: true,
    })
  }
  if (removedPadding.length > 0) {
    changes.push({
      kind: 'padding',
      message: `"=" padding from the ${removedPadding.join(', ')} (JOSE base64url has none, RFC 7515 §2)`,
      altersToken: true,
    })
  }
  const map: Int32Array | null = positions
  return {
    text,
    changes,
    map: map ? (i) => (i < text.length ? map[i]! : offset + body.length) : (i) => offset + i,
  }
}

function splitSegments(body: string): { text: string; start: number }[] {
  const segments: { text: string; start: number }[] = []
  let start = 0
  for (;;) {
    const dot = body.indexOf('.', start)
    if (dot === -1) {
      segments.push({ text: body.slice(start), start })
      return segments
    }
    segments.push({ text: body.slice(start, dot), start })
    start = dot + 1
  }
}

/** How many trailing "=" are exactly the padding this segment's length calls for (else 0: an error to report). */
function validPadding(segment: string): number {
  let count = 0
  while (count < 3 && segment.charCodeAt(segment.length - 1 - count) === 0x3d) count++
  if (count === 0 || count > 2) return 0
  const dataLength = segment.length - count
  return (dataLength % 4) + count === 4 && dataLength % 4 >= 2 ? count : 0
}

/** Reads just enough of a header to know whether the payload after it is unencoded (RFC 7797). */
function headerSaysUnencoded(header: string): boolean {
  const data = header.replace(/=+$/, '')
  if (!/^[A-Za-z0-9_-]+$/.test(data) || data.length % 4 === 1 || data.length > 64 * 1024) return false
  try {
    const binary = atob(data.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (data.length % 4)) % 4))
    const parsed: unknown = JSON.parse(binary)
    return typeof parsed === 'object' && parsed !== null && (parsed as { b64?: unknown }).b64 === false
  } catch {
    return false
  }
}

function stripSpace(text: string): string {
  return hasSpace(text) ? text.replace(/\s+/g, '') : text
}

function hasSpace(text: string): boolean {
  return /\s/.test(text)
}

/** Exactly the characters of the regular expression class \s, so both ways of skipping agree. */
function isSpace(code: number): boolean {
  return (
    (code >= 0x09 && code <= 0x0d) ||
    code === 0x20 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  )
}
