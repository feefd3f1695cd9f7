import { isOutOfRangeNumber, maxNumericDateSeconds, shownClaimValue } from '../../../time/numeric-date-range'
import { formatDuration, isNumericDate, numericDateToIso } from '../../../time/relative'
import type { JsonObject } from '../../../encoding/json'
import type { Finding, LintSubject, Rule } from '../types'
import { normaliseTyp } from './typ'

/** Without a policy, lifetimes beyond this are reported (as low): long-lived bearer tokens are hard to revoke. */
const defaultMaxLifetimeSeconds = 30 * 24 * 3600

/** Registered time claims and the claims RFC 9068 / OIDC put in a token's time window. */
const timeClaims = ['exp', 'nbf', 'iat', 'auth_time'] as const

/**
 * Token kinds that by design carry no "exp" or "aud": a DPoP proof (RFC 9449) is bounded by iat and
 * jti and names its target in htu; a Security Event Token (RFC 8417) is an event, not a credential.
 */
const noExpiryByDesign = new Set(['dpop+jwt', 'secevent+jwt'])
const noAudienceByDesign = new Set(['dpop+jwt'])

export const claimRules: Rule = (subject) => {
  const claims = subject.claims
  if (!claims) return []
  const typ = typOf(subject)
  return [
    ...typeFindings(claims, subject),
    ...windowFindings(claims, subject).filter((f) => !(f.id === 'exp-missing' && noExpiryByDesign.has(typ))),
    ...(noAudienceByDesign.has(typ) ? [] : audienceFindings(claims)),
  ]
}

function typOf(subject: LintSubject): string {
  const typ = subject.headers[0]?.header.typ
  return typeof typ === 'string' ? normaliseTyp(typ) : ''
}

function typeFindings(claims: JsonObject, subject: LintSubject): Finding[] {
  const findings: Finding[] = []
  for (const name of timeClaims) {
    const value = claims[name]
    if (value === undefined || isNumericDate(value)) continue
    const literal = subject.token.notes.numberLiterals?.find((n) => n.segment === 'payload' && n.path === name)?.literal
    if (isOutOfRangeNumber(value)) {
      findings.push({
        id: 'claim-type-invalid',
        severity: 'medium',
        title: `"${name}" is out of range`,
        message: `"${name}" is ${shownClaimValue(value, literal)}: a number, but out of range for a date (a NumericDate must be within ±${maxNumericDateSeconds.toExponential()} s of 1970, what a JS Date and most verifiers hold${Number.isFinite(value) ? '' : '; this one is beyond even a double and reads as Infinity'}). Libraries differ — some reject the token, some treat it as never expiring.`,
        remediation: `Have the issuer emit "${name}" as seconds since the epoch within range (e.g. ${Math.floor(Date.UTC(2030, 0, 1) / 1000)}).`,
        location: { segment: 'payload', path: name },
        reference: 'RFC 7519 §2, §4.1.4',
      })
      continue
    }
    findings.push({
      id: 'claim-type-invalid',
      severity: 'medium',
      title: `"${name}" is not a NumericDate`,
      message: `"${name}" is ${JSON.stringify(value)}; RFC 7519 requires a number of seconds since the epoch. Libraries differ here — some reject the token, some silently ignore the claim, which disables the time check.`,
      remediation: `Have the issuer emit "${name}" as a JSON number of seconds (e.g. ${Math.floor(Date.UTC(2030, 0, 1) / 1000)}), never a string or milliseconds.`,
      location: { segment: 'payload', path: name },
      reference: 'RFC 7519 §2, §4.1.4',
    })
  }
  for (const name of ['iat', 'exp', 'nbf'] as const) {
    const value = claims[name]
    // Milliseconds where seconds belong put the token tens of thousands of years in the future.
    if (isNumericDate(value) && value > 1e11) {
      findings.push({
        id: 'claim-type-invalid',
        severity: 'medium',
        title: `"${name}" looks like milliseconds`,
        message: `"${name}" is ${value}, i.e. ${numericDateToIso(value)}; that is almost certainly a millisecond timestamp where RFC 7519 wants seconds (${numericDateToIso(value / 1000)}).`,
        remediation: 'Divide by 1000 at the issuer: NumericDate is seconds since the epoch.',
        location: { segment: 'payload', path: name },
        reference: 'RFC 7519 §2',
      })
    }
  }
  return findings
}

