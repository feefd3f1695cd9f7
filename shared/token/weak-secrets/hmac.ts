import { hmac } from '@noble/hashes/hmac.js'
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js'

export type HmacAlgorithm = 'HS256' | 'HS384' | 'HS512'

/** Computes an HMAC tag; injectable so a Node caller can pass a faster native engine. */
export type HmacFunction = (alg: HmacAlgorithm, key: Uint8Array, data: Uint8Array) => Uint8Array

const hashes = { HS256: sha256, HS384: sha384, HS512: sha512 } as const

/**
 * Pure-JS HMAC that runs unchanged in a Web Worker, the renderer and Node. A dictionary run is tens of
 * thousands of tiny HMACs: synchronous noble calls avoid WebCrypto's per-call promise and key-import
 * overhead, which dominates at this size.
 */
export const nobleHmac: HmacFunction = (alg, key, data) => hmac(hashes[alg], key, data)

export function isHmacAlgorithm(alg: unknown): alg is HmacAlgorithm {
  return alg === 'HS256' || alg === 'HS384' || alg === 'HS512'
}

/** Compares two tags; timing does not matter offline, only correctness. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
