import { isSignetError } from '../errors'
import type { KeySource } from '../key-material/types'
import type { Policy } from '../validation-policy/policy'
import { decodeToken, type DecodedToken } from '../token/decode'
import type { Inspection } from '../token/inspect'
import type { JsonObject } from '../encoding/json'
import { lintToken, sortFindings, type Finding } from '../token/lint'
import { fastValidWithLists, withListChecks, type ListEvidence } from '../token/verify/list-checks'

/**
 * What a scan says about one distinct token — decoded, linted and (given keys) verified and
 * validated once — shared by `signet scan` (with the node:crypto fast path) and the app's Scan
 * screen (with jose in a Web Worker), so both give the verdict `signet verify` gives.
 *
 * Verdicts: valid; invalid (a check failed); expired (only "exp" failed, RFC 7519 §4.1.4);
 * unverifiable (no key was given, or none could check it); malformed (found by the scanner,
 * refused by the strict decoder, e.g. duplicate members); encrypted (a JWE, RFC 7516: nothing to
 * verify without decrypting).
 */

export const scanVerdicts = ['valid', 'invalid', 'expired', 'unverifiable', 'malformed', 'encrypted'] as const
export type ScanVerdict = (typeof scanVerdicts)[number]

export interface TokenAnalysis {
  verdict: ScanVerdict
  /** the trace's verdict as `signet verify` prints it, when a key was given */
  verifyVerdict: 'valid' | 'invalid' | 'unverified' | null
  reason: string
  alg: string | null
  kid: string | null
  iss: string | null
  /** the "sub" claim (RFC 7519 §4.1.2) when it is a string: whose token it is */
  sub: string | null
  typ: string | null
  form: string | null
  findings: Finding[]
  /** the failing check ids, for filters */
  failedChecks: string[]
}

/**
 * The verifier a caller brings: `inspect` is inspectToken (shared/token/inspect.ts) or its fast twin
 * (electron/services/verify-fast/inspect-fast.ts); `validFast`, optional, answers a plainly valid
 * token without a full trace (null: run the trace).
 */
export interface ScanVerifier {
  inspect(decoded: DecodedToken, source: KeySource | null, policy: Policy, at: number): Promise<Inspection>
  validFast?(
    decoded: DecodedToken,
    source: KeySource,
    policy: Policy,
    at: number,
  ): Promise<{ reason: string } | null> | { reason: string } | null
}

/**
 * @param source keys to verify with; null: no key given (verdict "unverifiable")
 * @param at evaluation time, NumericDate seconds
 * @param noKeyReason the reason shown when `source` is null (the CLI names its flags, the app its key panel)
 * @param lists status lists and revocation lists prepared once for the scan (list-evidence.ts):
 *   their checks are appended to each verified token's trace, as `signet verify` appends them, so a
 *   revoked token is "invalid" with the status or revoked check among its failedChecks; null: none
 */
