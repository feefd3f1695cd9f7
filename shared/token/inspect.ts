import type { KeyDescription, KeySource } from '../keys/types'
import { defaultPolicy, evaluationTimeOf } from '../policy/default-policy'
import type { Policy } from '../policy/policy'
import { decodeToken, type DecodedToken } from './decode'
import { decryptToken, type DecryptionInput, type DecryptResult } from './decrypt'
import { isJsonObject, parseJson, type JsonObject } from './json'
import { check, type Check, type Trace } from './verify/check'
import { validateClaims } from './verify/validate-claims'
import { verifyToken, type VerificationReport } from './verify/verify-token'

/**
 * The whole inspection the app and the CLI show: decode, peel off encryption layers (a JWS inside
 * a JWE is shown as two layers, each inspected), verify the signature, validate the claims.
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
  /** the key that verified the innermost signature */
  key: KeyDescription | null
  at: number
}

/** Nesting beyond this is refused: real tokens nest once (JWS in JWE), never deeper than twice. */
export const maxLayers = 4

export async function inspectToken(input: string | DecodedToken, options: InspectOptions = {}): Promise<Inspection> {
  const policy = options.policy ?? defaultPolicy()
  const at = options.at ?? evaluationTimeOf(policy, Date.now() / 1000)
  const layers: InspectionLayer[] = []
  const checks: Check[] = []
  let current: DecodedToken = typeof input === 'string' ? decodeToken(input) : input
  for (;;) {
    if (current.type === 'jws') {
      const report = await verifyToken(current, options.verificationKeys ?? null, policy, { at })
      layers.push({ kind: 'jws', decoded: current, report })
      checks.push(...report.trace.checks)
      const trace = combine(checks, report.trace)
      return { layers, trace, header: report.header, claims: report.claims, key: report.key, at }
    }
    if (!options.decryption) {
      layers.push({ kind: 'jwe', decoded: current, decryption: null })
      checks.push(check('decrypt', 'skipped', 'The token is encrypted and no decryption key or password was given: its content cannot be inspected.'))
      return { layers, trace: combine(checks, null), header: current.joseHeader, claims: null, key: null, at }
    }
    const decryption = await decryptToken(current, options.decryption, { allowRsa1_5: options.allowRsa1_5 ?? false })
    layers.push({ kind: 'jwe', decoded: current, decryption })
    checks.push(...decryption.checks)
    if (decryption.status !== 'decrypted' || decryption.text === null) {
      return { layers, trace: combine(checks, null), header: decryption.header, claims: null, key: null, at }
    }
    if (decryption.nested && layers.length < maxLayers) {
      current = decodeToken(decryption.text)
      continue
    }
    if (decryption.nested) {
      checks.push(check('decrypt', 'fail', `The token nests more than ${maxLayers} layers deep; Signet stops there rather than unwrap without end.`))
      return { layers, trace: combine(checks, null), header: decryption.header, claims: null, key: null, at }
    }
    // An encrypted JWT that is not signed: its claims are here, but who wrote them?
    const claims = claimsOf(decryption.text)
    checks.push(...validateClaims({ header: decryption.header, claims }, policy, at))
    const trace = combine(checks, null)
    if (trace.verdict === 'valid' && !authenticatesSender(decryption.alg)) {
      trace.verdict = 'unverified'
      trace.reason = `Decrypted, but the content is not signed: ${decryption.alg} encrypts to your public key, which anyone can do, so nothing shows who wrote it.`
    }
    return { layers, trace, header: decryption.header, claims, key: decryption.key, at }
  }
}

/** With a shared secret or password, only a holder of it could have encrypted the token. */
function authenticatesSender(alg: string | null): boolean {
  return alg !== null && (alg === 'dir' || /^A\d{3}(GCM)?KW$/.test(alg) || alg.startsWith('PBES2'))
}

function claimsOf(text: string): JsonObject | null {
  if (!text.trim().startsWith('{')) return null
  try {
    const parsed = parseJson(text, 'decrypted content')
    return parsed.duplicates.length === 0 && isJsonObject(parsed.value) ? parsed.value : null
  } catch {
    return null
  }
}

/** One verdict over all layers: the innermost JWS trace decides, unless an outer layer failed. */
function combine(checks: Check[], inner: Trace | null): Trace {
  // The inner trace already leads with its most important failure; only an outer layer's failure overrides it.
  const outer = inner ? checks.filter((c) => !inner.checks.includes(c)) : checks
  const failed = outer.find((c) => c.status === 'fail')
  if (failed) {
    const count = checks.filter((c) => c.status === 'fail').length
    return { checks, verdict: 'invalid', reason: `${failed.title}: ${failed.message}${count > 1 ? ` (${count - 1} more check${count > 2 ? 's' : ''} failed)` : ''}` }
  }
  if (inner) return { checks, verdict: inner.verdict, reason: inner.reason }
  const skipped = checks.find((c) => c.id === 'decrypt' && c.status === 'skipped')
  if (skipped) return { checks, verdict: 'unverified', reason: skipped.message }
  const warnings = checks.filter((c) => c.status === 'warn').length
  return { checks, verdict: 'valid', reason: `Decrypted; every check passed${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}.` }
}

/** For callers that run the layers in two halves (the inspector: analysis once, claims per instant). */
export { authenticatesSender, claimsOf as decryptedClaims, combine as combineLayerTraces }
