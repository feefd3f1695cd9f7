import { useDebouncedValue } from '@mantine/hooks'
import { useMemo, useState } from 'react'
import { SignetError, type SerializedError } from '#shared/errors'
import type { KeySource } from '#shared/key-material/types'
import type { Policy } from '#shared/validation-policy/policy'
import type { DecodedToken } from '#shared/token/decode'
import type { DecryptionInput } from '#shared/token/decrypt'
import { lintToken, sortFindings, weakSecretFinding, type Finding } from '#shared/token/lint'
import { isHmacAlgorithm } from '#shared/token/weak-secrets'
import { analyseToken, type Analysis } from '#shared/token/analyse-token'
import { traceAt, type TraceAt } from '#shared/token/trace-at'
import { revocationAt } from '#shared/token/revocation-at'
import {
  readAnchors,
  readDecryptionKey,
  readVerificationKey,
  tokenX5cSource,
  type AnchorReading,
  type DecryptionKeyReading,
  type KeyText,
  type VerificationKeyReading,
} from './key-input'
import { managedKeySource } from '#shared/managed-keys/managed-key-source'
import type { ManagedKeysState } from './use-managed-keys'
import { usePromise, type PromiseState } from './use-promise'
import { useWeakSecretCheck, type WeakSecretState } from './use-weak-secret'
import { useRevocation, type RevocationPanelState, type RevocationReadings } from './use-revocation'

/** Everything the key panel holds: where verification keys come from, and how to decrypt. */
export interface KeyPanelState {
  source: 'text' | 'x5c' | 'managed'
  verify: KeyText
  /** CA certificate(s) as PEM that the token's x5c chain must lead to */
  anchors: string
  decryptWith: 'key' | 'password'
  decrypt: KeyText
  password: string
  allowRsa1_5: boolean
}

/** `token`: the decoded token it is about, so a result for the previous token is never shown for a new one. */
export type AnalysisResult =
  { token: DecodedToken; ok: true; analysis: Analysis } | { token: DecodedToken; ok: false; error: SerializedError }

export interface LayerFindings {
  layer: number
  findings: Finding[]
}

/** What the key panel shows; stable while only the evaluation time moves. */
export interface KeyReadings {
  verifyReading: PromiseState<VerificationKeyReading>
  anchorReading: PromiseState<AnchorReading>
  decryptReading: PromiseState<DecryptionKeyReading>
  analysis: PromiseState<AnalysisResult>
}

export interface Verification extends KeyReadings {
  readings: KeyReadings
  source: KeySource | null
  /** the trace at the evaluation time; null until the first analysis settles */
  traced: TraceAt | null
  /** findings per layer, outermost first (inner layers appear once decrypted) */
  findings: LayerFindings[]
  weakSecret: { state: WeakSecretState; cancel: () => void; runAgain: () => void; layer: number | null }
  /** the Revocation input's lists, read once per list, and their evidence */
  revocation: RevocationReadings
}

