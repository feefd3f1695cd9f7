import { decodeBase64url } from '../encoding/base64url'

/**
 * Recognises a W3C Bitstring Status List `encodedList` (W3C VC Bitstring Status List §3.2: GZIP,
 * most-significant bit first, multibase base64url with a "u" prefix) handed to the IETF decoder, so
 * the error can say what it is instead of "not ZLIB". Returns a sentence, or undefined.
 */
export function describeW3cBitstring(lst: string): string | undefined {
  const multibase = lst.startsWith('u') && startsWithGzip(lst.slice(1))
  if (multibase || startsWithGzip(lst)) {
    return (
      'This looks like a W3C Bitstring Status List (' +
      (multibase ? 'multibase "u" prefix, ' : '') +
      'GZIP-compressed), not an IETF Token Status List: the W3C format compresses with GZIP and counts bits from the most significant one, ' +
      'so reading it as an IETF list would give wrong statuses. Check it with a W3C Verifiable Credentials tool.'
    )
  }
  return undefined
}

function startsWithGzip(text: string): boolean {
  // 4 characters are enough for the GZIP magic 0x1F 0x8B (RFC 1952 §2.3.1), "H4sI" in base64.
  const head = text.slice(0, 4)
  if (!/^[A-Za-z0-9_-]{4}$/.test(head)) return false
  const { bytes } = decodeBase64url(head, 'lst')
  return bytes[0] === 0x1f && bytes[1] === 0x8b
}
