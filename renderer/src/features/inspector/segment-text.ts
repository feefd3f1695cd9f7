import { decodeBase64url } from '#shared/encoding/base64url'

/**
 * The exact text a base64url segment decodes to, as the signer signed it (key order, spacing,
 * line breaks and all), for the "as signed" view. Null when it is not UTF-8 text; the decoder has
 * already validated the segment, so a throw here would be a bug, not bad input.
 */
export function segmentText(raw: string): string | null {
  const { bytes } = decodeBase64url(raw, 'segment')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}
