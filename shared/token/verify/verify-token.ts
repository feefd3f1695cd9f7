import type { KeyDescription, KeySource } from '../../key-material/types'
import { defaultPolicy, evaluationTimeOf } from '../../validation-policy/default-policy'
import type { Policy } from '../../validation-policy/policy'
import { decodeToken, type DecodedToken } from '../decode'
import type { JsonObject } from '../../encoding/json'
import { buildTrace } from './build-trace'
import type { Trace } from './check'
import { claimsViewOf, validateClaims } from './validate-claims'
import { verifySignature, type SignatureResult } from './verify-signature'

/**
 * One call for the common case: decode a JWS, verify its signature with a key source, validate its
 * claims under a policy at a time, and explain it all. Callers that re-validate at other times (the
 * timeline) keep `signature` and call validateClaims + buildTrace themselves.
 */

export interface VerificationReport {
  trace: Trace
  decoded: DecodedToken
  /** the header of the signature the trace is about */
  header: JsonObject
  claims: JsonObject | null
  /** the key that verified the signature, if one did */
  key: KeyDescription | null
  signature: SignatureResult
  /** the evaluation time used, NumericDate seconds */
  at: number
}

export interface VerifyTokenOptions {
  /** evaluation time in seconds; defaults to the policy's "at", then to now */
  at?: number
  detachedPayload?: Uint8Array | string
}

export async function verifyToken(
  input: string | DecodedToken,
  source: KeySource | null,
  policy: Policy = defaultPolicy(),
  options: VerifyTokenOptions = {},
): Promise<VerificationReport> {
  // Duplicate members are read (and fail the encoding check, with a trace) rather than refused unexplained.
  const decoded = typeof input === 'string' ? decodeToken(input, { allowDuplicateMembers: true }) : input
  const at = options.at ?? evaluationTimeOf(policy, Date.now() / 1000)
  const signature = await verifySignature(decoded, source, {
    policy,
    ...(options.detachedPayload !== undefined ? { detachedPayload: options.detachedPayload } : {}),
  })
  const view = claimsViewOf(decoded, signature.signatureIndex)
  const trace = buildTrace(signature, validateClaims(view, policy, at))
  return { trace, decoded, header: view.header, claims: view.claims, key: signature.verifiedBy, signature, at }
}
