import type { FutureIatHandling, Policy } from '../../validation-policy/policy'
import { isOutOfRangeNumber, numericDateOutOfRange } from '../../time/numeric-date-range'
import { formatDuration, formatRelative, isNumericDate, numericDateToIso } from '../../time/relative'
import type { DecodedToken } from '../decode'
import { jsonTypeName, type JsonObject, type JsonValue } from '../../encoding/json'
import { check, type Check } from './check'

/**
 * The time and claim half of verification. Synchronous and allocation-light on purpose: the
 * timeline calls it on every cursor drag with a new `at`, reusing one verifySignature result.
 */

/** What validateClaims needs: a decoded JWS, or the header and claims of a decrypted layer. */
export interface ClaimsView {
  header: JsonObject
  /** null when the payload is not a JSON claims set */
  claims: JsonObject | null
}

export function claimsViewOf(decoded: DecodedToken, signatureIndex = 0): ClaimsView {
  if (decoded.type === 'jwe') return { header: decoded.joseHeader, claims: null }
  const signature = decoded.signatures[signatureIndex] ?? decoded.signatures[0]!
  return { header: signature.joseHeader, claims: decoded.payload.kind === 'claims' ? decoded.payload.claims : null }
}

/**
 * @param at evaluation time, NumericDate seconds
 */
export function validateClaims(input: DecodedToken | ClaimsView, policy: Policy, at: number): Check[] {
  const view = 'type' in input ? claimsViewOf(input) : input
  const skew = policy.clockSkew
  const claims = view.claims
  const checks: Check[] = []
  if (claims === null) {
    const reason = 'The payload is not a JSON claims set, so there are no claims to check.'
    for (const id of ['exp', 'nbf', 'iat'] as const) checks.push(check(id, 'skipped', reason))
    checks.push(policy.maxTokenAge === undefined ? check('max-age', 'skipped', reason) : check('max-age', 'fail', `The policy limits the token's age, but ${lower(reason)}`))
    checks.push(policy.maxLifetime === undefined ? check('lifetime', 'skipped', reason) : check('lifetime', 'fail', `The policy limits the token's lifetime, but ${lower(reason)}`))
    checks.push(expectation('iss', policy.issuer, reason), expectation('aud', policy.audience, reason), expectation('sub', policy.subject, reason))
    checks.push(typCheck(view.header, policy))
    checks.push(policy.requiredClaims.length === 0 ? check('required', 'skipped', 'The policy requires no particular claims.') : check('required', 'fail', `The policy requires ${list(policy.requiredClaims)}, but ${lower(reason)}`))
    return checks
  }
  checks.push(expCheck(claims.exp, at, skew), nbfCheck(claims.nbf, at, skew), iatCheck(claims.iat, at, skew, policy.futureIat))
  checks.push(maxAgeCheck(claims.iat, policy.maxTokenAge, at, skew), lifetimeCheck(claims, policy.maxLifetime))
  checks.push(issCheck(claims.iss, policy.issuer), audCheck(claims.aud, policy.audience), subCheck(claims.sub, policy.subject))
  checks.push(typCheck(view.header, policy))
  checks.push(requiredCheck(claims, policy.requiredClaims))
  return checks
}

function when(seconds: number, at: number): string {
  return `${formatRelative(seconds, at)} (${numericDateToIso(seconds)})`
}

function notNumericDate(name: string, value: JsonValue): Check {
  if (isOutOfRangeNumber(value)) {
    return check(name as 'exp' | 'nbf' | 'iat', 'fail', `"${name}" is ${numericDateOutOfRange()}, so no clock can be compared with it.`, {
      [name]: Number.isFinite(value) ? value : String(value),
    })
  }
  return check(
    name as 'exp' | 'nbf' | 'iat',
    'fail',
    `"${name}" must be a NumericDate — a number of seconds since 1970 — but it is ${jsonTypeName(value)}${typeof value === 'string' ? ` ("${value}")` : ''}. Verifiers disagree on how to read it, so it cannot be trusted.`,
    { [name]: value },
  )
}

function expCheck(exp: JsonValue | undefined, at: number, skew: number): Check {
  if (exp === undefined) return check('exp', 'warn', 'The token has no "exp": it never expires, so a stolen copy stays usable forever.')
  if (!isNumericDate(exp)) return notNumericDate('exp', exp)
  const detail = { exp, at, skew }
  if (at >= exp + skew) return check('exp', 'fail', `Expired ${when(exp, at)}, beyond the ${formatDuration(skew)} clock skew.`, detail)
  if (at >= exp) return check('exp', 'warn', `Expired ${when(exp, at)}, but within the ${formatDuration(skew)} clock skew, so still accepted.`, detail)
  return check('exp', 'pass', `Expires ${when(exp, at)}.`, detail)
}

