/**
 * A found token as a scan report shows it by default (`signet scan`, the Scan screen and its
 * exports): the start of what it signs, never a character of a signature — a token found in a log
 * is a live credential, and a report is shared more widely than the log.
 *
 * What is shown is a prefix of the token's header.payload (RFC 7515 §7.1; a compact JWE's
 * header.encrypted_key): of a JWS JSON serialization (RFC 7515 §7.2) the same two parts are taken
 * from its members — the first signature's `protected`, then `payload` — rather than from the JSON
 * text, whose member order would put the signature within any fixed-length prefix of a small token.
 * A JWE JSON serialization shows its `protected` member only. At most `redactedLength` characters;
 * a shorter part shows its first half, so no short token is ever printed whole. Text that is not
 * one of these shapes shows nothing but "…".
 *
 * @param token the token text as found (compact, or the JSON serialization as the finder re-serialized it)
 * @returns the prefix followed by "…"
 */
export function redactToken(token: string): string {
  const shown = token.trimStart().startsWith('{') ? jsonSigned(token) : token.split('.').slice(0, 2).join('.')
  return shown.length > redactedLength
    ? `${shown.slice(0, redactedLength)}…`
    : `${shown.slice(0, Math.floor(shown.length / 2))}…`
}

/** Characters of header.payload a redacted token shows at most. */
export const redactedLength = 48

/** header.payload of a JWS JSON serialization, `protected` of a JWE one, "" for anything else. */
function jsonSigned(token: string): string {
  let value: unknown
  try {
    value = JSON.parse(token)
  } catch {
    return ''
  }
  if (!isObject(value)) return ''
  if ('ciphertext' in value) return text(value.protected)
  const first = Array.isArray(value.signatures) && isObject(value.signatures[0]) ? value.signatures[0] : value
  return `${text(first.protected)}.${text(value.payload)}`
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A member's text only when it is base64url, so nothing else of the JSON can leak through it. */
function text(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]*$/.test(value) ? value : ''
}
