/**
 * Finds compact JOSE objects (RFC 7515 §7.1 compact JWS, RFC 7519 unsecured JWT, RFC 7516 §7.1
 * compact JWE) in arbitrary text — log lines, HTTP bodies, source files — streaming over chunks.
 *
 * A candidate is reported only if it is structurally a JOSE object, so random base64, version
 * strings, file names and dotted identifiers are not. The false-positive rules, each tested:
 *
 * 1. Start: the first segment begins with "ey" or "ew" — the base64url of `{"`, `{ `, `{\n`, `{\r`,
 *    `{\t` — and is not preceded by a base64url character (so it is not the tail of a longer word:
 *    "abceyJ…" is not a token). An escape sequence ending just before it counts as a boundary even
 *    when its last character is a letter or digit (isTokenBoundary): a percent escape ("%22eyJ…"),
 *    escaped again or not ("%2522eyJ…"); an ANSI CSI sequence (ESC "[" parameters intermediates
 *    final byte, ECMA-48 §5.4: "\x1b[1;32meyJ…", a coloured log line; OSC ends in BEL or ESC "\",
 *    already not base64url); a JSON/JavaScript string escape ("\neyJ…", "\t", "\r", "\b", "\f",
 *    "\u003ceyJ…", "\x3ceyJ…"; "\"", "\\" and "\/" end in a non-base64url character already).
 * 2. Alphabet: segments hold only base64url characters (RFC 4648 §5) without padding, and no
 *    segment has a length ≡ 1 (mod 4), which no encoder can produce.
 * 3. Segment count: exactly 3 (JWS) or 5 (JWE). One trailing "." after a full token (the end of a
 *    sentence) is dropped first; an unsecured JWT keeps its own final dot.
 * 4. Header: decodes as UTF-8 to a JSON object (JSON.parse; duplicates are the decoder's business
 *    later) that has a non-empty string "alg".
 * 5. JWS: the payload is not empty (a detached payload carries nothing to report). The signature
 *    may be empty or not whatever alg says: a header that decodes to a JSON object with an "alg"
 *    already rules out random base64, and the mismatches are attacks to report, not noise — a
 *    stripped signature under a real alg, alg "none" with a signature left on (the linter's
 *    signature-missing and alg-none-signature findings, RFC 7515 §5.2, RFC 7518 §3.6).
 * 6. JWE: the header has a string "enc"; iv, ciphertext and tag are non-empty; the encrypted key
 *    is empty only for "dir" and "ECDH-ES" (RFC 7518 §4.5, §4.6).
 * 7. Budget: a candidate longer than `maxTokenLength` characters is not decoded; it is counted in
 *    `skippedTooLong` instead, so a megabyte of base64 costs one regex pass, not a JSON parse.
 */

export type CompactKind = 'jws' | 'unsecured' | 'jwe'

export interface CompactCandidate {
  token: string
  kind: CompactKind
  alg: string
}

/** Default budget: real tokens are a few KB; 64 KB is generous even for fat ID tokens. */
export const defaultMaxTokenLength = 65_536

const segmentAlphabet = /^[A-Za-z0-9_-]*$/

/**
 * Decides whether `text` (no surrounding characters) is a compact JOSE object under rules 2–6.
 * @returns the candidate, or null with nothing thrown: a scan meets far more non-tokens than tokens
 */
export function validateCompact(text: string): CompactCandidate | null {
  const segments = text.split('.')
  // One trailing dot beyond a full token ends a sentence; an unsecured JWT's own last dot stays.
  if ((segments.length === 4 || segments.length === 6) && segments[segments.length - 1] === '') segments.pop()
  const token = segments.join('.')
  if (segments.length !== 3 && segments.length !== 5) return null
  for (const segment of segments) {
    if (segment.length % 4 === 1 || !segmentAlphabet.test(segment)) return null
  }
  const header = segments[0]!.length < 4 ? null : decodeJsonSegment(segments[0]!)
  if (header === null) return null
  const alg = header.alg
  if (typeof alg !== 'string' || alg.length === 0) return null
  if (segments.length === 3) {
    if (segments[1]!.length === 0) return null
    return { token, kind: alg.toLowerCase() === 'none' && segments[2]!.length === 0 ? 'unsecured' : 'jws', alg }
  }
  if (typeof header.enc !== 'string' || header.enc.length === 0) return null
  if (segments[2]!.length === 0 || segments[3]!.length === 0 || segments[4]!.length === 0) return null
  const directKey = alg === 'dir' || alg === 'ECDH-ES'
  if (directKey !== (segments[1]!.length === 0)) return null
  return { token, kind: 'jwe', alg }
}

