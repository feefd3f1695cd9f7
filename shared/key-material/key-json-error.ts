import { SignetError } from '../errors'

/**
 * The error for key input that is not valid JSON. A parser's own message quotes the text around the
 * fault (JSON.parse: `… "k": "c2Vj"… is not valid JSON`; ours: "It decodes to: …"), and key text may
 * hold a private member (`d`, `k`, `p`…): so never pass that message on. Only the position is kept.
 *
 * @param what  how the message names the input, e.g. "key", "JWK"
 * @param error whatever the parser threw; only a numeric `offset` or `location.offset` is read
 */
export function keyJsonError(what: string, error: unknown): SignetError {
  const offset = offsetOf(error)
  const where = offset === undefined ? '' : ` (syntax error near character ${offset + 1})`
  return new SignetError(
    'ERR_KEY_INVALID',
    `The ${what} is not valid JSON${where}. Its text is not shown, as it may hold private key material; check it in an editor or with a JSON validator.`,
  )
}

function offsetOf(error: unknown): number | undefined {
  if (error instanceof SignetError) return error.location?.offset
  const offset = (error as { offset?: unknown } | null)?.offset
  return typeof offset === 'number' ? offset : undefined
}
