import type { Policy } from '../validation-policy/policy'
import type { Analysis } from './analyse-token'
import { maxLayers } from './analyse-token'
import { buildTrace } from './verify/build-trace'
import { check, type Check, type Trace } from './verify/check'
import { validateClaims, type ClaimsView } from './verify/validate-claims'

/**
 * The second phase of an inspection: an analysis (analyse-token.ts) judged at one instant. Claims
 * only (RFC 7519 §4.1 exp/nbf/iat and the policy's claim rules), synchronous and cheap, so the
 * timeline can call it on every cursor move. The result is exactly inspectToken's trace.
 */

export interface LayerTrace {
  /** this layer's own checks, in trace order */
  checks: Check[]
}

export interface TraceAt {
  /** the checks of every layer, outermost first, and one verdict for the whole token */
  trace: Trace
  layers: LayerTrace[]
  /** the innermost JWS layer's own trace (signature and claims); null when the token ends encrypted */
  inner: Trace | null
  /** what the verdict is about: the innermost header and claims; null when nothing was decrypted */
  view: ClaimsView | null
}

/**
 * @param at evaluation time, NumericDate seconds
 */
export function traceAt(analysis: Analysis, policy: Policy, at: number): TraceAt {
  const checks: Check[] = []
  const layers: LayerTrace[] = []
  for (const layer of analysis.layers) {
    if (layer.kind === 'jwe') {
      // A copy: claim checks are appended below, and the analysis is reused at every instant.
      const own = layer.decryption
        ? [...layer.decryption.checks]
        : [
            check(
              'decrypt',
              'skipped',
              'The token is encrypted and no decryption key or password was given: its content cannot be inspected.',
            ),
          ]
      layers.push({ checks: own })
      checks.push(...own)
      continue
    }
    const inner = buildTrace(layer.signature, validateClaims(layer.view, policy, at))
    layers.push({ checks: inner.checks })
    checks.push(...inner.checks)
    return { trace: combine(checks, inner), layers, inner, view: layer.view }
  }
  const end = analysis.end
  if (end.kind === 'too-deep') {
    const deep = check(
      'decrypt',
      'fail',
      `The token nests more than ${maxLayers} layers deep; Signet stops there rather than unwrap without end.`,
    )
    checks.push(deep)
    layers[layers.length - 1]?.checks.push(deep)
  }
  if (end.kind !== 'plaintext') {
    const last = analysis.layers[analysis.layers.length - 1]
    const header =
      last?.kind === 'jwe'
        ? (last.decryption?.header ?? (last.decoded.type === 'jwe' ? last.decoded.joseHeader : {}))
        : {}
    return {
      trace: combine(checks, null),
      layers,
      inner: null,
      view: end.kind === 'undecrypted' ? null : { header, claims: null },
    }
  }
  const claimChecks = validateClaims(end.view, policy, at)
  layers[layers.length - 1]?.checks.push(...claimChecks)
  checks.push(...claimChecks)
  const trace = combine(checks, null)
  // An encrypted JWT that is not signed: its claims are here, but who wrote them?
  if (trace.verdict === 'valid' && !authenticatesSender(end.alg)) {
    trace.verdict = 'unverified'
    trace.reason = `Decrypted, but the content is not signed: ${end.alg} encrypts to your public key, which anyone can do, so nothing shows who wrote it.`
  }
  return { trace, layers, inner: null, view: end.view }
}

/** With a shared secret or password, only a holder of it could have encrypted the token. */
function authenticatesSender(alg: string | null): boolean {
  return alg !== null && (alg === 'dir' || /^A\d{3}(GCM)?KW$/.test(alg) || alg.startsWith('PBES2'))
}

/** One verdict over all layers: the innermost JWS trace decides, unless an outer layer failed. */
function combine(checks: Check[], inner: Trace | null): Trace {
  // The inner trace already leads with its most important failure; only an outer layer's failure overrides it.
  // The inner layer's checks come last (traceAt returns as soon as it reaches the JWS), so the
  // outer ones are a prefix: a slice, not a search, as bulk inspection calls this per token.
  const outer = inner ? checks.slice(0, checks.length - inner.checks.length) : checks
  const failed = outer.find((c) => c.status === 'fail')
  if (failed) {
    const count = checks.filter((c) => c.status === 'fail').length
    return {
      checks,
      verdict: 'invalid',
      reason: `${failed.title}: ${failed.message}${count > 1 ? ` (${count - 1} more check${count > 2 ? 's' : ''} failed)` : ''}`,
    }
  }
  if (inner) return { checks, verdict: inner.verdict, reason: inner.reason }
  const skipped = checks.find((c) => c.id === 'decrypt' && c.status === 'skipped')
  if (skipped) return { checks, verdict: 'unverified', reason: skipped.message }
  const warnings = checks.filter((c) => c.status === 'warn').length
  return {
    checks,
    verdict: 'valid',
    reason: `Decrypted; every check passed${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}.`,
  }
}