export function useVerification(
  token: DecodedToken | null,
  keys: KeyPanelState,
  policy: Policy,
  at: number,
  managed: ManagedKeysState,
  lists: RevocationPanelState,
): Verification {
  // Only a certificate chain's verdict depends on the time, and re-verifying costs real work: the
  // chain is judged at the cursor once it rests, not on every pixel of a drag.
  const certificateSensitive = keys.source === 'x5c' || (keys.source === 'text' && /CERTIFICATE/.test(keys.verify.text))
  const [restingAt] = useDebouncedValue(Math.round(at), 250)
  const chainAt = certificateSensitive ? restingAt : undefined

  const verifyPromise = useMemo(
    () => (keys.source === 'text' ? readVerificationKey(keys.verify, chainAt) : null),
    [keys.source, keys.verify, chainAt],
  )
  const verifyReading = usePromise(verifyPromise)
  const anchorPromise = useMemo(
    () => (keys.source === 'x5c' ? readAnchors(keys.anchors) : null),
    [keys.source, keys.anchors],
  )
  const anchorReading = usePromise(anchorPromise)
  const encrypted = token?.type === 'jwe'
  const decryptPromise = useMemo(
    () => (encrypted && keys.decryptWith === 'key' ? readDecryptionKey(keys.decrypt) : null),
    [encrypted, keys.decryptWith, keys.decrypt],
  )
  const decryptReading = usePromise(decryptPromise)

  const verifyValue = verifyReading.status === 'done' ? verifyReading.value : null
  const anchorValue = anchorReading.status === 'done' ? anchorReading.value : null
  const managedKeys = managed.status === 'ready' ? managed.keys : null
  const remote = managed.remote
  const source: KeySource | null = useMemo(() => {
    if (keys.source === 'text')
      return verifyValue && (verifyValue.kind === 'keys' || verifyValue.kind === 'secret') ? verifyValue.source : null
    if (keys.source === 'x5c')
      return anchorValue && anchorValue.kind !== 'error' ? tokenX5cSource(anchorValue, restingAt) : null
    return managedKeys ? managedKeySource(managedKeys, remote) : null
  }, [keys.source, verifyValue, anchorValue, restingAt, managedKeys, remote])

  const decryptValue = decryptReading.status === 'done' ? decryptReading.value : null
  const decryption: DecryptionInput | null = useMemo(() => {
    if (!encrypted) return null
    if (keys.decryptWith === 'password') return keys.password.length > 0 ? { password: keys.password } : null
    return decryptValue?.kind === 'keys' ? { keys: decryptValue.keys } : null
  }, [encrypted, keys.decryptWith, keys.password, decryptValue])

  const algorithmsKey = policy.algorithms?.join(',') ?? ''
  const minHmacKeyBytes = policy.minHmacKeyBytes
  const analysisPromise = useMemo(() => {
    if (!token) return null
    const algorithms = algorithmsKey ? (algorithmsKey.split(',') as Policy['algorithms']) : undefined
    const keyPolicy = {
      ...(algorithms ? { algorithms } : {}),
      ...(minHmacKeyBytes !== undefined ? { minHmacKeyBytes } : {}),
    }
    return analyseToken(token, {
      verification: source,
      decryption,
      allowRsa1_5: keys.allowRsa1_5,
      policy: keyPolicy,
    }).then(
      (analysis): AnalysisResult => ({ token, ok: true, analysis }),
      (error: unknown): AnalysisResult => ({
        token,
        ok: false,
        error:
          error instanceof SignetError
            ? error.toJSON()
            : {
                code: 'ERR_INTERNAL',
                message:
                  'Verification failed unexpectedly on this token. Report it with the token (or a redacted copy).',
              },
      }),
    )
  }, [token, source, decryption, keys.allowRsa1_5, algorithmsKey, minHmacKeyBytes])
  const analysisState = usePromise(analysisPromise)
  const settled = settledFor(analysisState, token)
  const analysis = settled?.ok ? settled.analysis : null

  // The lists are checked with the same key source and algorithms as the token (draft-ietf-oauth-status-list-19 §8.3).
  const revocation = useRevocation(lists, source, policy)
  const evidence = revocation.evidence
  const traced = useMemo(
    () => (analysis ? revocationAt(traceAt(analysis, policy, at), evidence, at, policy.clockSkew) : null),
    [analysis, policy, at, evidence],
  )

  const lintKey = verifyValue?.kind === 'keys' ? verifyValue.lintKey : null
  const computedFindings = useMemo(() => {
    const layers = analysis?.layers.map((layer) => layer.decoded) ?? (token ? [token] : [])
    const lintPolicy = {
      ...(policy.maxLifetime !== undefined ? { maxLifetimeSeconds: policy.maxLifetime } : {}),
      ...(policy.typ !== undefined ? { expectedTyp: policy.typ } : {}),
      clockSkewSeconds: policy.clockSkew,
    }
    return layers.map((decoded, layer) => ({
      layer,
      findings: lintToken(decoded, { now: at, policy: lintPolicy, ...(lintKey ? { publicKey: lintKey } : {}) }),
    }))
  }, [analysis, token, policy.maxLifetime, policy.typ, policy.clockSkew, at, lintKey])

  // Most findings do not change as the cursor moves: keep the same array while the content is equal,
  // so the findings list does not re-render on every pixel of a drag.
  const baseFindings = useStableValue(computedFindings)

  // The full dictionary runs on the first HMAC-signed layer (outer, or inside a JWE once decrypted).
  const hmacLayer = useMemo(() => {
    const layers = analysis?.layers.map((layer) => layer.decoded) ?? (token ? [token] : [])
    const index = layers.findIndex(
      (decoded) => decoded.type === 'jws' && decoded.signatures.some((s) => isHmacAlgorithm(s.joseHeader.alg)),
    )
    return index < 0 ? null : { index, token: layers[index]!.token }
  }, [analysis, token])
  const weak = useWeakSecretCheck(hmacLayer?.token ?? null)

  const findings = useMemo(() => {
    if (weak.state.status !== 'found' || !hmacLayer) return baseFindings
    const match = weak.state.match
    return baseFindings.map((entry) => {
      if (entry.layer !== hmacLayer.index || entry.findings.some((f) => f.id === 'weak-hmac-secret')) return entry
      const decoded = analysis?.layers[entry.layer]?.decoded ?? token
      const segment =
        decoded?.type === 'jws' && decoded.form === 'jws-json-general'
          ? `signatures[${match.signatureIndex}].signature`
          : 'signature'
      return { layer: entry.layer, findings: sortFindings([weakSecretFinding(match, segment), ...entry.findings]) }
    })
  }, [baseFindings, weak.state, hmacLayer, analysis, token])

  const layerIndex = hmacLayer?.index ?? null
  const weakSecret = useMemo(() => ({ ...weak, layer: layerIndex }), [weak, layerIndex])
  const readings = useMemo(
    () => ({ verifyReading, anchorReading, decryptReading, analysis: analysisState }),
    [verifyReading, anchorReading, decryptReading, analysisState],
  )
  // One object per change, so the memoised results below do not re-render for nothing.
  return useMemo(
    () => ({ ...readings, readings, source, traced, findings, weakSecret, revocation }),
    [readings, source, traced, findings, weakSecret, revocation],
  )
}

/**
 * The analysis to show: the settled one, or while a new one runs, the previous one — but only for
 * the same token (a new key or policy re-checks without flicker; a new token never shows the old
 * one's verdict).
 */
export function settledFor(
  state: PromiseState<AnalysisResult>,
  token: DecodedToken | null,
): AnalysisResult | undefined {
  const value = state.status === 'done' ? state.value : state.status === 'pending' ? state.previous : undefined
  return value && value.token === token ? value : undefined
}

/** `value`, or the previous one when it is equal in content (JSON), adjusted while rendering. */
function useStableValue<T>(value: T): T {
  const key = JSON.stringify(value)
  const [kept, setKept] = useState({ key, value })
  if (kept.key !== key) {
    setKept({ key, value })
    return value
  }
  return kept.value
}
