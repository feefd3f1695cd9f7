import { SignetError } from '../errors'
import { decodeToken, type DecodedToken } from '../token/decode'
import { decodeStatusList, type DecodedStatusList, type DecodeStatusListOptions } from './decode'

/** The `typ` a Status List Token in JWT format carries (draft-ietf-oauth-status-list-19 §5.1). */
export const statusListJwtTyp = 'statuslist+jwt'

export interface StatusListTokenClaims {
  sub?: unknown
  iat?: unknown
  exp?: unknown
  ttl?: unknown
  iss?: unknown
  status_list: { bits: unknown; lst: unknown; aggregation_uri?: unknown }
  [name: string]: unknown
}

export interface ReadStatusListToken {
  decoded: DecodedToken
  header: Record<string, unknown>
  claims: StatusListTokenClaims
  list: DecodedStatusList
}

/**
 * Decodes a Status List Token (JWT, draft §5.1) WITHOUT verifying it: the header, the claims and
 * the list. Shape problems of the token itself are ERR_STATUS_LIST_TOKEN; the list's own are those
 * of decodeStatusList. Checking typ, sub, freshness and the signature is the verifier's job.
 */
export function readStatusListToken(token: string, options: DecodeStatusListOptions = {}): ReadStatusListToken {
  const decoded = decodeToken(token)
  if (decoded.type !== 'jws' || decoded.form !== 'jws-compact') {
    throw new SignetError(
      'ERR_STATUS_LIST_TOKEN',
      `A Status List Token is a compact signed JWT (draft-ietf-oauth-status-list §5.1); this is a ${decoded.label}.`,
    )
  }
  if (decoded.payload.kind !== 'claims')
    throw new SignetError('ERR_STATUS_LIST_TOKEN', "The Status List Token's payload is not a JSON claims set.")
  const claims = decoded.payload.claims as Record<string, unknown>
  const statusList = claims.status_list
  if (typeof statusList !== 'object' || statusList === null || Array.isArray(statusList)) {
    throw new SignetError(
      'ERR_STATUS_LIST_TOKEN',
      'The token has no "status_list" object claim, so it is not a Status List Token (draft §5.1).',
    )
  }
  const list = decodeStatusList(statusList as { bits: unknown; lst: unknown }, options)
  return {
    decoded,
    header: decoded.signatures[0]!.joseHeader as Record<string, unknown>,
    claims: claims as StatusListTokenClaims,
    list,
  }
}

/** A Referenced Token's pointer into a list: `status.status_list` (draft §6.1, §6.2). */
export interface StatusListReference {
  idx: number
  uri: string
}

/**
 * Reads `status: {status_list: {idx, uri}}` from a Referenced Token's claims: undefined when there
 * is no `status` claim, ERR_STATUS_LIST_TOKEN when one is there but malformed (idx must be a
 * non-negative integer, uri a string).
 */
export function readStatusReference(claims: Record<string, unknown>): StatusListReference | undefined {
  const status = claims.status
  if (status === undefined) return undefined
  const entry =
    typeof status === 'object' && status !== null ? (status as Record<string, unknown>).status_list : undefined
  if (entry === undefined) return undefined
  const { idx, uri } = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>
  if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0) {
    throw new SignetError(
      'ERR_STATUS_LIST_TOKEN',
      `The token's status.status_list.idx must be a non-negative integer (draft §6.2), not ${JSON.stringify(idx) ?? 'missing'}.`,
    )
  }
  if (typeof uri !== 'string' || uri.length === 0) {
    throw new SignetError(
      'ERR_STATUS_LIST_TOKEN',
      `The token's status.status_list.uri must be a URI string (draft §6.2), not ${JSON.stringify(uri) ?? 'missing'}.`,
    )
  }
  return { idx, uri }
}
