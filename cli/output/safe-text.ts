/**
 * Escaping of untrusted text for a terminal. Tokens, key files, JWKS, the store and the audit log
 * can carry control characters (CR, ESC sequences that move the cursor or erase a line) and Unicode
 * bidirectional overrides that reorder what a reader sees (CVE-2021-42574, "Trojan Source"). Printed
 * raw, a rejected token could draw its own "VALID" line. Everything the CLI prints goes through
 * safeText() exactly once, in write.ts; our own colour is added after it (style.ts).
 */

// C0 controls, DEL and C1 controls; bidi embeddings/overrides/isolates (U+202A–202E, U+2066–2069),
// the implicit marks U+200E/U+200F and U+061C (Arabic letter mark); U+2028/2029 break lines. The
// character ranges are written once; each pattern below is a subset of the same list.
/** what JSON.stringify leaves raw but a terminal must not get: DEL, C1, the bidi marks, U+2028/2029 */
const beyondAscii = '\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069'
/** the C0 controls but the line feed and tab, which multiline text keeps */
const c0BeyondLines = '\\u0000-\\u0008\\u000b-\\u001f'
const unsafe = new RegExp(`[\\t\\n${c0BeyondLines}${beyondAscii}]`, 'g')
const unsafeBeyondLines = new RegExp(`[${c0BeyondLines}${beyondAscii}]`)
const unsafeInJson = new RegExp(`[${beyondAscii}]`, 'g')

const named: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t', '\u001b': '\\e' }

/** The visible escape for one unsafe character: \r, \n, \t, \e, \xHH, or \uHHHH. */
function escapeChar(char: string): string {
  if (named[char]) return named[char]
  const code = char.charCodeAt(0)
  return code < 0x100
    ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
    : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`
}

/**
 * Replaces every control and bidi character with a visible escape. `multiline` keeps line feeds and
 * tabs (whole outputs, a decrypted text); single-line fields (a kid, a claim name) keep none.
 */
export function safeText(text: string, options: { multiline?: boolean } = {}): string {
  // Most output needs nothing escaped but its own line feeds, which multiline keeps: answered by
  // one test instead of a replacement call per line feed (a bulk verify prints one line per token).
  if (options.multiline && !unsafeBeyondLines.test(text)) return text
  return text.replace(unsafe, (char) =>
    options.multiline && (char === '\n' || char === '\t') ? char : escapeChar(char),
  )
}

/** One line for a field that must not span lines (names, kids, values in a table). */
export function oneLine(text: string): string {
  return safeText(text)
}

/**
 * JSON for a terminal or a pipe: JSON.stringify escapes C0 controls already; this also writes C1
 * controls, bidi marks and line separators as \uHHHH, which parses back to the very same string.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    unsafeInJson,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/** One JSON document on one line (NDJSON), escaped as safeJson() escapes. */
export function safeJsonLine(value: unknown): string {
  return escapeJsonText(JSON.stringify(value))
}

/**
 * Text that JSON.stringify wrote (one document or several, e.g. NDJSON lines composed from parts),
 * escaped as safeJson() escapes: the escape is per character, so escaping the parts or the whole
 * gives the same text.
 */
export function escapeJsonText(json: string): string {
  return json.replace(unsafeInJson, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
