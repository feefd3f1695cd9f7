/**
 * Percent-decoding (RFC 3986 §2.1) that never throws: decodeURIComponent rejects the whole string
 * for one stray "%" or a split UTF-8 sequence, but a scan must still see the tokens around it.
 * Escapes are decoded byte-wise and the bytes read as UTF-8 (invalid sequences become U+FFFD);
 * a "%" not followed by two hex digits is kept as it is. "+" is left alone: in a token it is never
 * a space, and form bodies are handled by the HAR walker per field.
 */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    const bytes = new Uint8Array(run.length / 3)
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(run.slice(i * 3 + 1, i * 3 + 3), 16)
    return lenientUtf8.decode(bytes)
  })
}

const lenientUtf8 = new TextDecoder('utf-8')