function nbfCheck(nbf: JsonValue | undefined, at: number, skew: number): Check {
  if (nbf === undefined) return check('nbf', 'skipped', 'The token has no "nbf": it is valid from when it was issued.')
  if (!isNumericDate(nbf)) return notNumericDate('nbf', nbf)
  const detail = { nbf, at, skew }
  if (at < nbf - skew) return check('nbf', 'fail', `Not valid yet: it becomes valid ${when(nbf, at)}, beyond the ${formatDuration(skew)} clock skew.`, detail)
  if (at < nbf) return check('nbf', 'warn', `It becomes valid ${when(nbf, at)}, which is within the ${formatDuration(skew)} clock skew, so it is accepted.`, detail)
  return check('nbf', 'pass', `Valid since ${when(nbf, at)}.`, detail)
}

/**
 * RFC 7519 §4.1.6 gives no rule for an "iat" in the future; most often the issuer's clock runs
 * ahead of this one. Whether that rejects the token is the policy's futureIat; exp and nbf keep
 * the clock skew either way.
 */
function iatCheck(iat: JsonValue | undefined, at: number, skew: number, handling: FutureIatHandling = 'reject'): Check {
  if (iat === undefined) return check('iat', 'skipped', 'The token has no "iat", so its age is unknown.')
  if (!isNumericDate(iat)) return notNumericDate('iat', iat)
  const detail = { iat, at, skew, futureIat: handling }
  if (iat > at + skew) {
    const ahead = `"iat" is ${when(iat, at)}, beyond the ${formatDuration(skew)} clock skew: the issuer's clock is probably ahead of this one`
    if (handling === 'ignore') return check('iat', 'pass', `Issued in the future — ${ahead}; the policy ignores a future "iat" (futureIat: "ignore").`, detail)
    if (handling === 'warn') return check('iat', 'warn', `Issued in the future — ${ahead}; accepted, because the policy only warns about a future "iat" (futureIat: "warn").`, detail)
    return check('iat', 'fail', `Issued in the future — ${ahead}. The policy rejects such tokens (futureIat: "reject"); set futureIat to "warn" or "ignore" to accept them without widening the skew for exp and nbf.`, detail)
  }
  if (iat > at) return check('iat', 'warn', `"iat" is ${when(iat, at)}, slightly in the future but within the ${formatDuration(skew)} clock skew.`, detail)
  return check('iat', 'pass', `Issued ${when(iat, at)}.`, detail)
}

function maxAgeCheck(iat: JsonValue | undefined, maxAge: number | undefined, at: number, skew: number): Check {
  if (maxAge === undefined) return check('max-age', 'skipped', 'The policy sets no maximum token age.')
  if (iat === undefined) return check('max-age', 'fail', `The policy allows tokens at most ${formatDuration(maxAge)} old, but this token has no "iat" to tell its age.`, { maxTokenAge: maxAge })
  if (!isNumericDate(iat)) return check('max-age', 'fail', 'The token\'s age cannot be told: "iat" is not a NumericDate.', { maxTokenAge: maxAge })
  const age = at - iat
  const detail = { maxTokenAge: maxAge, age }
  if (age > maxAge + skew) return check('max-age', 'fail', `The token is ${formatDuration(age)} old; the policy allows at most ${formatDuration(maxAge)}.`, detail)
  return check('max-age', 'pass', `The token is ${age >= 0 ? `${formatDuration(age)} old` : 'not yet issued'}; the policy allows up to ${formatDuration(maxAge)}.`, detail)
}

function lifetimeCheck(claims: JsonObject, maxLifetime: number | undefined): Check {
  if (maxLifetime === undefined) return check('lifetime', 'skipped', 'The policy sets no maximum lifetime.')
  const { exp, iat, nbf } = claims
  if (!isNumericDate(exp)) return check('lifetime', 'fail', `The policy allows a lifetime of at most ${formatDuration(maxLifetime)}, but the token has no usable "exp": its lifetime is unbounded.`, { maxLifetime })
  const start = isNumericDate(iat) ? iat : isNumericDate(nbf) ? nbf : undefined
  if (start === undefined) return check('lifetime', 'fail', 'The token\'s lifetime cannot be told: it has neither "iat" nor "nbf".', { maxLifetime })
  const lifetime = exp - start
  const detail = { maxLifetime, lifetime }
  if (lifetime > maxLifetime) return check('lifetime', 'fail', `The token is valid for ${formatDuration(lifetime)}; the policy allows at most ${formatDuration(maxLifetime)}.`, detail)
  return check('lifetime', 'pass', `The token is valid for ${formatDuration(lifetime)}, within the ${formatDuration(maxLifetime)} the policy allows.`, detail)
}

