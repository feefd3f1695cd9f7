import { maxPercentDecodingRounds } from '../limits'

/**
 * Percent-decoding (RFC 3986 §2.1) that never throws: decodeURIComponent rejects the whole string
 * for one stray "%" or a split UTF-8 sequence, but a scan must still see the tokens around it.
 * Escapes are decoded byte-wise and the bytes read as UTF-8 (invalid sequences become U+FFFD);
 * a "%" not followed by two hex digits is kept as it is. "+" is left alone: in a token it is never
 * a space, and form bodies are handled by the HAR walker per field.
 */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text
  return text.replace(escapeRun, (run) => {
    const bytes = new Uint8Array(run.length / 3)
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16)
    return lenientUtf8.decode(bytes)
  })
}

/**
 * percentDecode repeated while escapes remain, at most `rounds` times: a token in a URL that is
 * itself a percent-encoded parameter of another URL ("next=https%3A%2F%2Fa%2Fcb%3Ft%3DeyJ…%252E…")
 * carries its escapes escaped again ("%252E" is "%2E" is "."). The rounds are bounded
 * (maxPercentDecodingRounds, shared/limits.ts): what is still escaped after them is left as it is.
 *
 * @param text a run of candidate characters (shared/scan/candidates.ts candidateRun)
 * @param rounds at most this many decodings (default maxPercentDecodingRounds)
 * @returns the text after the last round that changed it
 */
export function percentDecodeRounds(text: string, rounds: number = maxPercentDecodingRounds): string {
  let decoded = text
  for (let round = 0; round < rounds && hasEscape.test(decoded); round++) decoded = percentDecode(decoded)
  return decoded
}

const escapeRun = /(?:%[0-9A-Fa-f]{2})+/g
const hasEscape = /%[0-9A-Fa-f]{2}/
const lenientUtf8 = new TextDecoder('utf-8')
