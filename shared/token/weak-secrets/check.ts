import { SignetError } from '../../errors'
import { maxWeakSecretSigningInputBytes } from '../../limits'
import { formatBytes } from '../../text/format-bytes'
import { utf8ByteLength } from '../../text/utf8-length'
import { decodeBase64url } from '../../encoding/base64url'
import { decodeToken, type DecodedToken } from '../decode'
import { weakSecretDictionary } from './dictionary'
import { equalBytes, isHmacAlgorithm, nobleHmac, type HmacAlgorithm, type HmacFunction } from './hmac'

/**
 * The weak-secret check: does a well-known secret verify this HMAC-signed token?
 *
 * Worker-friendly by construction: no DOM, no node:*, plain data in and out (a token string goes in,
 * a plain object comes out), so the renderer can run it in a Web Worker and post the result back.
 * The work is time-sliced with yields, reports progress and honours an AbortSignal, so even on the
 * main thread it never holds the event loop for more than one slice.
 */

export type WeakSecretVariant = 'plain' | 'base64-decoded'

export interface WeakSecretMatch {
  /** the configured secret text that verifies the token */
  secret: string
  /** 'base64-decoded' when the verifier base64-decodes the configured text and uses the bytes */
  variant: WeakSecretVariant
  alg: HmacAlgorithm
  /** which signature matched, for JWS JSON with several signatures */
  signatureIndex: number
  /** candidates tried before the match, the match included */
  candidatesTried: number
}

export interface WeakSecretProgress {
  tried: number
  total: number
}

export interface FindWeakSecretOptions {
  signal?: AbortSignal
  onProgress?: (progress: WeakSecretProgress) => void
  /** candidate secrets, most likely first; defaults to the shipped dictionary */
  dictionary?: readonly string[]
  /** HMAC engine; defaults to the pure-JS one that runs everywhere */
  hmac?: HmacFunction
  /** longest stretch of synchronous work between yields, in milliseconds */
  sliceMs?: number
}

/** What a candidate must reproduce: one HMAC signature and the bytes it covers. */
export interface WeakSecretTarget {
  alg: HmacAlgorithm
  signingInput: Uint8Array
  signature: Uint8Array
  signatureIndex: number
}

const encoder = new TextEncoder()

/** HMAC signatures left out of the dictionary check because their signing input is over budget. */
export interface WeakSecretSkipped {
  signatureIndex: number
  alg: HmacAlgorithm
  /** bytes of signing input (at least; counted in characters when that alone is over the limit) */
  bytes: number
}

export interface WeakSecretPlan {
  targets: WeakSecretTarget[]
  skipped: WeakSecretSkipped[]
}

/**
 * Extracts every HMAC signature of a JWS with the bytes it signs (RFC 7515 §5.1: ASCII(protected) "."
 * payload, the payload base64url-encoded unless "b64" is false). Only signatures within the budget
 * are returned; see weakSecretPlan for the ones skipped.
 */
export function weakSecretTargets(token: string | DecodedToken): WeakSecretTarget[] {
  return weakSecretPlan(token).targets
}

/**
 * The targets and what was skipped. Every candidate costs one HMAC over the whole signing input, and
 * HMAC cannot be precomputed across keys (its first block is the key), so the dictionary's cost is
 * candidates × signing input: the signing input is budgeted (maxWeakSecretSigningInputBytes, all
 * signatures together; identical signing inputs count once) and what is over it is skipped.
 *
 * @throws ERR_WEAK_SECRET_NOT_HMAC for a JWE or a JWS with no HMAC signature
 */
export function weakSecretPlan(token: string | DecodedToken): WeakSecretPlan {
  const decoded = typeof token === 'string' ? decodeToken(token, { allowDuplicateMembers: true }) : token
  if (decoded.type !== 'jws') {
    throw new SignetError(
      'ERR_WEAK_SECRET_NOT_HMAC',
      `This is an encrypted token (JWE, alg ${JSON.stringify(decoded.joseHeader.alg ?? null)}); the weak-secret check applies to HMAC-signed tokens (HS256, HS384, HS512).`,
    )
  }
  const targets: WeakSecretTarget[] = []
  const skipped: WeakSecretSkipped[] = []
  const counted = new Set<string>()
  let budget = maxWeakSecretSigningInputBytes
  let hmacSignatures = 0
  const payload = decoded.payload.raw
  decoded.signatures.forEach((signature, signatureIndex) => {
    const alg = signature.joseHeader.alg
    if (!isHmacAlgorithm(alg)) return
    hmacSignatures++
    // Measured before encoding, so an input over the budget is never encoded; an unencoded payload
    // (b64: false, RFC 7797) may hold multi-byte characters, which is why it is bytes, not .length.
    const bytes = utf8ByteLength(signature.protectedRaw) + 1 + utf8ByteLength(payload)
    const cost = counted.has(signature.protectedRaw) ? 0 : bytes
    if (cost > budget) {
      skipped.push({ signatureIndex, alg, bytes })
      return
    }
    const signingInput = encoder.encode(`${signature.protectedRaw}.${payload}`)
    budget -= cost
    counted.add(signature.protectedRaw)
    targets.push({
      alg,
      signingInput,
      signature: decodeBase64url(signature.signatureRaw, 'signature').bytes,
      signatureIndex,
    })
  })
  if (hmacSignatures === 0) {
    const algs = decoded.signatures.map((s) => JSON.stringify(s.joseHeader.alg ?? null)).join(', ')
    throw new SignetError(
      'ERR_WEAK_SECRET_NOT_HMAC',
      `This token is signed with ${algs}, not HMAC; the weak-secret check applies to HS256, HS384 and HS512 only.`,
    )
  }
  return { targets, skipped }
}

