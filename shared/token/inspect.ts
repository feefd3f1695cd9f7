import type { KeyDescription, KeySource } from '../key-material/types'
import { defaultPolicy, evaluationTimeOf } from '../validation-policy/default-policy'
import type { Policy } from '../validation-policy/policy'
import { analyseToken, type Analysis } from './analyse-token'
import type { DecodedToken } from './decode'
import type { DecryptionInput, DecryptResult } from './decrypt'
import type { JsonObject } from '../encoding/json'
import { traceAt } from './trace-at'
import type { Trace } from './verify/check'
import type { VerificationReport } from './verify/verify-token'

/**
 * The whole inspection the app and the CLI show: decode, peel off encryption layers (a JWS inside
 * a JWE is shown as two layers, each inspected), verify the signature, validate the claims. It is
 * the two phases in turn — `analyseToken` (analyse-token.ts, async, once) then `traceAt`
 * (trace-at.ts, sync, at one instant) — which the inspector calls separately.
 */

export interface InspectOptions {
  /** keys to verify signatures with; null = show the token unverified */
  verificationKeys?: KeySource | null
  /** keys or password to decrypt JWE layers with */
  decryption?: DecryptionInput
  allowRsa1_5?: boolean
  policy?: Policy
  /** evaluation time, NumericDate seconds; defaults to the policy's, then now */
  at?: number
}

export type InspectionLayer =
  | { kind: 'jws'; decoded: DecodedToken; report: VerificationReport }
  | { kind: 'jwe'; decoded: DecodedToken; decryption: DecryptResult | null }

export interface Inspection {
  layers: InspectionLayer[]
  /** the checks of every layer, outermost first, and one verdict for the whole token */
  trace: Trace
  /** the innermost header and claims: what the token finally says */
  header: JsonObject
  claims: JsonObject | null
  /** the key that verified the innermost signature (or decrypted an unsigned token) */
  key: KeyDescription | null
  at: number
}

/**
 * @throws SignetError from decodeToken when the token (or a nested one) is malformed
 */
export async function inspectToken(input: string | DecodedToken, options: InspectOptions = {}): Promise<Inspection> {
  const policy = options.policy ?? defaultPolicy()
  const at = options.at ?? evaluationTimeOf(policy, Date.now() / 1000)
  const analysis = await analyseToken(input, {
    verification: options.verificationKeys ?? null,
    decryption: options.decryption ?? null,
    allowRsa1_5: options.allowRsa1_5 ?? false,
    policy,
  })
  return inspectionAt(analysis, policy, at)
}

/** An analysis judged at `at` (NumericDate seconds), in the Inspection shape the CLI and scan print. */
export function inspectionAt(analysis: Analysis, policy: Policy, at: number): Inspection {
  const judged = traceAt(analysis, policy, at)
  const layers = analysis.layers.map((layer): InspectionLayer => {
    if (layer.kind === 'jwe') return layer
    const { decoded, signature, view } = layer
    const report: VerificationReport = {
      trace: judged.inner!,
      decoded,
      header: view.header,
      claims: view.claims,
      key: signature.verifiedBy,
      signature,
      at,
    }
    return { kind: 'jws', decoded, report }
  })
  const last = analysis.layers[analysis.layers.length - 1]!
  const header = judged.view?.header ?? (last.decoded.type === 'jwe' ? last.decoded.joseHeader : {})
  const key =
    last.kind === 'jws'
      ? last.signature.verifiedBy
      : analysis.end.kind === 'plaintext'
        ? (last.decryption?.key ?? null)
        : null
  return { layers, trace: judged.trace, header, claims: judged.view?.claims ?? null, key, at }
}