function issCheck(iss: JsonValue | undefined, expected: string[] | undefined): Check {
  if (!expected) return check('iss', 'skipped', iss === undefined ? 'No expected issuer set, and the token names none.' : `No expected issuer set; the token says it was issued by ${JSON.stringify(iss)}.`)
  if (iss === undefined) return check('iss', 'fail', `The token has no "iss", but the policy expects ${list(expected)}.`, { expected })
  if (typeof iss !== 'string') return check('iss', 'fail', `"iss" must be a string, but it is ${jsonTypeName(iss)}.`, { expected })
  return expected.includes(iss)
    ? check('iss', 'pass', `Issued by "${iss}", an accepted issuer.`, { iss, expected })
    : check('iss', 'fail', `Issued by "${iss}", which is not an accepted issuer (${list(expected)}).`, { iss, expected })
}

function audCheck(aud: JsonValue | undefined, expected: string[] | undefined): Check {
  if (!expected) {
    return check('aud', 'skipped', aud === undefined ? 'No expected audience set, and the token names none.' : `No expected audience set; the token is meant for ${JSON.stringify(aud)}. A recipient must check that it is named there.`)
  }
  if (aud === undefined) return check('aud', 'fail', `The token has no "aud", but the policy expects ${list(expected)}.`, { expected })
  const audiences = typeof aud === 'string' ? [aud] : Array.isArray(aud) && aud.every((a) => typeof a === 'string') ? (aud as string[]) : null
  if (!audiences) return check('aud', 'fail', `"aud" must be a string or an array of strings, but it is ${jsonTypeName(aud)}.`, { expected })
  const matched = audiences.filter((a) => expected.includes(a))
  return matched.length > 0
    ? check('aud', 'pass', `Meant for ${list(matched)}, an accepted audience.`, { aud, expected })
    : check('aud', 'fail', `Meant for ${list(audiences)}, none of which is an accepted audience (${list(expected)}).`, { aud, expected })
}

function subCheck(sub: JsonValue | undefined, expected: string | undefined): Check {
  if (expected === undefined) return check('sub', 'skipped', sub === undefined ? 'No expected subject set.' : `No expected subject set; the token is about ${JSON.stringify(sub)}.`)
  if (sub === undefined) return check('sub', 'fail', `The token has no "sub", but the policy expects "${expected}".`, { expected })
  return sub === expected
    ? check('sub', 'pass', `The subject is "${expected}", as expected.`, { sub, expected })
    : check('sub', 'fail', `The subject is ${JSON.stringify(sub)}, not "${expected}".`, { sub, expected })
}

/** RFC 7515 §4.1.9: media types compare case-insensitively and "application/" may be left out. */
function normalizeTyp(typ: string): string {
  const lower = typ.toLowerCase()
  return lower.startsWith('application/') && !lower.slice('application/'.length).includes('/') ? lower.slice('application/'.length) : lower
}

function typCheck(header: JsonObject, policy: Policy): Check {
  const typ = header.typ
  if (policy.typ === undefined) return check('typ', 'skipped', typ === undefined ? 'No expected type set, and the token declares none.' : `No expected type set; the token declares typ ${JSON.stringify(typ)}.`)
  if (typ === undefined) return check('typ', 'fail', `The header has no "typ", but the policy expects "${policy.typ}".`, { expected: policy.typ })
  if (typeof typ !== 'string') return check('typ', 'fail', `"typ" must be a string, but it is ${jsonTypeName(typ)}.`, { expected: policy.typ })
  return normalizeTyp(typ) === normalizeTyp(policy.typ)
    ? check('typ', 'pass', `The type is "${typ}", as expected.`, { typ, expected: policy.typ })
    : check('typ', 'fail', `The type is "${typ}", not "${policy.typ}": this is another kind of token, and accepting it here is how token substitution attacks work.`, { typ, expected: policy.typ })
}

function requiredCheck(claims: JsonObject, required: string[]): Check {
  if (required.length === 0) return check('required', 'skipped', 'The policy requires no particular claims.')
  const missing = required.filter((name) => !Object.prototype.hasOwnProperty.call(claims, name))
  return missing.length === 0
    ? check('required', 'pass', `All required claims are present (${list(required)}).`, { required })
    : check('required', 'fail', `Missing required claim${missing.length === 1 ? '' : 's'} ${list(missing)}.`, { required, missing })
}

function expectation(id: 'iss' | 'aud' | 'sub', expected: string | string[] | undefined, reason: string): Check {
  if (expected === undefined) return check(id, 'skipped', reason)
  return check(id, 'fail', `The policy expects ${Array.isArray(expected) ? list(expected) : `"${expected}"`}, but ${lower(reason)}`)
}

function list(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ')
}

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
