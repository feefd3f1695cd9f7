import { Buffer } from 'node:buffer'
import {
  calculateJwkThumbprint,
  CompactSign,
  compactVerify,
  exportJWK,
  generateKeyPair,
  generateSecret,
  importJWK,
  type JWK,
} from 'jose'
import { SignetError } from '#shared/errors'
import { rsaModulusLengths, signingAlgorithms, type SigningAlgorithm } from '#shared/managed-keys/types'

/**
 * Key material in the main process: generating it, checking a private JWK is fit for the algorithm
 * it will sign with, and splitting off the public half. The private JWK produced here goes to the
 * keychain and nowhere else.
 */

export type KeyType = 'RSA' | 'EC' | 'OKP' | 'oct'

export interface KeyMaterial {
  alg: SigningAlgorithm
  kty: KeyType
  crv?: string
  bits?: number
  /** the key members only (no kid, alg, use): goes to the keychain, never anywhere else */
  privateJwk: JWK
  /** the public members only; null for HS keys, which have no public half */
  publicJwk: JWK | null
  /** RFC 7638 SHA-256 thumbprint, base64url */
  thumbprint: string
}

const members: Record<KeyType, { public: string[]; private: string[] }> = {
  RSA: { public: ['kty', 'n', 'e'], private: ['d', 'p', 'q', 'dp', 'dq', 'qi'] },
  EC: { public: ['kty', 'crv', 'x', 'y'], private: ['d'] },
  OKP: { public: ['kty', 'crv', 'x'], private: ['d'] },
  oct: { public: [], private: ['kty', 'k'] },
}

const curveOf: Partial<Record<SigningAlgorithm, string>> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
  EdDSA: 'Ed25519',
}
const algOfCurve: Record<string, SigningAlgorithm> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
  Ed25519: 'EdDSA',
}
const hmacBytes: Partial<Record<SigningAlgorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 }

export function keyTypeOf(alg: SigningAlgorithm): KeyType {
  if (alg.startsWith('RS') || alg.startsWith('PS')) return 'RSA'
  if (alg.startsWith('ES')) return 'EC'
  if (alg === 'EdDSA') return 'OKP'
  return 'oct'
}

export async function generateMaterial(
  alg: SigningAlgorithm,
  options: { bits?: number | undefined } = {},
): Promise<KeyMaterial> {
  const kty = keyTypeOf(alg)
  if (options.bits !== undefined && kty !== 'RSA') {
    throw new SignetError(
      'ERR_INVALID_ARGUMENT',
      `A key size (bits) applies to RS* and PS* keys only; ${alg} keys have a fixed size.`,
    )
  }
  if (kty === 'oct') {
    // jose sizes an HS secret to the hash's full output: 256, 384 or 512 bits.
    const secret = await generateSecret(alg, { extractable: true })
    return materialFromJwk(await exportJWK(secret), alg)
  }
  const bits = options.bits ?? 2048
  if (kty === 'RSA' && !(rsaModulusLengths as readonly number[]).includes(bits)) {
    throw new SignetError('ERR_INVALID_ARGUMENT', `RSA keys are generated with 2048, 3072 or 4096 bits (got ${bits}).`)
  }
  const pair = await generateKeyPair(alg, {
    extractable: true,
    ...(kty === 'RSA' ? { modulusLength: bits } : {}),
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  })
  return materialFromJwk(await exportJWK(pair.privateKey), alg)
}

/**
 * Checks a private JWK (generated, imported or adopted) and describes it: the algorithm fits the key
 * type and curve, RSA has at least 2048 bits and a sane exponent, an HS secret is at least as long as
 * its hash, and the private half really belongs to the public half (a sign/verify round trip).
 */
