import { formatBytes } from '#shared/text/format-bytes'

/**
 * Small, pure descriptions the inspector panels show next to decoded values: sizes, what a
 * signature's length says about its algorithm, what an unregistered name is, and how urgent a time
 * claim is right now. Kept DOM-free so they are unit-tested directly.
 */

/** Signature lengths fixed by the algorithm (RFC 7518 §3, RFC 8037); RSA depends on the modulus. */
const fixedSignatureBytes: Record<string, number> = {
  HS256: 32,
  HS384: 48,
  HS512: 64,
  ES256: 64,
  ES384: 96,
  ES512: 132,
  ES256K: 64,
  EdDSA: 64,
  Ed25519: 64,
  Ed448: 114,
}

export interface SizeNote {
  tone: 'ok' | 'warn' | 'neutral'
  text: string
}

/** What the signature's length says, given the header's alg. */
export function signatureSizeNote(alg: unknown, length: number): SizeNote {
  if (typeof alg !== 'string')
    return { tone: 'warn', text: 'The header has no "alg": nothing says how this was signed.' }
  if (alg === 'none') {
    return length === 0
      ? { tone: 'neutral', text: 'No signature: alg "none" means anyone could have written this token.' }
      : { tone: 'warn', text: `alg is "none" but a ${formatBytes(length)} signature is attached.` }
  }
  if (length === 0) return { tone: 'warn', text: `The signature is empty, but alg "${alg}" requires one.` }
  const expected = fixedSignatureBytes[alg]
  if (expected !== undefined) {
    if (expected === length)
      return { tone: 'ok', text: `${alg} signatures are ${formatBytes(expected)}: the length matches.` }
    const hint =
      alg.startsWith('ES') && length > expected ? ' (a DER-encoded ECDSA signature? JWS requires raw R‖S)' : ''
    return {
      tone: 'warn',
      text: `${alg} signatures are ${formatBytes(expected)}, but this one is ${formatBytes(length)}${hint}.`,
    }
  }
  if (/^(RS|PS)(256|384|512)$/.test(alg)) {
    return {
      tone: 'neutral',
      text: `RSA signatures are as long as the key's modulus: this suggests a ${length * 8}-bit RSA key.`,
    }
  }
  return { tone: 'neutral', text: `"${alg}" is not an algorithm Signet knows the signature size of.` }
}

/** RFC 7519 §4.2/§4.3: names with a colon are meant to be collision-resistant public names. */
export function unregisteredNameNote(name: string, kind: 'claim' | 'header'): string {
  if (kind === 'header') {
    return 'Not a registered header parameter. A recipient ignores it unless "crit" lists it, in which case it must understand it or reject the token.'
  }
  if (name.includes(':'))
    return 'Public claim: a collision-resistant name (a URI) whose meaning its owner defines (RFC 7519 §4.2).'
  return 'Private claim: its meaning is agreed between issuer and recipient (RFC 7519 §4.3).'
}

export type TimeTone = 'bad' | 'warn' | 'ok' | 'neutral'

/** How a time claim reads at `now`: an expired exp is bad, a not-yet nbf or a future iat a warning. */
export function timeClaimTone(claim: string, seconds: number, now: number): TimeTone {
  const future = seconds > now
  switch (claim) {
    case 'exp':
      return future ? 'ok' : 'bad'
    case 'nbf':
      return future ? 'warn' : 'ok'
    case 'iat':
    case 'auth_time':
      return future ? 'warn' : 'neutral'
    default:
      return 'neutral'
  }
}