/** The sentence that says why signatures were not checked against the dictionary. */
export function weakSecretSkippedMessage(skipped: readonly WeakSecretSkipped[]): string {
  const largest = Math.max(...skipped.map((s) => s.bytes))
  return (
    `The weak-secret dictionary was not tried on ${skipped.length === 1 ? 'the HMAC signature' : `${skipped.length} HMAC signatures`} ` +
    `(signing input ${formatBytes(largest)}): Signet hashes at most ${formatBytes(maxWeakSecretSigningInputBytes)} of signing input per candidate secret, ` +
    "because each of thousands of candidates re-hashes all of it. Check the secret's strength where it is configured."
  )
}

export interface KeyVariant {
  variant: WeakSecretVariant
  key: Uint8Array
}

/**
 * The keys a verifier may derive from one configured secret: its UTF-8 bytes, and — because many
 * frameworks (jjwt, Spring, jwt.io's "secret base64 encoded" box) base64-decode the configured
 * value — the bytes it decodes to when it reads as base64 or base64url.
 */
export function keyVariants(secret: string): KeyVariant[] {
  const variants: KeyVariant[] = [{ variant: 'plain', key: encoder.encode(secret) }]
  const decoded = lenientBase64(secret)
  if (decoded && decoded.length > 0) variants.push({ variant: 'base64-decoded', key: decoded })
  return variants
}

/** Decodes like the lenient decoders that apps use: padding optional, either alphabet, stray bits ignored. */
function lenientBase64(text: string): Uint8Array | null {
  if (text.length < 4 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null
  const body = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/')
  if (body.length % 4 === 1) return null
  let binary: string
  try {
    binary = atob(body + '='.repeat((4 - (body.length % 4)) % 4))
  } catch {
    return null
  }
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Tests one configured secret against the targets, synchronously. */
export function testSecret(
  targets: readonly WeakSecretTarget[],
  secret: string,
  hmac: HmacFunction = nobleHmac,
): { variant: WeakSecretVariant; target: WeakSecretTarget } | null {
  return testVariants(targets, keyVariants(secret), hmac)
}

function testVariants(targets: readonly WeakSecretTarget[], variants: readonly KeyVariant[], hmac: HmacFunction) {
  for (const target of targets) {
    for (const variant of variants) {
      if (equalBytes(hmac(target.alg, variant.key, target.signingInput), target.signature))
        return { variant: variant.variant, target }
    }
  }
  return null
}

// Key variants depend only on the dictionary: prepare them once per dictionary, not once per token.
const prepared = new WeakMap<readonly string[], KeyVariant[][]>()

function preparedVariants(dictionary: readonly string[], index: number): KeyVariant[] {
  let list = prepared.get(dictionary)
  if (!list) {
    list = []
    prepared.set(dictionary, list)
  }
  return (list[index] ??= keyVariants(dictionary[index]!))
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now())
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

/**
 * Tries every candidate (and its base64-decoded form) against the token's HMAC signature(s).
 * Resolves to the first match, or null when no candidate verifies. Rejects with
 * ERR_WEAK_SECRET_NOT_HMAC for a token that is not HMAC-signed, ERR_BUDGET_EXCEEDED when every HMAC
 * signature's signing input is over maxWeakSecretSigningInputBytes (64 KiB), and ERR_WEAK_SECRET_ABORTED when the
 * signal fires.
 */
export async function findWeakSecret(
  token: string | DecodedToken,
  options: FindWeakSecretOptions = {},
): Promise<WeakSecretMatch | null> {
  const { targets, skipped } = weakSecretPlan(token)
  if (targets.length === 0) throw new SignetError('ERR_BUDGET_EXCEEDED', weakSecretSkippedMessage(skipped))
  const dictionary = options.dictionary ?? weakSecretDictionary()
  const hmac = options.hmac ?? nobleHmac
  const sliceMs = options.sliceMs ?? 12
  const total = dictionary.length
  let index = 0
  while (index < total) {
    throwIfAborted(options.signal, index, total)
    const sliceEnd = now() + sliceMs
    do {
      const match = testVariants(targets, preparedVariants(dictionary, index), hmac)
      index++
      if (match) {
        options.onProgress?.({ tried: index, total })
        return {
          secret: dictionary[index - 1]!,
          variant: match.variant,
          alg: match.target.alg,
          signatureIndex: match.target.signatureIndex,
          candidatesTried: index,
        }
      }
    } while (index < total && (index % 16 !== 0 || now() < sliceEnd))
    options.onProgress?.({ tried: index, total })
    if (index < total) await yieldToEventLoop()
  }
  return null
}

function throwIfAborted(signal: AbortSignal | undefined, tried: number, total: number): void {
  if (signal?.aborted) {
    throw new SignetError(
      'ERR_WEAK_SECRET_ABORTED',
      `The weak-secret check was cancelled after ${tried} of ${total} candidates; no result.`,
    )
  }
}
