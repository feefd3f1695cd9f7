import { StringDecoder } from 'node:string_decoder'

/**
 * Streaming UTF-8 (RFC 3629) to text, as a scan reads it: a multi-byte sequence split across
 * chunks comes out whole, invalid bytes become U+FFFD, and a byte order mark at the very start is
 * dropped (as TextDecoder does) — one elsewhere is kept.
 */
// StringDecoder, not TextDecoder: it carries a multi-byte sequence split across chunks the same
// way, and decodes through Buffer#toString at ~5× TextDecoder's streaming speed (measured on
// 64 KB chunks).
export class Utf8Text {
  private readonly decoder = new StringDecoder('utf8')
  private started = false

  /** The text the bytes complete (a trailing partial sequence waits for the next write). */
  write(bytes: Buffer): string {
    return this.text(this.decoder.write(bytes))
  }

  /** The text of what remains (an unfinished sequence becomes U+FFFD). */
  end(): string {
    return this.text(this.decoder.end())
  }

  /** The first characters decoded, whichever chunk completes them, may be the mark. */
  private text(decoded: string): string {
    if (this.started || decoded === '') return decoded
    this.started = true
    return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded
  }
}