export async function analyseScannedToken(
  token: string,
  source: KeySource | null,
  policy: Policy,
  at: number,
  verifier: ScanVerifier,
  noKeyReason: string,
  lists: ListEvidence | null = null,
): Promise<TokenAnalysis> {
  let linted: DecodedToken
  try {
    linted = decodeToken(token, { allowDuplicateMembers: true })
  } catch (error) {
    return {
      ...empty,
      verdict: 'malformed',
      reason: isSignetError(error) ? `${error.code}: ${error.message}` : 'The token could not be decoded.',
    }
  }
  // A scan's findings are reported beyond the person holding the token: a recovered secret is masked.
  const findings = sortFindings(lintToken(linted, { now: at, maskFoundSecrets: true }))
  const header = linted.type === 'jws' ? linted.signatures[0]!.joseHeader : linted.joseHeader
  const claims = linted.type === 'jws' && linted.payload.kind === 'claims' ? linted.payload.claims : null
  const base = {
    alg: str(header.alg),
    kid: str(header.kid),
    iss: str(claims?.iss),
    sub: str(claims?.sub),
    typ: str(header.typ),
    form: linted.form,
    findings,
  }
  if (linted.type === 'jwe')
    return {
      ...base,
      verdict: 'encrypted',
      verifyVerdict: null,
      reason: 'Encrypted (JWE): not decrypted by a scan.',
      failedChecks: [],
    }
  if (source === null)
    return { ...base, verdict: 'unverifiable', verifyVerdict: null, reason: noKeyReason, failedChecks: [] }
  let decoded: DecodedToken
  try {
    decoded = linted.notes.duplicateMembers.length > 0 ? decodeToken(token) : linted
  } catch (error) {
    return {
      ...base,
      verdict: 'malformed',
      verifyVerdict: null,
      reason: isSignetError(error) ? `${error.code}: ${error.message}` : 'The token could not be decoded.',
      failedChecks: [],
    }
  }
  // A plainly valid token needs no trace; anything else gets the full one, for its reason and failed checks.
  // The fast path never sees the lists: its "valid" stands only if no list check on the claims fails.
  const fast = verifier.validFast ? await verifier.validFast(decoded, source, policy, at) : null
  const judged = fast && fastValidWithLists(fast.reason, claimsOf(decoded), lists, at, policy.clockSkew)
  if (judged) return { ...base, verdict: 'valid', verifyVerdict: 'valid', reason: judged.reason, failedChecks: [] }
  const inspection = await verifier.inspect(decoded, source, policy, at)
  const trace = withListChecks(inspection.trace, inspection.claims, lists, at, policy.clockSkew)
  const failing = trace.checks.filter((c) => c.status === 'fail')
  const failed = failing.map((c) => c.id)
  const verifyVerdict = trace.verdict as TokenAnalysis['verifyVerdict']
  const select = failing.find((c) => c.id === 'key-select')
  const noKeyFound =
    select !== undefined && Array.isArray(select.detail?.candidates) && select.detail.candidates.length === 0
  return {
    ...base,
    // A token no key was found for is unverifiable; what a list says of it (another issuer's token)
    // does not make it invalid in a capture of many issuers. The failed list checks are still listed.
    verdict: scanVerdictOf(
      verifyVerdict,
      noKeyFound ? inspection.trace.checks.filter((c) => c.status === 'fail').map((c) => c.id) : failed,
      noKeyFound,
    ),
    verifyVerdict,
    reason: trace.reason,
    failedChecks: failed,
  }
}

/**
 * The scan verdict of a trace: "expired" only when "exp" is the one failed check (besides a
 * missing key); "unverifiable" when nothing but the missing key failed — the source has no key for the token's kid or alg (a
 * capture holds tokens of many issuers), so nothing was checked, which is not proof of forgery.
 * `signet verify` calls that trace "invalid" (it was asked about one key); the verifyVerdict keeps it.
 */
export function scanVerdictOf(
  verifyVerdict: TokenAnalysis['verifyVerdict'],
  failedChecks: readonly string[],
  noKeyFound = false,
): ScanVerdict {
  if (verifyVerdict === 'valid') return 'valid'
  if (verifyVerdict === 'unverified') return 'unverifiable'
  const judged = noKeyFound ? failedChecks.filter((id) => id !== 'key-select' && id !== 'signature') : failedChecks
  if (judged.length === 0) return 'unverifiable'
  return judged.length === 1 && judged[0] === 'exp' ? 'expired' : 'invalid'
}

const empty = {
  verifyVerdict: null,
  alg: null,
  kid: null,
  iss: null,
  sub: null,
  typ: null,
  form: null,
  findings: [],
  failedChecks: [],
}

/** The claims the fast path judged: it answers only for a compact JWS whose payload is a claims object. */
function claimsOf(decoded: DecodedToken): JsonObject {
  return decoded.type === 'jws' && decoded.payload.kind === 'claims' ? decoded.payload.claims : {}
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null
}
