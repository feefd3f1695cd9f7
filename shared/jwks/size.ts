import { SignetError } from '../errors'
import { maxJwksBytes } from '../limits'
import { formatBytes } from '../text/format-bytes'
import { utf8ByteLength, utf8LongerThan } from '../text/utf8-length'

/**
 * ERR_JWKS_TOO_LARGE, one message wherever a JWKS is measured: a file, standard input, a publish
 * target's copy, a command's output (bytes, before decoding) or text from the page (its UTF-8
 * bytes). The limit is maxJwksBytes (1 MiB) of UTF-8, which is what a verifier downloads.
 *
 * @param subject what was measured, as the sentence's subject: 'The JWKS', '"keys.json"', 'Standard input'
 * @param bytes its size in bytes, or undefined when reading stopped at the limit (a stream)
 */
export function jwksTooLarge(subject: string, bytes: number | undefined): SignetError {
  const size = bytes === undefined ? `more than ${formatBytes(maxJwksBytes)}` : formatBytes(bytes)
  return new SignetError(
    'ERR_JWKS_TOO_LARGE',
    `${subject} is ${size}; Signet reads a JWKS of at most ${formatBytes(maxJwksBytes)} (UTF-8). A real key set is a few kilobytes: check that this is the one you meant.`,
  )
}

/**
 * Refuses JWKS text whose UTF-8 encoding is over maxJwksBytes — the bytes, not the string's
 * `.length`, which a multi-byte character passes at a third of its size.
 *
 * @throws SignetError ERR_JWKS_TOO_LARGE (see jwksTooLarge)
 */
export function checkJwksTextSize(text: string, subject = 'The JWKS'): void {
  if (utf8LongerThan(text, maxJwksBytes)) throw jwksTooLarge(subject, utf8ByteLength(text))
}
