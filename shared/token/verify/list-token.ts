import { isSignetError } from '../../errors'
import type { KeySource } from '../../key-material/types'
import type { Policy } from '../../validation-policy/policy'
import { formatDuration, formatRelative, isNumericDate, numericDateToIso } from '../../time/relative'
import { decodeToken, type DecodedToken } from '../decode'
import type { JsonObject } from '../../encoding/json'
import { check, type Check, type CheckId } from './check'
import { verifySignature, type SignatureResult } from './verify-signature'

/**
 * What a verifier needs from a list token (a Status List Token, or a Signet revocation list) before
 * it can trust the list: the token decoded and its signature checked with the SAME key source as
 * the token it judges — a list signed by anyone else says nothing about that token. Computed once
 * (it is async); the time-dependent checks below are re-run at any instant.
 */
export interface ListTokenEvidence {
  /** null when the text is not a compact JWS with a JSON claims set; `problem` says why */
  decoded: DecodedToken | null
  header: JsonObject
  claims: JsonObject | null
  signature: SignatureResult | null
  problem: string | null
}

/**
 * Decodes `token` and verifies its signature with `source` under the policy's algorithm list.
 * Never throws for a bad list: a problem is recorded and becomes a failed check.
 */
export async function verifyListToken(
  token: string,
  source: KeySource | null,
  policy: Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>,
): Promise<ListTokenEvidence> {
  let decoded: DecodedToken
  try {
    decoded = decodeToken(token.trim())
  } catch (error) {
    return {
      decoded: null,
      header: {},
      claims: null,
      signature: null,
      problem: isSignetError(error) ? error.message : 'it cannot be decoded as a JWT.',
    }
  }
  if (decoded.type !== 'jws' || decoded.form !== 'jws-compact') {
    return {
      decoded,
      header: {},
      claims: null,
      signature: null,
      problem: `it is a ${decoded.label}, not a compact signed JWT.`,
    }
  }
  const header = decoded.signatures[0]!.joseHeader
  if (decoded.payload.kind !== 'claims')
    return { decoded, header, claims: null, signature: null, problem: 'its payload is not a JSON claims set.' }
  const signature = await verifySignature(decoded, source, { policy })
  return { decoded, header, claims: decoded.payload.claims, signature, problem: null }
}

/** `what` names the list in messages: "status list", "revocation list". */
export function listSignatureCheck(id: CheckId, evidence: ListTokenEvidence, what: string): Check {
  if (evidence.problem !== null || !evidence.signature)
    return check(id, 'fail', `The ${what} cannot be used: ${evidence.problem ?? 'it was not checked.'}`)
  const signature = evidence.signature
  if (signature.verifiedBy) {
    return check(
      id,
      'pass',
      `The ${what} is signed by ${signature.verifiedBy.label}, a key of the same source as the token.`,
      { kid: signature.verifiedBy.kid ?? null, alg: signature.alg },
    )
  }
  return check(
    id,
    'fail',
    `The ${what} does not verify with the token's key source, so it cannot vouch for the token: ${signature.signature.message}`,
    { alg: signature.alg },
  )
}

/** `typ` compares as a media type (RFC 7515 §4.1.9): case-insensitive, "application/" optional. */
export function listTypCheck(id: CheckId, header: JsonObject, expected: string, what: string): Check {
  const typ = header.typ
  const normal = (text: string) => text.toLowerCase().replace(/^application\//, '')
  if (typeof typ === 'string' && normal(typ) === normal(expected))
    return check(id, 'pass', `The ${what} declares typ "${typ}".`, { typ })
  return check(
    id,
    'fail',
    `The ${what} must declare typ "${expected}", but ${typ === undefined ? 'it declares none' : `it declares ${JSON.stringify(typ)}`}: another kind of token must not be accepted as a ${what}.`,
    { expected },
  )
}

/**
 * The list's own validity window at `at` (NumericDate seconds), with `skew` seconds of tolerance:
 * `iat` is required and not in the future, a passed `exp` rejects, and a list older than its `ttl`
 * warns — the draft (§5.1 "ttl", §13.7) says a fresh copy SHOULD then be fetched, so an offline
 * verifier can still decide, but must say the answer may be stale. `detail` carries the window
 * {iat, exp, ttl} for the validity timeline.
 */
export function listFreshnessCheck(
  id: CheckId,
  claims: JsonObject | null,
  at: number,
  skew: number,
  what: string,
): Check {
  if (!claims) return check(id, 'fail', `The ${what} has no claims, so its age is unknown.`)
  const { iat, exp, ttl } = claims
  const window = {
    iat: isNumericDate(iat) ? iat : null,
    exp: isNumericDate(exp) ? exp : null,
    ttl: typeof ttl === 'number' && Number.isSafeInteger(ttl) && ttl > 0 ? ttl : null,
    at,
    skew,
  }
  if (window.iat === null)
    return check(
      id,
      'fail',
      `The ${what} has no usable "iat" (a NumericDate), so nobody can tell how old it is.`,
      window,
    )
  if (window.iat > at + skew)
    return check(
      id,
      'fail',
      `The ${what} was issued ${when(window.iat, at)}, in the future beyond the ${formatDuration(skew)} clock skew.`,
      window,
    )
  if (window.exp !== null && at >= window.exp + skew)
    return check(id, 'fail', `The ${what} expired ${when(window.exp, at)}: fetch a current copy.`, window)
  if (exp !== undefined && window.exp === null)
    return check(id, 'fail', `The ${what}'s "exp" is not a NumericDate.`, window)
  if (ttl !== undefined && window.ttl === null)
    return check(
      id,
      'fail',
      `The ${what}'s "ttl" must be a positive whole number of seconds, not ${JSON.stringify(ttl)}.`,
      window,
    )
  if (window.ttl !== null && at > window.iat + window.ttl + skew) {
    return check(
      id,
      'warn',
      `The ${what} was issued ${when(window.iat, at)}, longer ago than its ttl of ${formatDuration(window.ttl)}: a fresh copy should be fetched, and statuses changed since are not seen.`,
      window,
    )
  }
  const until = window.exp !== null ? `, valid until ${numericDateToIso(window.exp)}` : ', with no "exp"'
  return check(
    id,
    'pass',
    `The ${what} was issued ${when(window.iat, at)}${until}${window.ttl !== null ? `, ttl ${formatDuration(window.ttl)}` : ''}.`,
    window,
  )
}

function when(seconds: number, at: number): string {
  return `${formatRelative(seconds, at)} (${numericDateToIso(seconds)})`
}
