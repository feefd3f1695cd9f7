import type { JsonObject } from '../../../encoding/json'
import { quote } from '../mask'
import type { Finding, Rule } from '../types'

/** Claims RFC 9068 §2.2 requires in a JWT access token. */
const accessTokenClaims = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti']

/** "application/at+jwt" and "AT+JWT" mean "at+jwt" (RFC 7515 §4.1.9 drops the prefix, media types ignore case). */
export function normaliseTyp(typ: string): string {
  return typ
    .trim()
    .toLowerCase()
    .replace(/^application\//, '')
}

/**
 * Explicit typing (RFC 8725 §3.11) stops one kind of token from being accepted as another: an ID
 * token replayed as an access token, a logout token as a session token.
 */
export const typRules: Rule = ({ token, headers, claims, policy }) => {
  const view = headers[0]
  if (!view) return []
  const raw = view.header.typ
  const location = { segment: view.segment, path: 'typ' }
  const expected = policy.expectedTyp ? normaliseTyp(policy.expectedTyp) : undefined
  const findings: Finding[] = []

  if (raw === undefined) {
    if (expected) {
      findings.push({
        id: 'typ-missing',
        severity: 'medium',
        title: 'No "typ" header',
        message: `The policy expects typ ${quote(policy.expectedTyp)}, but the ${view.segment} has no "typ": nothing stops another kind of token from the same issuer being presented here.`,
        remediation: `Have the issuer set "typ": ${quote(policy.expectedTyp)}, and make the verifier require it.`,
        location,
        reference: 'RFC 8725 §3.11',
      })
    } else if (token.type === 'jws' && claims && looksLikeAccessToken(claims)) {
      findings.push({
        id: 'typ-missing',
        severity: 'low',
        title: 'Access token without "typ": "at+jwt"',
        message: `The claims (client_id, ${claims.scope !== undefined ? 'scope' : 'scp'}) look like an OAuth access token, but the ${view.segment} has no "typ". RFC 9068 requires "at+jwt" so that ID tokens and other JWTs from the same issuer cannot be passed off as access tokens.`,
        remediation: 'Issue access tokens with "typ": "at+jwt" and have resource servers require it.',
        location,
        reference: 'RFC 9068 §2.1, RFC 8725 §3.11',
      })
    } else if (token.type === 'jws') {
      findings.push({
        id: 'typ-missing',
        severity: 'info',
        title: 'No "typ" header',
        message: `The ${view.segment} has no "typ". Explicit typing lets verifiers tell this kind of token apart from others the same issuer signs.`,
        remediation: 'Consider an explicit "typ" (e.g. "at+jwt" for access tokens, "logout+jwt" for logout tokens).',
        location,
        reference: 'RFC 8725 §3.11',
      })
    }
    return findings
  }
  if (typeof raw !== 'string') {
    return [
      {
        id: 'typ-unexpected',
        severity: 'medium',
        title: '"typ" is not a string',
        message: `"typ" in the ${view.segment} is ${quote(raw)}; RFC 7515 §4.1.9 requires a string.`,
        remediation: 'Reject the token and fix the issuer.',
        location,
        reference: 'RFC 7515 §4.1.9',
      },
    ]
  }
  const typ = normaliseTyp(raw)
  if (expected && typ !== expected) {
    findings.push({
      id: 'typ-unexpected',
      severity: 'medium',
      title: `Unexpected "typ" ${quote(raw)}`,
      message: `The policy expects typ ${quote(policy.expectedTyp)}, but this token says ${quote(raw)}: it is a different kind of token and must not be accepted here.`,
      remediation: 'Reject the token; if the issuer is right, update the policy.',
      location,
      reference: 'RFC 8725 §3.11',
    })
  }
  if (typ === 'at+jwt' && claims) {
    if (looksLikeIdToken(claims)) {
      findings.push({
        id: 'typ-unexpected',
        severity: 'medium',
        title: 'ID-token claims in an "at+jwt" access token',
        message: `The token is typed "at+jwt" but carries ID-token claims (${['nonce', 'at_hash', 'c_hash'].filter((c) => claims[c] !== undefined).join(', ')}). An issuer that mixes the two invites token substitution.`,
        remediation: 'Issue ID tokens and access tokens separately, each with its own typ.',
        location,
        reference: 'RFC 9068 §2.2, RFC 8725 §3.11',
      })
    }
    const missing = accessTokenClaims.filter((claim) => claims[claim] === undefined)
    if (missing.length > 0) {
      findings.push({
        id: 'at-jwt-claims-missing',
        severity: 'medium',
        title: 'RFC 9068 access token lacks required claims',
        message: `The token is typed "at+jwt" but has no ${missing.map((c) => `"${c}"`).join(', ')}; RFC 9068 §2.2 requires iss, exp, aud, sub, client_id, iat and jti.`,
        remediation:
          'Fix the issuer to include every required claim; conforming resource servers reject the token as it is.',
        location: { segment: 'payload', path: missing[0] },
        reference: 'RFC 9068 §2.2',
      })
    }
  }
  return findings
}

function looksLikeAccessToken(claims: JsonObject): boolean {
  return (
    claims.client_id !== undefined &&
    (claims.scope !== undefined || claims.scp !== undefined) &&
    !looksLikeIdToken(claims)
  )
}

function looksLikeIdToken(claims: JsonObject): boolean {
  return claims.nonce !== undefined || claims.at_hash !== undefined || claims.c_hash !== undefined
}
