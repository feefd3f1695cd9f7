import type { FutureIatHandling, Policy } from '../../validation-policy/policy'
import { isOutOfRangeNumber, numericDateOutOfRange } from '../../time/numeric-date-range'
import { formatDuration, formatRelative, numericDateToIso } from '../../time/relative'
import type { DecodedToken } from '../decode'
import { jsonTypeName, type JsonObject, type JsonValue } from '../../encoding/json'
import { check, type Check } from './check'
import {
  audiencesOf,
  audRule,
  expRule,
  iatRule,
  issRule,
  lifetimeRule,
  lifetimeStart,
  maxAgeRule,
  missingClaims,
  nbfRule,
  outcomeStatus,
  requiredRule,
  subRule,
  typRule,
} from './claim-statuses'

/**
 * The time and claim half of verification. Synchronous and allocation-light on purpose: the
 * timeline calls it on every cursor drag with a new `at`, reusing one verifySignature result.
 * The rules themselves live in claim-statuses.ts; this file only words each rule's outcome.
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
    checks.push(
      policy.maxTokenAge === undefined
        ? check('max-age', 'skipped', reason)
        : check('max-age', 'fail', `The policy limits the token's age, but ${lower(reason)}`),
    )
    checks.push(
      policy.maxLifetime === undefined
        ? check('lifetime', 'skipped', reason)
        : check('lifetime', 'fail', `The policy limits the token's lifetime, but ${lower(reason)}`),
    )
    checks.push(
      expectation('iss', policy.issuer, reason),
      expectation('aud', policy.audience, reason),
      expectation('sub', policy.subject, reason),
    )
    checks.push(typCheck(view.header, policy))
    checks.push(
      policy.requiredClaims.length === 0
        ? check('required', 'skipped', 'The policy requires no particular claims.')
        : check('required', 'fail', `The policy requires ${list(policy.requiredClaims)}, but ${lower(reason)}`),
    )
    return checks
  }
  checks.push(
    expCheck(claims.exp, at, skew),
    nbfCheck(claims.nbf, at, skew),
    iatCheck(claims.iat, at, skew, policy.futureIat),
  )
  checks.push(maxAgeCheck(claims.iat, policy.maxTokenAge, at, skew), lifetimeCheck(claims, policy.maxLifetime))
  checks.push(
    issCheck(claims.iss, policy.issuer),
    audCheck(claims.aud, policy.audience),
    subCheck(claims.sub, policy.subject),
  )
  checks.push(typCheck(view.header, policy))
  checks.push(requiredCheck(claims, policy.requiredClaims))
  return checks
}

function when(seconds: number, at: number): string {
  return `${formatRelative(seconds, at)} (${numericDateToIso(seconds)})`
}

function notNumericDate(name: string, value: JsonValue): Check {
  if (isOutOfRangeNumber(value)) {
    return check(
      name as 'exp' | 'nbf' | 'iat',
      'fail',
      `"${name}" is ${numericDateOutOfRange()}, so no clock can be compared with it.`,
      {
        [name]: Number.isFinite(value) ? value : String(value),
      },
    )
  }
  return check(
    name as 'exp' | 'nbf' | 'iat',
    'fail',
    `"${name}" must be a NumericDate — a number of seconds since 1970 — but it is ${jsonTypeName(value)}${typeof value === 'string' ? ` ("${value}")` : ''}. Verifiers disagree on how to read it, so it cannot be trusted.`,
    { [name]: value },
  )
}

function expCheck(exp: JsonValue | undefined, at: number, skew: number): Check {
  const outcome = expRule(exp, at, skew)
  const status = outcomeStatus.exp[outcome]
  if (outcome === 'absent')
    return check('exp', status, 'The token has no "exp": it never expires, so a stolen copy stays usable forever.')
  if (outcome === 'not-numeric') return notNumericDate('exp', exp!)
  const seconds = exp as number
  const detail = { exp: seconds, at, skew }
  if (outcome === 'expired')
    return check('exp', status, `Expired ${when(seconds, at)}, beyond the ${formatDuration(skew)} clock skew.`, detail)
  if (outcome === 'expired-within-skew')
    return check(
      'exp',
      status,
      `Expired ${when(seconds, at)}, but within the ${formatDuration(skew)} clock skew, so still accepted.`,
      detail,
    )
  return check('exp', status, `Expires ${when(seconds, at)}.`, detail)
}

function nbfCheck(nbf: JsonValue | undefined, at: number, skew: number): Check {
  const outcome = nbfRule(nbf, at, skew)
  const status = outcomeStatus.nbf[outcome]
  if (outcome === 'absent') return check('nbf', status, 'The token has no "nbf": it is valid from when it was issued.')
  if (outcome === 'not-numeric') return notNumericDate('nbf', nbf!)
  const seconds = nbf as number
  const detail = { nbf: seconds, at, skew }
  if (outcome === 'not-yet')
    return check(
      'nbf',
      status,
      `Not valid yet: it becomes valid ${when(seconds, at)}, beyond the ${formatDuration(skew)} clock skew.`,
      detail,
    )
  if (outcome === 'not-yet-within-skew')
    return check(
      'nbf',
      status,
      `It becomes valid ${when(seconds, at)}, which is within the ${formatDuration(skew)} clock skew, so it is accepted.`,
      detail,
    )
  return check('nbf', status, `Valid since ${when(seconds, at)}.`, detail)
}

/** The exp and nbf skew applies to a future "iat" too; the policy's futureIat decides beyond it (iatRule). */
function iatCheck(iat: JsonValue | undefined, at: number, skew: number, handling: FutureIatHandling = 'reject'): Check {
  const outcome = iatRule(iat, at, skew, handling)
  const status = outcomeStatus.iat[outcome]
  if (outcome === 'absent') return check('iat', status, 'The token has no "iat", so its age is unknown.')
  if (outcome === 'not-numeric') return notNumericDate('iat', iat!)
  const seconds = iat as number
  const detail = { iat: seconds, at, skew, futureIat: handling }
  const ahead = () =>
    `"iat" is ${when(seconds, at)}, beyond the ${formatDuration(skew)} clock skew: the issuer's clock is probably ahead of this one`
  switch (outcome) {
    case 'future-ignore':
      return check(
        'iat',
        status,
        `Issued in the future — ${ahead()}; the policy ignores a future "iat" (futureIat: "ignore").`,
        detail,
      )
    case 'future-warn':
      return check(
        'iat',
        status,
        `Issued in the future — ${ahead()}; accepted, because the policy only warns about a future "iat" (futureIat: "warn").`,
        detail,
      )
    case 'future-reject':
      return check(
        'iat',
        status,
        `Issued in the future — ${ahead()}. The policy rejects such tokens (futureIat: "reject"); set futureIat to "warn" or "ignore" to accept them without widening the skew for exp and nbf.`,
        detail,
      )
    case 'future-within-skew':
      return check(
        'iat',
        status,
        `"iat" is ${when(seconds, at)}, slightly in the future but within the ${formatDuration(skew)} clock skew.`,
        detail,
      )
    default:
      return check('iat', status, `Issued ${when(seconds, at)}.`, detail)
  }
}

