/**
 * The one rule for "bytes of a string" wherever a budget is stated in bytes but the input is already
 * a JavaScript string (from the page, over IPC, from a parser): the length of its UTF-8 encoding
 * (RFC 3629), exactly what TextEncoder would write, counted without allocating it. A string's
 * `.length` counts UTF-16 code units, which a 3-byte character passes at a third of its size.
 *
 * Lone surrogates count 3 bytes, as TextEncoder replaces each with U+FFFD.
 *
 * @returns a whole number of bytes, between `text.length` and `3 × text.length`
 */
export function utf8ByteLength(text: string): number {
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) continue
    if (unit < 0x800) {
      bytes += 1
      continue
    }
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        // a pair: two code units, one 4-byte character
        bytes += 2
        i++
        continue
      }
    }
    bytes += 2
  }
  return bytes
}

/**
 * Whether `text`'s UTF-8 encoding is longer than `maxBytes`. Cheap on both ends: a string with more
 * code units than the limit is over it (each unit is at least one byte), and one with at most a
 * third as many is under it (each unit is at most three bytes); only between are the bytes counted.
 */
export function utf8LongerThan(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true
  if (text.length * 3 <= maxBytes) return false
  return utf8ByteLength(text) > maxBytes
}