function windowFindings(claims: JsonObject, subject: LintSubject): Finding[] {
  const findings: Finding[] = []
  const { now, policy } = subject
  const exp = isNumericDate(claims.exp) ? claims.exp : undefined
  const nbf = isNumericDate(claims.nbf) ? claims.nbf : undefined
  const iat = isNumericDate(claims.iat) ? claims.iat : undefined
  const at = (seconds: number) => `${numericDateToIso(seconds)}`

  if (claims.exp === undefined) {
    findings.push({
      id: 'exp-missing',
      severity: 'medium',
      title: 'No expiry ("exp")',
      message:
        'The claims set has no "exp": unless the verifier enforces a maximum age from "iat", this token is valid forever and a leaked copy never stops working.',
      remediation:
        'Issue tokens with a short "exp" (minutes for access tokens) and require it when verifying (jose: requiredClaims: ["exp"]).',
      location: { segment: 'payload', path: 'exp' },
      reference: 'RFC 7519 §4.1.4, RFC 8725 §3.10',
    })
  }
  if (exp !== undefined && iat !== undefined && exp <= iat) {
    findings.push({
      id: 'exp-before-iat',
      severity: 'medium',
      title: 'Expires before it was issued',
      message: `"exp" (${at(exp)}) is ${exp === iat ? 'equal to' : `${formatDuration(iat - exp)} before`} "iat" (${at(iat)}): the token was never valid. The issuer's clock or lifetime arithmetic is broken.`,
      remediation: 'Fix the issuer: exp must be iat plus a positive lifetime.',
      location: { segment: 'payload', path: 'exp' },
      reference: 'RFC 7519 §4.1.4, §4.1.6',
    })
  }
  if (exp !== undefined && nbf !== undefined && nbf >= exp) {
    findings.push({
      id: 'nbf-after-exp',
      severity: 'medium',
      title: 'Validity window is empty',
      message: `"nbf" (${at(nbf)}) is not before "exp" (${at(exp)}): there is no instant at which this token is valid.`,
      remediation: 'Fix the issuer: nbf must precede exp.',
      location: { segment: 'payload', path: 'nbf' },
      reference: 'RFC 7519 §4.1.5',
    })
  }
  if (iat !== undefined && iat > now + policy.clockSkewSeconds) {
    findings.push({
      id: 'iat-future',
      severity: 'medium',
      title: 'Issued in the future',
      message: `"iat" is ${at(iat)}, ${formatDuration(iat - now)} after the evaluation time (${at(now)}), beyond the ${policy.clockSkewSeconds} s clock skew. Either the issuer's clock is wrong or the token was minted to outlive its apparent lifetime.`,
      remediation:
        "Check the issuer's clock (NTP); verifiers should reject tokens issued in the future beyond a small skew.",
      location: { segment: 'payload', path: 'iat' },
      reference: 'RFC 7519 §4.1.6',
    })
  }
  if (exp !== undefined) {
    const start = iat ?? nbf
    const lifetime = exp - (start ?? now)
    const limit = policy.maxLifetimeSeconds ?? defaultMaxLifetimeSeconds
    if (lifetime > limit) {
      const from = start === undefined ? 'from now' : `from "${iat !== undefined ? 'iat' : 'nbf'}"`
      findings.push({
        id: 'lifetime-excessive',
        severity: policy.maxLifetimeSeconds === undefined ? 'low' : 'medium',
        title: 'Lifetime longer than policy',
        message: `The token lives ${formatDuration(lifetime)} ${from} to "exp" (${at(exp)}), longer than ${policy.maxLifetimeSeconds === undefined ? 'the default limit' : 'the policy limit'} of ${formatDuration(limit)}. A stolen long-lived bearer token stays useful for all of it.`,
        remediation: 'Shorten the lifetime at the issuer and use refresh tokens (with rotation) for long sessions.',
        location: { segment: 'payload', path: 'exp' },
        reference: 'RFC 8725 §3.10, RFC 9068 §5',
      })
    }
  }
  return findings
}

function audienceFindings(claims: JsonObject): Finding[] {
  if (claims.aud !== undefined) return []
  return [
    {
      id: 'aud-missing',
      severity: 'low',
      title: 'No audience ("aud")',
      message:
        'The claims set has no "aud", so any service that trusts this issuer will accept the token: one leaked to (or accepted by) a low-value service can be replayed against another.',
      remediation: 'Issue tokens for a specific audience and have each service require its own identifier in "aud".',
      location: { segment: 'payload', path: 'aud' },
      reference: 'RFC 7519 §4.1.3, RFC 8725 §3.9',
    },
  ]
}
