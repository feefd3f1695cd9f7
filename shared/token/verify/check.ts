import type { JsonValue } from '../../encoding/json'

/**
 * The explained trace: verification is a list of checks, each with a stable id, a status, a plain
 * message and optional detail, plus one verdict. The app and the CLI render the same list.
 */

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skipped'

/** Stable ids: scripts and the UI key on them, so never rename one. */
export type CheckId =
  // the token as a whole
  | 'encoding'
  | 'unprotected-header'
  | 'crit'
  | 'b64'
  // key and algorithm
  | 'key-select'
  | 'alg-allowed'
  | 'key-type'
  | 'key-use'
  | 'key-strength'
  | 'signature'
  | 'x5c-chain'
  // claims and time
  | 'exp'
  | 'nbf'
  | 'iat'
  | 'max-age'
  | 'lifetime'
  | 'iss'
  | 'aud'
  | 'sub'
  | 'typ'
  | 'required'
  // JWE layers
  | 'jwe-alg'
  | 'decrypt'
  // revocation: a Status List Token (draft-ietf-oauth-status-list) and a Signet revocation list
  | 'status-list-signature'
  | 'status-list-typ'
  | 'status-list-sub'
  | 'status-list-fresh'
  | 'status-index'
  | 'status'
  | 'revocation-list-signature'
  | 'revocation-list-fresh'
  | 'revoked'

export interface Check {
  id: CheckId
  status: CheckStatus
  /** a short name: "Signature", "Expiry" */
  title: string
  /** one plain sentence: what was found and what it means */
  message: string
  detail?: { [name: string]: JsonValue }
}

export type Verdict = 'valid' | 'invalid' | 'unverified'

export interface Trace {
  checks: Check[]
  verdict: Verdict
  /** one line saying why */
  reason: string
}

export const checkTitles: Record<CheckId, string> = {
  encoding: 'Encoding',
  'unprotected-header': 'Unprotected header',
  crit: 'Critical extensions',
  b64: 'Payload encoding (b64)',
  'key-select': 'Key selection',
  'alg-allowed': 'Algorithm allowed',
  'key-type': 'Key type',
  'key-use': 'Key use',
  'key-strength': 'Key strength',
  signature: 'Signature',
  'x5c-chain': 'Certificate chain',
  exp: 'Expiry (exp)',
  nbf: 'Not before (nbf)',
  iat: 'Issued at (iat)',
  'max-age': 'Maximum age',
  lifetime: 'Maximum lifetime',
  iss: 'Issuer (iss)',
  aud: 'Audience (aud)',
  sub: 'Subject (sub)',
  typ: 'Type (typ)',
  required: 'Required claims',
  'jwe-alg': 'Encryption algorithm',
  decrypt: 'Decryption',
  'status-list-signature': 'Status list signature',
  'status-list-typ': 'Status list type (typ)',
  'status-list-sub': 'Status list subject (sub)',
  'status-list-fresh': 'Status list freshness',
  'status-index': 'Status index',
  status: 'Status',
  'revocation-list-signature': 'Revocation list signature',
  'revocation-list-fresh': 'Revocation list freshness',
  revoked: 'Revocation list entry',
}

export function check(id: CheckId, status: CheckStatus, message: string, detail?: Check['detail']): Check {
  return detail === undefined
    ? { id, status, title: checkTitles[id], message }
    : { id, status, title: checkTitles[id], message, detail }
}
