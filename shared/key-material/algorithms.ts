/**
 * What each JOSE algorithm needs from a key (RFC 7518 §3, §4; RFC 8037): the key type, the curve,
 * the minimum size. One table, so that "which algorithms fit this key" and "does this key fit this
 * algorithm" can never disagree.
 *
 * Only algorithms jose 6 implements are listed: ES256K, Ed448 and X448 were removed from it.
 */

export type JwsAlgorithm =
  | 'HS256'
  | 'HS384'
  | 'HS512'
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'
  | 'Ed25519'

export interface JwsAlgorithmInfo {
  kty: 'oct' | 'RSA' | 'EC' | 'OKP'
  crv?: string
  /** HMAC: the key must be at least this many bytes (RFC 7518 §3.2); RSA: modulus bits (§3.3, §3.5) */
  minKeyBytes?: number
  minRsaBits?: number
  family: 'HMAC' | 'RSASSA-PKCS1-v1_5' | 'RSASSA-PSS' | 'ECDSA' | 'EdDSA'
}

export const jwsAlgorithms: Record<JwsAlgorithm, JwsAlgorithmInfo> = {
  HS256: { kty: 'oct', minKeyBytes: 32, family: 'HMAC' },
  HS384: { kty: 'oct', minKeyBytes: 48, family: 'HMAC' },
  HS512: { kty: 'oct', minKeyBytes: 64, family: 'HMAC' },
  RS256: { kty: 'RSA', minRsaBits: 2048, family: 'RSASSA-PKCS1-v1_5' },
  RS384: { kty: 'RSA', minRsaBits: 2048, family: 'RSASSA-PKCS1-v1_5' },
  RS512: { kty: 'RSA', minRsaBits: 2048, family: 'RSASSA-PKCS1-v1_5' },
  PS256: { kty: 'RSA', minRsaBits: 2048, family: 'RSASSA-PSS' },
  PS384: { kty: 'RSA', minRsaBits: 2048, family: 'RSASSA-PSS' },
  PS512: { kty: 'RSA', minRsaBits: 2048, family: 'RSASSA-PSS' },
  ES256: { kty: 'EC', crv: 'P-256', family: 'ECDSA' },
  ES384: { kty: 'EC', crv: 'P-384', family: 'ECDSA' },
  ES512: { kty: 'EC', crv: 'P-521', family: 'ECDSA' },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', family: 'EdDSA' },
  Ed25519: { kty: 'OKP', crv: 'Ed25519', family: 'EdDSA' },
}

export const jwsAlgorithmNames = Object.keys(jwsAlgorithms) as JwsAlgorithm[]

export function isJwsAlgorithm(value: unknown): value is JwsAlgorithm {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(jwsAlgorithms, value)
}

export type JweKeyManagementAlgorithm =
  | 'RSA1_5'
  | 'RSA-OAEP'
  | 'RSA-OAEP-256'
  | 'RSA-OAEP-384'
  | 'RSA-OAEP-512'
  | 'ECDH-ES'
  | 'ECDH-ES+A128KW'
  | 'ECDH-ES+A192KW'
  | 'ECDH-ES+A256KW'
  | 'A128KW'
  | 'A192KW'
  | 'A256KW'
  | 'A128GCMKW'
  | 'A192GCMKW'
  | 'A256GCMKW'
  | 'dir'
  | 'PBES2-HS256+A128KW'
  | 'PBES2-HS384+A192KW'
  | 'PBES2-HS512+A256KW'

export interface JweAlgorithmInfo {
  kty: 'oct' | 'RSA' | 'EC/OKP' | 'password'
  /** AES key-wrap / GCM key-wrap key size in bytes */
  keyBytes?: number
}

export const jweKeyManagementAlgorithms: Record<JweKeyManagementAlgorithm, JweAlgorithmInfo> = {
  RSA1_5: { kty: 'RSA' },
  'RSA-OAEP': { kty: 'RSA' },
  'RSA-OAEP-256': { kty: 'RSA' },
  'RSA-OAEP-384': { kty: 'RSA' },
  'RSA-OAEP-512': { kty: 'RSA' },
  'ECDH-ES': { kty: 'EC/OKP' },
  'ECDH-ES+A128KW': { kty: 'EC/OKP' },
  'ECDH-ES+A192KW': { kty: 'EC/OKP' },
  'ECDH-ES+A256KW': { kty: 'EC/OKP' },
  A128KW: { kty: 'oct', keyBytes: 16 },
  A192KW: { kty: 'oct', keyBytes: 24 },
  A256KW: { kty: 'oct', keyBytes: 32 },
  A128GCMKW: { kty: 'oct', keyBytes: 16 },
  A192GCMKW: { kty: 'oct', keyBytes: 24 },
  A256GCMKW: { kty: 'oct', keyBytes: 32 },
  dir: { kty: 'oct' },
  'PBES2-HS256+A128KW': { kty: 'password' },
  'PBES2-HS384+A192KW': { kty: 'password' },
  'PBES2-HS512+A256KW': { kty: 'password' },
}

export type JweContentEncryption =
  'A128GCM' | 'A192GCM' | 'A256GCM' | 'A128CBC-HS256' | 'A192CBC-HS384' | 'A256CBC-HS512'

/** Content-encryption key size in bytes (RFC 7518 §5.2.3–5.2.5, §5.3). */
export const jweContentEncryption: Record<JweContentEncryption, { cekBytes: number }> = {
  A128GCM: { cekBytes: 16 },
  A192GCM: { cekBytes: 24 },
  A256GCM: { cekBytes: 32 },
  'A128CBC-HS256': { cekBytes: 32 },
  'A192CBC-HS384': { cekBytes: 48 },
  'A256CBC-HS512': { cekBytes: 64 },
}

export function isJweKeyManagementAlgorithm(value: unknown): value is JweKeyManagementAlgorithm {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(jweKeyManagementAlgorithms, value)
}

export function isJweContentEncryption(value: unknown): value is JweContentEncryption {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(jweContentEncryption, value)
}

/** The shape of a key as far as algorithm fit is concerned. */
export interface KeyShape {
  kty: string
  crv?: string
}

/** Every JWS algorithm whose key type (and curve) this key has. */
export function jwsAlgorithmsForKey(key: KeyShape): JwsAlgorithm[] {
  return jwsAlgorithmNames.filter((alg) => keyFitsJwsAlgorithm(key, alg))
}

export function keyFitsJwsAlgorithm(key: KeyShape, alg: JwsAlgorithm): boolean {
  const info = jwsAlgorithms[alg]
  if (info.kty !== key.kty) return false
  return info.crv === undefined || info.crv === key.crv
}

/** "EC P-256", "RSA 2048", "oct 256-bit", "OKP Ed25519": how keys are named in messages. */
export function describeKeyShape(key: KeyShape & { bits?: number }): string {
  if (key.kty === 'RSA') return key.bits ? `RSA ${key.bits}` : 'RSA'
  if (key.kty === 'oct') return key.bits !== undefined ? `secret (${key.bits}-bit)` : 'secret'
  return key.crv ? `${key.kty} ${key.crv}` : key.kty
}
