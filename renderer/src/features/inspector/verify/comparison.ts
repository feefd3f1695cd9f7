import { SignetError } from '#shared/errors'
import { decodeToken } from '#shared/token/decode'
import type { JsonObject } from '#shared/encoding/json'

/**
 * Tokens placed beside the current one on the timeline. Only their time claims matter there, so
 * a comparison token is its claims and a label saying what kind of token it is.
 */

export interface ComparisonToken {
  id: string
  label: string
  claims: JsonObject
  /** tells the same token apart from another with the same label */
  fingerprint: string
}

/** What kind of token this is, from its typ and the claims that only one kind carries. */
export function guessTokenKind(header: JsonObject, claims: JsonObject): string {
  const typ = typeof header.typ === 'string' ? header.typ.toLowerCase().replace(/^application\//, '') : ''
  if (typ === 'at+jwt' || typ === 'at+jws') return 'access token'
  if (typ === 'dpop+jwt') return 'DPoP proof'
  if (typ === 'logout+jwt') return 'logout token'
  if (typ === 'secevent+jwt') return 'security event'
  if (typ.includes('refresh') || claims.token_use === 'refresh' || claims.typ === 'Refresh') return 'refresh token'
  if (
    claims.token_use === 'id' ||
    claims.typ === 'ID' ||
    'nonce' in claims ||
    'at_hash' in claims ||
    ('azp' in claims && 'auth_time' in claims)
  )
    return 'ID token'
  if (
    claims.token_use === 'access' ||
    claims.typ === 'Bearer' ||
    'scope' in claims ||
    'scp' in claims ||
    'client_id' in claims
  )
    return 'access token'
  return 'token'
}

export function fingerprintOf(claims: JsonObject): string {
  return JSON.stringify([claims.iss, claims.sub, claims.jti, claims.iat, claims.nbf, claims.exp])
}

let counter = 0
const nextId = () => `cmp-${++counter}`

export function comparisonFromClaims(header: JsonObject, claims: JsonObject, label?: string): ComparisonToken {
  return {
    id: nextId(),
    label: label?.trim() || guessTokenKind(header, claims),
    claims,
    fingerprint: fingerprintOf(claims),
  }
}

export function comparisonFromText(text: string, label?: string): ComparisonToken {
  const decoded = decodeToken(text)
  if (decoded.type === 'jwe') {
    throw new SignetError(
      'ERR_INVALID_ARGUMENT',
      'This token is encrypted: its times are inside it. Inspect it with its decryption key, then pin it from there.',
    )
  }
  if (decoded.payload.kind !== 'claims') {
    throw new SignetError(
      'ERR_INVALID_ARGUMENT',
      'This token’s payload is not a JSON claims set, so it has no times to place on the timeline.',
    )
  }
  return comparisonFromClaims(decoded.signatures[0]!.joseHeader, decoded.payload.claims, label)
}