/** A base64url segment (alphabet already checked) holding a JSON object, or null. */
export function decodeJsonSegment(segment: string): Record<string, unknown> | null {
  let text: string
  try {
    text = utf8.decode(base64urlBytes(segment))
  } catch {
    return null
  }
  // A JSON object starts with "{" and ends with "}" (whitespace aside): checked before JSON.parse so
  // a decoy ("eyJh" is `{"a`) costs no parse and no thrown exception.
  if (text.trimStart()[0] !== '{' || text.trimEnd().at(-1) !== '}') return null
  try {
    const value: unknown = JSON.parse(text)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null
  } catch {
    return null
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Alphabet already checked by the caller; atob wants standard base64 with padding. */
function base64urlBytes(segment: string): Uint8Array {
  const standard = segment.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * A run that may hold a token: starts with e[wy] at a boundary (rule 1) and takes every base64url
 * character, dot and percent escape after it. Percent escapes are decoded and re-checked by the
 * finder, so "%2E"-encoded dots and a trailing "%22" are handled in one place.
 */
// The boundary is checked after "e[wy]" (lookbehind over it) so the engine scans for the two
// letters first: a leading lookbehind would run at every position (~10× slower), and one after
// the "e" alone still runs at every "e" of ordinary text.
export const candidateRun =
  // eslint-disable-next-line no-control-regex -- ESC starts an ANSI CSI sequence (rule 1)
  /e[wy](?<=(?:^|[^A-Za-z0-9_-]|%(?:25)*[0-9A-Fa-f]{2}|\x1b\[[0-?]{0,32}[ -/]{0,4}[@-~]|\\[nrtbf]|\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2})e[wy])[A-Za-z0-9_\-.%]*/g

/**
 * The characters before a token start that the boundary of rule 1 may look at: the longest escape
 * it accepts is a CSI sequence, ESC "[" + 32 parameter bytes + 4 intermediate bytes + final byte.
 * A streaming caller keeps this much text before its unfinished run (finder.ts).
 */
export const boundaryContext = 39

/**
 * Rule 1's boundary, the same as candidateRun's lookbehind, by hand: is the "e" of "ey"/"ew" at
 * `at` in `text` at a token start? Used where a regex per position would cost too much (the byte
 * finder's latin1 view: every character it looks at here is ASCII, so a byte is a character).
 * @param at index of the "e" (0 is a boundary: nothing before it)
 */
export function isTokenBoundary(text: string, at: number): boolean {
  if (at === 0) return true
  const before = text.charCodeAt(at - 1)
  if (!isRunCode(before)) return true
  // "%XX", "%25XX", "%2525XX": a percent escape, escaped again or not
  if (at >= 3 && isHexCode(before) && isHexCode(text.charCodeAt(at - 2))) {
    let percent = at - 3
    while (percent >= 2 && text.charCodeAt(percent) === 0x35 && text.charCodeAt(percent - 1) === 0x32) percent -= 2
    if (text.charCodeAt(percent) === 0x25) return true
  }
  // "\n" "\r" "\t" "\b" "\f"
  if (at >= 2 && text.charCodeAt(at - 2) === 0x5c && 'nrtbf'.includes(text[at - 1]!)) return true
  // "\uXXXX", "\xXX"
  if (at >= 6 && text.charCodeAt(at - 6) === 0x5c && text.charCodeAt(at - 5) === 0x75 && hexRun(text, at - 4, at))
    return true
  if (at >= 4 && text.charCodeAt(at - 4) === 0x5c && text.charCodeAt(at - 3) === 0x78 && hexRun(text, at - 2, at))
    return true
  // CSI: final byte 0x40–0x7E, up to 4 intermediate bytes 0x20–0x2F, up to 32 parameter bytes
  // 0x30–0x3F, then "[" and ESC (the three classes and "[" are disjoint: greedy is exact)
  if (before < 0x40 || before > 0x7e) return false
  let i = at - 2
  for (let n = 0; n < 4 && i >= 0 && text.charCodeAt(i) >= 0x20 && text.charCodeAt(i) <= 0x2f; n++) i--
  for (let n = 0; n < 32 && i >= 0 && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x3f; n++) i--
  return i >= 1 && text.charCodeAt(i) === 0x5b && text.charCodeAt(i - 1) === 0x1b
}

function isRunCode(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b === 0x2d
}

function isHexCode(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
}

function hexRun(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isHexCode(text.charCodeAt(i))) return false
  return true
}