export async function materialFromJwk(jwk: JWK, requestedAlg?: SigningAlgorithm): Promise<KeyMaterial> {
  const kty = jwk.kty as string
  if (!isKeyType(kty)) {
    throw new SignetError(
      'ERR_KEY_UNSUPPORTED',
      `Key type "${String(kty)}" is not supported: Signet signs with RSA, EC (P-256/384/521), Ed25519 and HMAC keys.`,
    )
  }
  const alg = chooseAlgorithm(jwk, kty, requestedAlg)
  const spec = members[kty]
  const missing = [...spec.public, ...spec.private].filter((name) => typeof jwk[name as keyof JWK] !== 'string')
  if (missing.length > 0) {
    if (kty !== 'oct' && typeof jwk.d !== 'string') {
      throw new SignetError(
        'ERR_KEY_NOT_PRIVATE',
        'This is a public key: importing needs the private key (a JWK with "d", or a PEM PRIVATE KEY block).',
      )
    }
    if (kty === 'oct' && typeof jwk.k !== 'string')
      throw new SignetError('ERR_KEY_NOT_PRIVATE', 'This "oct" JWK has no "k": there is no secret to import.')
    throw new SignetError(
      'ERR_KEY_INVALID',
      `This ${kty} private JWK lacks ${missing.map((m) => `"${m}"`).join(', ')}; export the complete private key and import that.`,
    )
  }
  const privateJwk = pick(jwk, [...spec.public, ...spec.private]) as JWK
  const publicJwk = kty === 'oct' ? null : (pick(jwk, spec.public) as JWK)
  const facts = checkFit(privateJwk, kty, alg)
  if (publicJwk) await selfTest(privateJwk, publicJwk, alg)
  else await importJWK(privateJwk, alg).catch((error: unknown) => invalid(error))
  const thumbprint = await calculateJwkThumbprint(publicJwk ?? privateJwk, 'sha256')
  return { alg, kty, ...facts, privateJwk, publicJwk, thumbprint }
}

function isKeyType(kty: string): kty is KeyType {
  return kty === 'RSA' || kty === 'EC' || kty === 'OKP' || kty === 'oct'
}

function chooseAlgorithm(jwk: JWK, kty: KeyType, requested: SigningAlgorithm | undefined): SigningAlgorithm {
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    throw new SignetError(
      'ERR_KEY_ALG_MISMATCH',
      `This key is marked "use": "${String(jwk.use)}"; Signet imports signing keys only.`,
    )
  }
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('sign')) {
    throw new SignetError(
      'ERR_KEY_ALG_MISMATCH',
      `This key's "key_ops" (${jwk.key_ops.join(', ')}) do not include "sign".`,
    )
  }
  const declared = jwk.alg
  if (declared !== undefined && !(signingAlgorithms as readonly string[]).includes(declared)) {
    throw new SignetError(
      'ERR_KEY_ALG_MISMATCH',
      `This key is declared for "${declared}", which is not a signing algorithm Signet supports (${signingAlgorithms.join(', ')}).`,
    )
  }
  if (declared && requested && declared !== requested) {
    throw new SignetError(
      'ERR_KEY_ALG_MISMATCH',
      `This key is declared for ${declared}, not ${requested}. Import it as ${declared}, or remove its "alg" member first.`,
    )
  }
  const alg = (requested ?? declared ?? defaultAlgorithm(jwk, kty)) as SigningAlgorithm
  if (keyTypeOf(alg) !== kty) {
    throw new SignetError(
      'ERR_KEY_ALG_MISMATCH',
      `${alg} needs ${describeType(keyTypeOf(alg))}, but this is ${describeType(kty)}.`,
    )
  }
  return alg
}

function defaultAlgorithm(jwk: JWK, kty: KeyType): SigningAlgorithm {
  if (kty === 'RSA') return 'RS256'
  if (kty === 'EC' || kty === 'OKP') {
    const alg = algOfCurve[String(jwk.crv)]
    if (!alg) throw unsupportedCurve(jwk.crv, kty)
    return alg
  }
  const length = typeof jwk.k === 'string' ? Buffer.from(jwk.k, 'base64url').length : 0
  return length >= 64 ? 'HS512' : length >= 48 ? 'HS384' : 'HS256'
}

