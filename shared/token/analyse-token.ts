import type { KeySource } from '../key-material/types'
import type { Policy } from '../validation-policy/policy'
import { decodeToken, type DecodedToken } from './decode'
import { decryptToken, type DecryptionInput, type DecryptResult } from './decrypt'
import { isJsonObject, parseJson } from '../encoding/json'
import { claimsViewOf, type ClaimsView } from './verify/validate-claims'
import { verifySignature, type SignatureResult } from './verify/verify-signature'

/**
 * The first phase of an inspection: the expensive, time-free work, done once per token, key and
 * algorithm list — peel off JWE layers (RFC 7516), decrypt them, verify the innermost JWS's
 * signature (RFC 7515). The second phase, `traceAt` (trace-at.ts), checks the claims at an instant
 * and is cheap enough to run on every timeline move; `inspectToken` (inspect.ts) is the two in turn.
 */

/** Only these policy fields matter before an instant is chosen; the rest are for the claims. */
export type SignaturePolicy = Pick<Policy, 'algorithms' | 'minHmacKeyBytes'>

/**
 * A port for a key source whose secrets live elsewhere: the inspector's managed keys, whose HMAC
 * secrets never leave the main process. `verifyRemotely` returns null when the local path applies;
 * `review` adjusts a local result afterwards (e.g. a key that verified but is compromised).
 */
export interface DelegatedKeySource extends KeySource {
  verifyRemotely(decoded: DecodedToken, policy: SignaturePolicy): Promise<SignatureResult> | null
  review(result: SignatureResult): SignatureResult
}

export interface AnalyseOptions {
  /** keys to verify signatures with; null = show the token unverified */
  verification?: KeySource | DelegatedKeySource | null
  /** keys or password to decrypt JWE layers with; null = leave them closed */
  decryption?: DecryptionInput | null
  allowRsa1_5?: boolean
  policy?: SignaturePolicy
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
  /** more than `maxLayers` layers: Signet stops unwrapping */
  | { kind: 'too-deep' }
  /** decrypted content that is not a token: an encrypted, unsigned JWT or plain data */
  | { kind: 'plaintext'; view: ClaimsView; alg: string | null; text: string | null }

export interface Analysis {
  /** outermost first */
  layers: AnalysisLayer[]
  end: AnalysisEnd
}

/** Nesting beyond this is refused: real tokens nest once (JWS in JWE), never deeper than twice. */
export const maxLayers = 4

/**
 * @param input a compact/JSON token or one already decoded
 * @throws SignetError from decodeToken when the token (or a nested one) is malformed
 */
export async function analyseToken(input: string | DecodedToken, options: AnalyseOptions = {}): Promise<Analysis> {
  const layers: AnalysisLayer[] = []
  const policy = options.policy ?? {}
  let current: DecodedToken = typeof input === 'string' ? decodeToken(input) : input
  for (;;) {
    if (current.type === 'jws') {
      const signature = await signatureOf(current, options.verification ?? null, policy)
      layers.push({ kind: 'jws', decoded: current, signature, view: claimsViewOf(current, signature.signatureIndex) })
      return { layers, end: { kind: 'jws' } }
    }
    if (!options.decryption) {
      layers.push({ kind: 'jwe', decoded: current, decryption: null })
      return { layers, end: { kind: 'undecrypted' } }
    }
    const decryption = await decryptToken(current, options.decryption, { allowRsa1_5: options.allowRsa1_5 ?? false })
    layers.push({ kind: 'jwe', decoded: current, decryption })
    if (decryption.status !== 'decrypted' || decryption.text === null)
      return { layers, end: { kind: 'decrypt-failed' } }
    if (decryption.nested && layers.length < maxLayers) {
      current = decodeToken(decryption.text)
      continue
    }
    if (decryption.nested) return { layers, end: { kind: 'too-deep' } }
    return {
      layers,
      end: {
        kind: 'plaintext',
        view: { header: decryption.header, claims: claimsOf(decryption.text) },
        alg: decryption.alg,
        text: decryption.text,
      },
    }
  }
}

async function signatureOf(
  decoded: DecodedToken,
  source: KeySource | DelegatedKeySource | null,
  policy: SignaturePolicy,
): Promise<SignatureResult> {
  const delegated = source && 'verifyRemotely' in source ? source : null
  const remote = delegated?.verifyRemotely(decoded, policy) ?? null
  if (remote) return remote
  const local = await verifySignature(decoded, source, { policy })
  return delegated ? delegated.review(local) : local
}

/** Decrypted text as a claims set, or null when it is not one JSON object without duplicate members. */
function claimsOf(text: string): ClaimsView['claims'] {
  if (!text.trim().startsWith('{')) return null
  try {
    const parsed = parseJson(text, 'decrypted content')
    return parsed.duplicates.length === 0 && isJsonObject(parsed.value) ? parsed.value : null
  } catch {
    return null
  }
}
