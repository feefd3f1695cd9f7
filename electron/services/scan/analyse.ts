import { isSignetError } from '../../../shared/errors'
import type { KeySource } from '../../../shared/key-material/types'
import type { Policy } from '../../../shared/validation-policy/policy'
import { decodeToken, type DecodedToken } from '../../../shared/token/decode'
import { lintToken, sortFindings, type Finding } from '../../../shared/token/lint'
import { inspectTokenFast } from '../verify-fast/inspect-fast'
import { validVerdictOfDecoded } from '../verify-fast/verdict-fast'
import type { IndexedToken } from './token-index'

/**
 * What a scan says about one distinct token: decoded, linted and (given keys) verified and
 * validated once, through the fast path — the same trace and verdict as `signet verify`.
 *
 * Verdicts: valid; invalid (a check failed); expired (only "exp" failed); unverifiable (no key was
 * given, or none could check it); malformed (found by the scanner, refused by the strict decoder,
 * e.g. duplicate members); encrypted (a JWE: nothing to verify without decrypting).
 */

export type ScanVerdict = 'valid' | 'invalid' | 'expired' | 'unverifiable' | 'malformed' | 'encrypted'

export interface TokenAnalysis {
  verdict: ScanVerdict
  /** the trace's verdict as `signet verify` prints it, when a key was given */
  verifyVerdict: 'valid' | 'invalid' | 'unverified' | null
  reason: string
  alg: string | null
  kid: string | null
  iss: string | null
  typ: string | null
  form: string | null
  findings: Finding[]
  /** the failing check ids, for filters */
  failedChecks: string[]
}

export async function analyseToken(entry: IndexedToken, source: KeySource | null, policy: Policy, at: number): Promise<TokenAnalysis> {
  let linted: DecodedToken
  try {
    linted = decodeToken(entry.token, { allowDuplicateMembers: true })
  } catch (error) {
    return { ...empty, verdict: 'malformed', reason: isSignetError(error) ? `${error.code}: ${error.message}` : 'The token could not be decoded.' }
  }
  const findings = sortFindings(lintToken(linted, { now: at }))
  const header = linted.type === 'jws' ? linted.signatures[0]!.joseHeader : linted.joseHeader
  const claims = linted.type === 'jws' && linted.payload.kind === 'claims' ? linted.payload.claims : null
  const base = {
    alg: str(header.alg),
    kid: str(header.kid),
    iss: str(claims?.iss),
    typ: str(header.typ),
    form: linted.form,
    findings,
  }
  if (linted.type === 'jwe') return { ...base, verdict: 'encrypted', verifyVerdict: null, reason: 'Encrypted (JWE): not decrypted by a scan.', failedChecks: [] }
  if (source === null) return { ...base, verdict: 'unverifiable', verifyVerdict: null, reason: 'No key was given (--key, --jwks or --secret-file), so the signature was not checked.', failedChecks: [] }
  let decoded: DecodedToken
  try {
    decoded = linted.notes.duplicateMembers.length > 0 ? decodeToken(entry.token) : linted
  } catch (error) {
    return { ...base, verdict: 'malformed', verifyVerdict: null, reason: isSignetError(error) ? `${error.code}: ${error.message}` : 'The token could not be decoded.', failedChecks: [] }
  }
  // A plainly valid token needs no trace; anything else gets the full one, for its reason and failed checks.
  const fast = await validVerdictOfDecoded(decoded, source, policy, at)
  if (fast) return { ...base, verdict: 'valid', verifyVerdict: 'valid', reason: fast.reason, failedChecks: [] }
  const inspection = await inspectTokenFast(decoded, source, policy, at)
  const failed = inspection.trace.checks.filter((c) => c.status === 'fail').map((c) => c.id)
  const verifyVerdict = inspection.trace.verdict as TokenAnalysis['verifyVerdict']
  const verdict: ScanVerdict =
    verifyVerdict === 'valid' ? 'valid' : verifyVerdict === 'unverified' ? 'unverifiable' : failed.length === 1 && failed[0] === 'exp' ? 'expired' : 'invalid'
  return { ...base, verdict, verifyVerdict, reason: inspection.trace.reason, failedChecks: failed }
}

const empty = { verifyVerdict: null, alg: null, kid: null, iss: null, typ: null, form: null, findings: [], failedChecks: [] }

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}
