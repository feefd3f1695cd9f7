import type { KeySource } from '../../../../../shared/keys/types'
import type { Policy } from '../../../../../shared/policy/policy'
import { decodeToken, type DecodedToken } from '../../../../../shared/token/decode'
import { decryptToken, type DecryptionInput, type DecryptResult } from '../../../../../shared/token/decrypt'
import { authenticatesSender, combineLayerTraces, decryptedClaims, maxLayers } from '../../../../../shared/token/inspect'
import { buildTrace } from '../../../../../shared/token/verify/build-trace'
import { check, type Check, type Trace } from '../../../../../shared/token/verify/check'
import { claimsViewOf, validateClaims, type ClaimsView } from '../../../../../shared/token/verify/validate-claims'
import { verifySignature, type SignatureResult } from '../../../../../shared/token/verify/verify-signature'
import type { ManagedKeySource } from './managed-source'

/**
 * inspectToken split in two for an interactive screen. `analyze` does the expensive, time-free
 * work once per token, key and algorithm list: peel off JWE layers, verify the signature.
 * `traceAt` does the cheap part — claims at an instant — so the timeline can re-run it on every
 * cursor move. Together they give exactly inspectToken's trace (a unit test holds them to it).
 */

export interface AnalyzeOptions {
  verification: KeySource | ManagedKeySource | null
  decryption: DecryptionInput | null
  allowRsa1_5: boolean
  policy: Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>
}

export type AnalysisLayer =
  | { kind: 'jws'; decoded: DecodedToken; signature: SignatureResult; view: ClaimsView }
  | { kind: 'jwe'; decoded: DecodedToken; decryption: DecryptResult | null }

export type AnalysisEnd =
  /** the innermost layer is a JWS: its signature result decides */
  | { kind: 'jws' }
  /** an encrypted layer without a key or password */
  | { kind: 'undecrypted' }
  | { kind: 'decrypt-failed' }
  | { kind: 'too-deep' }
  /** decrypted content that is not a token: an encrypted, unsigned JWT or plain data */
  | { kind: 'plaintext'; view: ClaimsView; alg: string | null; text: string | null }

export interface Analysis {
  layers: AnalysisLayer[]
  end: AnalysisEnd
}

export async function analyze(decoded: DecodedToken, options: AnalyzeOptions): Promise<Analysis> {
  const layers: AnalysisLayer[] = []
  let current = decoded
  for (;;) {
    if (current.type === 'jws') {
      const source = options.verification
      const managed = source && 'verifyRemotely' in source ? source : null
      const remote = managed ? managed.verifyRemotely(current, options.policy) : null
      const local = remote ? null : await verifySignature(current, source, { policy: options.policy })
      const signature = remote ? await remote : managed ? managed.review(local!) : local!
      layers.push({ kind: 'jws', decoded: current, signature, view: claimsViewOf(current, signature.signatureIndex) })
      return { layers, end: { kind: 'jws' } }
    }
    if (!options.decryption) {
      layers.push({ kind: 'jwe', decoded: current, decryption: null })
      return { layers, end: { kind: 'undecrypted' } }
    }
    const decryption = await decryptToken(current, options.decryption, { allowRsa1_5: options.allowRsa1_5 })
    layers.push({ kind: 'jwe', decoded: current, decryption })
    if (decryption.status !== 'decrypted' || decryption.text === null) return { layers, end: { kind: 'decrypt-failed' } }
    if (decryption.nested && layers.length < maxLayers) {
      current = decodeToken(decryption.text)
      continue
    }
    if (decryption.nested) return { layers, end: { kind: 'too-deep' } }
    return { layers, end: { kind: 'plaintext', view: { header: decryption.header, claims: decryptedClaims(decryption.text) }, alg: decryption.alg, text: decryption.text } }
  }
}

export interface LayerTrace {
  /** this layer's own checks, in trace order */
  checks: Check[]
}

export interface TraceAt {
  trace: Trace
  layers: LayerTrace[]
  /** what the verdict is about: the innermost claims */
  view: ClaimsView | null
}

/** The trace at evaluation time `at`: synchronous, cheap (claims only), safe to call on every drag. */
export function traceAt(analysis: Analysis, policy: Policy, at: number): TraceAt {
  const checks: Check[] = []
  const layers: LayerTrace[] = []
  for (const layer of analysis.layers) {
    if (layer.kind === 'jwe') {
      // A copy: claim checks are appended below, and the analysis is reused at every instant.
      const own = layer.decryption
        ? [...layer.decryption.checks]
        : [check('decrypt', 'skipped', 'The token is encrypted and no decryption key or password was given: its content cannot be inspected.')]
      layers.push({ checks: own })
      checks.push(...own)
      continue
    }
    const inner = buildTrace(layer.signature, validateClaims(layer.view, policy, at))
    layers.push({ checks: inner.checks })
    checks.push(...inner.checks)
    return { trace: combineLayerTraces(checks, inner), layers, view: layer.view }
  }
  const end = analysis.end
  if (end.kind === 'too-deep') {
    const deep = check('decrypt', 'fail', `The token nests more than ${maxLayers} layers deep; Signet stops there rather than unwrap without end.`)
    checks.push(deep)
    layers[layers.length - 1]?.checks.push(deep)
  }
  if (end.kind !== 'plaintext') {
    const last = analysis.layers[analysis.layers.length - 1]
    const header = last?.kind === 'jwe' ? (last.decryption?.header ?? (last.decoded.type === 'jwe' ? last.decoded.joseHeader : {})) : {}
    return { trace: combineLayerTraces(checks, null), layers, view: end.kind === 'undecrypted' ? null : { header, claims: null } }
  }
  const claimChecks = validateClaims(end.view, policy, at)
  layers[layers.length - 1]?.checks.push(...claimChecks)
  checks.push(...claimChecks)
  const trace = combineLayerTraces(checks, null)
  if (trace.verdict === 'valid' && !authenticatesSender(end.alg)) {
    trace.verdict = 'unverified'
    trace.reason = `Decrypted, but the content is not signed: ${end.alg} encrypts to your public key, which anyone can do, so nothing shows who wrote it.`
  }
  return { trace, layers, view: end.view }
}