function maxAgeCheck(iat: JsonValue | undefined, maxAge: number | undefined, at: number, skew: number): Check {
  const outcome = maxAgeRule(iat, maxAge, at, skew)
  const status = outcomeStatus['max-age'][outcome]
  if (outcome === 'unset') return check('max-age', status, 'The policy sets no maximum token age.')
  const maxTokenAge = maxAge!
  if (outcome === 'no-iat')
    return check(
      'max-age',
      status,
      `The policy allows tokens at most ${formatDuration(maxTokenAge)} old, but this token has no "iat" to tell its age.`,
      { maxTokenAge },
    )
  if (outcome === 'not-numeric')
    return check('max-age', status, 'The token\'s age cannot be told: "iat" is not a NumericDate.', { maxTokenAge })
  const age = at - (iat as number)
  const detail = { maxTokenAge, age }
  if (outcome === 'too-old')
    return check(
      'max-age',
      status,
      `The token is ${formatDuration(age)} old; the policy allows at most ${formatDuration(maxTokenAge)}.`,
      detail,
    )
  return check(
    'max-age',
    status,
    `The token is ${age >= 0 ? `${formatDuration(age)} old` : 'not yet issued'}; the policy allows up to ${formatDuration(maxTokenAge)}.`,
    detail,
  )
}

function lifetimeCheck(claims: JsonObject, maxLifetime: number | undefined): Check {
  const outcome = lifetimeRule(claims, maxLifetime)
  const status = outcomeStatus.lifetime[outcome]
  if (outcome === 'unset') return check('lifetime', status, 'The policy sets no maximum lifetime.')
  const limit = maxLifetime!
  if (outcome === 'unbounded')
    return check(
      'lifetime',
      status,
      `The policy allows a lifetime of at most ${formatDuration(limit)}, but the token has no usable "exp": its lifetime is unbounded.`,
      { maxLifetime: limit },
    )
  if (outcome === 'no-start')
    return check('lifetime', status, 'The token\'s lifetime cannot be told: it has neither "iat" nor "nbf".', {
      maxLifetime: limit,
    })
  const lifetime = (claims.exp as number) - lifetimeStart(claims)!
  const detail = { maxLifetime: limit, lifetime }
  if (outcome === 'too-long')
    return check(
      'lifetime',
      status,
      `The token is valid for ${formatDuration(lifetime)}; the policy allows at most ${formatDuration(limit)}.`,
      detail,
    )
  return check(
    'lifetime',
    status,
    `The token is valid for ${formatDuration(lifetime)}, within the ${formatDuration(limit)} the policy allows.`,
    detail,
  )
}