function checkFit(jwk: JWK, kty: KeyType, alg: SigningAlgorithm): { crv?: string; bits?: number } {
  if (kty === 'RSA') {
    const bits = bitLength(Buffer.from(jwk.n!, 'base64url'))
    if (bits < 2048) {
      throw new SignetError(
        'ERR_KEY_TOO_WEAK',
        `This RSA key has ${bits} bits; Signet requires at least 2048 for ${alg} (RSA under 2048 bits can be factored with affordable effort). Generate a new key instead.`,
      )
    }
    if (bits > 16_384)
      throw new SignetError(
        'ERR_KEY_UNSUPPORTED',
        `This RSA key has ${bits} bits; Signet handles RSA keys up to 16384 bits.`,
      )
    const exponent = Buffer.from(jwk.e!, 'base64url')
    if (
      exponent.length === 0 ||
      exponent.length > 8 ||
      (exponent[exponent.length - 1]! & 1) === 0 ||
      (exponent.length === 1 && exponent[0]! < 3)
    ) {
      throw new SignetError(
        'ERR_KEY_INVALID',
        'This RSA key has an unusable public exponent (it must be odd and at least 3; 65537 is standard).',
      )
    }
    return { bits }
  }
  if (kty === 'EC' || kty === 'OKP') {
    const crv = String(jwk.crv)
    const expected = curveOf[alg]
    if (!algOfCurve[crv]) throw unsupportedCurve(crv, kty)
    if (crv !== expected)
      throw new SignetError(
        'ERR_KEY_ALG_MISMATCH',
        `${alg} signs with ${expected}, but this key is on ${crv}; import it as ${algOfCurve[crv]}.`,
      )
    return { crv }
  }
  const length = Buffer.from(jwk.k!, 'base64url').length
  const needed = hmacBytes[alg]!
  if (length < needed) {
    throw new SignetError(
      'ERR_KEY_TOO_WEAK',
      `This secret is ${length * 8} bits; ${alg} needs at least ${needed * 8} (RFC 7518 §3.2: a key as long as the hash output).`,
    )
  }
  return { bits: length * 8 }
}

async function selfTest(privateJwk: JWK, publicJwk: JWK, alg: SigningAlgorithm): Promise<void> {
  const privateKey = await importJWK(privateJwk, alg).catch((error: unknown) => invalid(error))
  const publicKey = await importJWK(publicJwk, alg).catch((error: unknown) => invalid(error))
  const probe = new TextEncoder().encode('signet key self-test')
  const jws = await new CompactSign(probe)
    .setProtectedHeader({ alg })
    .sign(privateKey)
    .catch((error: unknown) => invalid(error))
  try {
    await compactVerify(jws, publicKey, { algorithms: [alg] })
  } catch {
    throw new SignetError(
      'ERR_KEY_INVALID',
      'The private and public members of this key do not belong together (a test signature did not verify). The key file is damaged or assembled from two keys.',
    )
  }
}

function invalid(error: unknown): never {
  const detail = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 160) : 'unknown reason'
  throw new SignetError(
    'ERR_KEY_INVALID',
    `This key could not be loaded (${detail}). Check that the file holds one complete private key.`,
  )
}

function unsupportedCurve(crv: unknown, kty: KeyType): SignetError {
  const hint =
    crv === 'X25519' || crv === 'X448'
      ? ' (it is a key-agreement key, not a signing key)'
      : crv === 'Ed448' || crv === 'secp256k1'
        ? " (jose 6, Signet's JOSE library, no longer supports it)"
        : ''
  return new SignetError(
    'ERR_KEY_UNSUPPORTED',
    `The ${kty} curve "${String(crv)}" is not supported for signing${hint}; Signet signs with P-256, P-384, P-521 and Ed25519.`,
  )
}

function describeType(kty: KeyType): string {
  return kty === 'RSA' ? 'an RSA key' : kty === 'EC' ? 'an EC key' : kty === 'OKP' ? 'an Ed25519 key' : 'an HMAC secret'
}

function bitLength(bytes: Buffer): number {
  let start = 0
  while (start < bytes.length && bytes[start] === 0) start++
  if (start === bytes.length) return 0
  return (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start]!))
}

function pick(jwk: JWK, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const name of names) out[name] = jwk[name as keyof JWK]
  return out
}
