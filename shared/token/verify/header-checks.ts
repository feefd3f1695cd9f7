import type { DecodedSignature, DecodedToken } from '../decode'
import type { JsonObject } from '../../encoding/json'
import { headerRegistry } from '../registry'
import { check, type Check } from './check'

/**
 * Checks on the token itself, before keys: is it encoded exactly as the standard requires, are its
 * header parameters protected by the signature, does it demand extensions Signet does not
 * understand. None of these depend on the key or on time.
 */

/** JWS extensions Signet processes (RFC 7797 "b64"); any other name in "crit" must be rejected. */
export const understoodCritical = ['b64'] as const

/**
 * Strict encoding. The decoder forgives what a person pasting a token needs forgiven (a "Bearer "
 * prefix, surrounding whitespace, line wrapping) so the token can be read at all; a verifier must
 * not, because a server receiving the same bytes would reject them.
 */
export function encodingCheck(decoded: DecodedToken): Check {
  const problems: string[] = []
  // The shared normalisation (normalize.ts) says which of its changes altered the token itself.
  for (const change of decoded.notes.changes ?? []) {
    if (change.kind === 'inner-whitespace')
      problems.push(
        'it contains whitespace or line breaks inside; they were removed to read it, but a server would reject the token as sent',
      )
    else if (change.altersToken)
      problems.push(`Signet removed ${change.message} to read it, but a server would reject the token as sent`)
  }
  if (decoded.notes.nonCanonicalSegments.length > 0) {
    problems.push(
      `the base64url of ${decoded.notes.nonCanonicalSegments.join(', ')} is not canonical (unused trailing bits are set), so the same bytes have two encodings — a malleability that strict verifiers reject`,
    )
  }
  if (decoded.notes.duplicateMembers.length > 0) {
    const first = decoded.notes.duplicateMembers[0]!
    problems.push(`the ${first.segment} has the member "${first.member}" twice, so parsers disagree on its value`)
  }
  if (problems.length > 0)
    return check('encoding', 'fail', `The token is not strictly encoded: ${problems.join('; ')}.`)
  const forgiven = decoded.notes.normalized.length
    ? ` (removed ${decoded.notes.normalized.join(', ')}, which is not part of the token)`
    : ''
  return check('encoding', 'pass', `Every segment is canonical base64url${forgiven}.`)
}

/**
 * In the JSON serialization, header parameters outside "protected" are not covered by the
 * signature: anyone can add, change or remove them (Wycheproof rejects such tokens). Signet accepts
 * only registered parameters there, and never those RFCs require to be protected.
 */
export function unprotectedHeaderCheck(unprotected: readonly (JsonObject | null)[], kind: 'JWS' | 'JWE'): Check {
  const mustBeProtected = kind === 'JWS' ? ['crit', 'b64'] : ['crit', 'zip']
  const names = unprotected.flatMap((header) => (header ? Object.keys(header) : []))
  if (names.length === 0) {
    return check('unprotected-header', 'pass', 'Every header parameter is integrity-protected.')
  }
  const forbidden = names.filter((name) => mustBeProtected.includes(name))
  const unknown = names.filter((name) => !Object.prototype.hasOwnProperty.call(headerRegistry, name))
  if (forbidden.length > 0) {
    return check(
      'unprotected-header',
      'fail',
      `${quote(forbidden)} must be in the protected header (RFC 7515 §4.1.11, RFC 7797 §6, RFC 7516 §4.1.3), but the token carries it unprotected.`,
      { unprotected: names },
    )
  }
  if (unknown.length > 0) {
    return check(
      'unprotected-header',
      'fail',
      `${quote(unknown)} sit${unknown.length === 1 ? 's' : ''} in the unprotected header: not covered by the ${kind === 'JWS' ? 'signature' : 'encryption'} and not a parameter Signet knows, so anyone could have added or changed ${unknown.length === 1 ? 'it' : 'them'}. Put header parameters in the protected header.`,
      { unprotected: names },
    )
  }
  return check(
    'unprotected-header',
    'warn',
    `${quote(names)} ${names.length === 1 ? 'is' : 'are'} unprotected: not covered by the ${kind === 'JWS' ? 'signature' : 'encryption'}, so ${names.length === 1 ? 'it' : 'they'} may have been changed in transit.`,
    { unprotected: names },
  )
}

/** RFC 7515 §4.1.11: every "crit" name must be understood, present, and not a registered name. */
export function critCheck(signature: Pick<DecodedSignature, 'protectedHeader' | 'joseHeader'>): Check {
  const crit = signature.joseHeader.crit
  if (crit === undefined) return check('crit', 'pass', 'The token declares no critical extensions.')
  if (signature.protectedHeader?.crit === undefined) {
    return check('crit', 'fail', '"crit" must be in the protected header (RFC 7515 §4.1.11).')
  }
  if (!Array.isArray(crit) || crit.length === 0 || !crit.every((name) => typeof name === 'string' && name.length > 0)) {
    return check('crit', 'fail', '"crit" must be a non-empty array of parameter names (RFC 7515 §4.1.11).')
  }
  const names = crit as string[]
  const registered = names.filter(
    (name) =>
      Object.prototype.hasOwnProperty.call(headerRegistry, name) &&
      !(understoodCritical as readonly string[]).includes(name),
  )
  if (registered.length > 0) {
    return check(
      'crit',
      'fail',
      `"crit" lists ${quote(registered)}, which RFC 7515 defines; only extension parameters may be critical.`,
      { crit: names },
    )
  }
  const unknown = names.filter((name) => !(understoodCritical as readonly string[]).includes(name))
  if (unknown.length > 0) {
    return check(
      'crit',
      'fail',
      `The token requires extension${unknown.length === 1 ? '' : 's'} ${quote(unknown)}, which Signet does not implement; RFC 7515 requires rejecting it.`,
      { crit: names },
    )
  }
  const missing = names.filter((name) => !(name in signature.joseHeader))
  if (missing.length > 0)
    return check(
      'crit',
      'fail',
      `"crit" lists ${quote(missing)} but the header does not contain ${missing.length === 1 ? 'it' : 'them'}.`,
      { crit: names },
    )
  return check('crit', 'pass', `Critical extension${names.length === 1 ? '' : 's'} ${quote(names)} understood.`, {
    crit: names,
  })
}

/** RFC 7797: "b64": false means the payload is signed as is, and it must be marked critical. */
export function b64Check(signature: Pick<DecodedSignature, 'protectedHeader' | 'joseHeader'>): Check {
  const b64 = signature.joseHeader.b64
  if (b64 === undefined)
    return check('b64', 'skipped', 'The payload is base64url-encoded, the default; RFC 7797 is not used.')
  if (typeof b64 !== 'boolean')
    return check('b64', 'fail', `"b64" must be true or false, but it is ${JSON.stringify(b64)}.`)
  if (signature.protectedHeader?.b64 === undefined)
    return check('b64', 'fail', '"b64" must be in the protected header (RFC 7797 §3).')
  const crit = signature.joseHeader.crit
  if (!Array.isArray(crit) || !crit.includes('b64')) {
    return check(
      'b64',
      'fail',
      '"b64" is used but not listed in "crit"; RFC 7797 §6 requires it there, so that verifiers unaware of it reject the token instead of misreading it.',
    )
  }
  return b64
    ? check('b64', 'pass', '"b64": true — the payload is base64url-encoded as usual.')
    : check(
        'b64',
        'pass',
        '"b64": false — the payload is signed unencoded (RFC 7797), and marked critical as required.',
      )
}

function quote(names: string[]): string {
  return names.map((name) => `"${name}"`).join(', ')
}