function issCheck(iss: JsonValue | undefined, expected: string[] | undefined): Check {
  const outcome = issRule(iss, expected)
  const status = outcomeStatus.iss[outcome]
  if (outcome === 'unset')
    return check(
      'iss',
      status,
      iss === undefined
        ? 'No expected issuer set, and the token names none.'
        : `No expected issuer set; the token says it was issued by ${JSON.stringify(iss)}.`,
    )
  const accepted = expected!
  if (outcome === 'absent')
    return check('iss', status, `The token has no "iss", but the policy expects ${list(accepted)}.`, {
      expected: accepted,
    })
  if (outcome === 'not-string')
    return check('iss', status, `"iss" must be a string, but it is ${jsonTypeName(iss!)}.`, { expected: accepted })
  const issuer = iss as string
  return outcome === 'accepted'
    ? check('iss', status, `Issued by "${issuer}", an accepted issuer.`, { iss: issuer, expected: accepted })
    : check('iss', status, `Issued by "${issuer}", which is not an accepted issuer (${list(accepted)}).`, {
        iss: issuer,
        expected: accepted,
      })
}

function audCheck(aud: JsonValue | undefined, expected: string[] | undefined): Check {
  const outcome = audRule(aud, expected)
  const status = outcomeStatus.aud[outcome]
  if (outcome === 'unset') {
    return check(
      'aud',
      status,
      aud === undefined
        ? 'No expected audience set, and the token names none.'
        : `No expected audience set; the token is meant for ${JSON.stringify(aud)}. A recipient must check that it is named there.`,
    )
  }
  const accepted = expected!
  if (outcome === 'absent')
    return check('aud', status, `The token has no "aud", but the policy expects ${list(accepted)}.`, {
      expected: accepted,
    })
  if (outcome === 'malformed')
    return check('aud', status, `"aud" must be a string or an array of strings, but it is ${jsonTypeName(aud!)}.`, {
      expected: accepted,
    })
  const audiences = audiencesOf(aud!)!
  return outcome === 'accepted'
    ? check('aud', status, `Meant for ${list(audiences.filter((a) => accepted.includes(a)))}, an accepted audience.`, {
        aud: aud!,
        expected: accepted,
      })
    : check('aud', status, `Meant for ${list(audiences)}, none of which is an accepted audience (${list(accepted)}).`, {
        aud: aud!,
        expected: accepted,
      })
}

function subCheck(sub: JsonValue | undefined, expected: string | undefined): Check {
  const outcome = subRule(sub, expected)
  const status = outcomeStatus.sub[outcome]
  if (outcome === 'unset')
    return check(
      'sub',
      status,
      sub === undefined
        ? 'No expected subject set.'
        : `No expected subject set; the token is about ${JSON.stringify(sub)}.`,
    )
  if (outcome === 'absent')
    return check('sub', status, `The token has no "sub", but the policy expects "${expected}".`, {
      expected: expected!,
    })
  return outcome === 'match'
    ? check('sub', status, `The subject is "${expected}", as expected.`, { sub: sub!, expected: expected! })
    : check('sub', status, `The subject is ${JSON.stringify(sub)}, not "${expected}".`, {
        sub: sub!,
        expected: expected!,
      })
}

function typCheck(header: JsonObject, policy: Policy): Check {
  const typ = header.typ
  const outcome = typRule(typ, policy.typ)
  const status = outcomeStatus.typ[outcome]
  if (outcome === 'unset')
    return check(
      'typ',
      status,
      typ === undefined
        ? 'No expected type set, and the token declares none.'
        : `No expected type set; the token declares typ ${JSON.stringify(typ)}.`,
    )
  const expected = policy.typ!
  if (outcome === 'absent')
    return check('typ', status, `The header has no "typ", but the policy expects "${expected}".`, { expected })
  if (outcome === 'not-string')
    return check('typ', status, `"typ" must be a string, but it is ${jsonTypeName(typ!)}.`, { expected })
  return outcome === 'match'
    ? check('typ', status, `The type is "${typ}", as expected.`, { typ: typ!, expected })
    : check(
        'typ',
        status,
        `The type is "${typ}", not "${expected}": this is another kind of token, and accepting it here is how token substitution attacks work.`,
        { typ: typ!, expected },
      )
}

function requiredCheck(claims: JsonObject, required: string[]): Check {
  const outcome = requiredRule(claims, required)
  const status = outcomeStatus.required[outcome]
  if (outcome === 'unset') return check('required', status, 'The policy requires no particular claims.')
  if (outcome === 'present')
    return check('required', status, `All required claims are present (${list(required)}).`, { required })
  const missing = missingClaims(claims, required)
  return check('required', status, `Missing required claim${missing.length === 1 ? '' : 's'} ${list(missing)}.`, {
    required,
    missing,
  })
}

function expectation(id: 'iss' | 'aud' | 'sub', expected: string | string[] | undefined, reason: string): Check {
  if (expected === undefined) return check(id, 'skipped', reason)
  return check(
    id,
    'fail',
    `The policy expects ${Array.isArray(expected) ? list(expected) : `"${expected}"`}, but ${lower(reason)}`,
  )
}

function list(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ')
}

function lower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
