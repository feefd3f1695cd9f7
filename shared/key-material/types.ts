import type { JWK } from 'jose'
import type { JsonObject } from '../encoding/json'
import type { CertificateSummary, ChainReport } from './certificate'
import type { SecretEncoding } from './secret'

/**
 * How a key reached Signet. Part of every key's description, so a trace can say exactly which
 * input verified a token ("the second key of the pasted JWKS", "the certificate's key").
 */
export type KeyOrigin =
  | 'secret'
  | 'jwk'
  | 'jwks'
  | 'pem-spki'
  | 'pem-pkcs1'
  | 'pem-pkcs8'
  | 'pem-pkcs1-private'
  | 'pem-sec1'
  | 'x509'
  | 'x5c'
  | 'managed'

/**
 * Everything about a key that may be shown, logged, serialized or sent over IPC. It never holds
 * private or secret material: no d/p/q/dp/dq/qi, no k, no passphrase — and no hash of a secret
 * either, since a hash of a weak secret can be brute-forced offline.
 */
export interface KeyDescription {
  /** e.g. "JWKS key kid=abc (EC P-256)", "pasted PEM (SPKI, RSA 2048)" */
  label: string
  origin: KeyOrigin
  kty: string
  crv?: string
  /** RSA modulus size, or a secret's size, in bits */
  bits?: number
  kid?: string
  alg?: string
  use?: string
  keyOps?: string[]
  /** RFC 7638 SHA-256 thumbprint, base64url; public keys only */
  thumbprint?: string
  /** the user supplied a private key; only its public part is used for verification */
  fromPrivateKey: boolean
  /** public members only; absent for secrets */
  publicJwk?: JWK
  certificate?: CertificateSummary
  /** for a secret typed or pasted as text: how its bytes were read */
  secretEncoding?: SecretEncoding
  /** position in a key set, 0-based */
  index?: number
}

/** A key ready to verify with: its description and the JWK jose gets (public, or oct with k). */
export interface KeyCandidate {
  description: KeyDescription
  jwk: JWK
}

/** A key the user holds, as parsed: the JWK as given (possibly private) and its description. */
export interface ParsedKey {
  description: KeyDescription
  /** the JWK as supplied or converted from PEM — may contain private members */
  jwk: JWK
  /** DER of the certificate this key came from: it can anchor a token's x5c chain */
  certificateDer?: Uint8Array
}

export interface ParsedKeyInput {
  /** what the text was: one JWK, a JWK Set, or PEM (one or more blocks) */
  format: 'jwk' | 'jwks' | 'pem'
  keys: ParsedKey[]
  /** e.g. an EC PARAMETERS block that was skipped */
  notes: string[]
  /** DER of the certificates after the first in a PEM bundle: the signer's chain, never keys themselves */
  chainCertificates?: Uint8Array[]
}

/** Which keys were chosen for a token, and why: becomes the trace's "key-select" check. */
export interface KeySelection {
  candidates: KeyCandidate[]
  status: 'pass' | 'warn' | 'fail'
  message: string
  /** kids that more than one key of the set carries (RFC 7517 §4.5), with 1-based positions */
  duplicateKids?: { kid: string; keys: number[] }[]
  /** when a candidate came from the token's own x5c chain: what was and was not validated */
  chain?: ChainReport & { anchoredBy: string | null }
}

/**
 * Anything that can offer verification keys for a token: a pasted secret, a JWK, a JWKS, a PEM
 * file, the token's own x5c chain, and (next) Signet's managed key sets. `select` sees the header
 * of the signature being verified and returns the keys to try, in order.
 */
export interface KeySource {
  readonly kind: KeyOrigin
  readonly label: string
  /** every key this source holds, for display */
  readonly keys: readonly KeyDescription[]
  select(header: JsonObject): KeySelection | Promise<KeySelection>
}

/** How parseKeyText (parse-key.ts) and parsePem (parse-pem.ts) name what they read. */
export interface ParseKeyOptions {
  /** how to name the input in labels: a file name, or "pasted" input by default */
  name?: string
}
