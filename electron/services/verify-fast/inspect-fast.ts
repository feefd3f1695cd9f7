import type { KeySource } from '#shared/key-material/types'
import type { Policy } from '#shared/validation-policy/policy'
import type { DecodedToken } from '#shared/token/decode'
import { inspectionAt, inspectToken, type Inspection } from '#shared/token/inspect'
import { claimsViewOf } from '#shared/token/verify/validate-claims'
import { signatureFast } from './verify-fast'

/**
 * inspectToken (shared/token/inspect.ts) with the fast signature path for a compact JWS: the
 * signature comes from node:crypto (signatureFast), and the rest — claims at the instant, trace,
 * verdict — is the inspector's own second phase (inspectionAt → traceAt), so the trace assembly
 * lives in one place. Anything the fast path declines (a JWE, crit/b64/x5c, keys node:crypto will
 * not decide on) goes to inspectToken itself.
 *
 * @param at evaluation time, NumericDate seconds
 */
export async function inspectTokenFast(
  decoded: DecodedToken,
  source: KeySource | null,
  policy: Policy,
  at: number,
): Promise<Inspection> {
  const signature = await signatureFast(decoded, source, policy)
  if (!signature) return inspectToken(decoded, { verificationKeys: source, policy, at })
  const layer = { kind: 'jws' as const, decoded, signature, view: claimsViewOf(decoded, 0) }
  return inspectionAt({ layers: [layer], end: { kind: 'jws' } }, policy, at)
}
