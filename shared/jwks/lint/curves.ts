/**
 * Curve membership for public keys in a JWKS, in plain bigint arithmetic so it runs everywhere
 * (shared/ has no node:crypto). An off-curve point is the invalid-curve attack's raw material
 * (CVE-2017-16007 and kin): a verifier that imports it without this check may leak or accept junk.
 */

interface WeierstrassCurve {
  p: bigint
  /** a = -3 for the NIST curves (FIPS 186-4 §D.1.2) */
  b: bigint
}

/** FIPS 186-4 §D.1.2.3–D.1.2.5 (SEC 2 secp256r1, secp384r1, secp521r1). */
export const nistCurves: Record<string, WeierstrassCurve & { bytes: number }> = {
  'P-256': {
    bytes: 32,
    p: 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  'P-384': {
    bytes: 48,
    p: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
  'P-521': {
    bytes: 66,
    p: 2n ** 521n - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
  },
}

function mod(value: bigint, p: bigint): bigint {
  const r = value % p
  return r < 0n ? r + p : r
}

function modPow(base: bigint, exponent: bigint, p: bigint): bigint {
  let result = 1n
  let b = mod(base, p)
  let e = exponent
  while (e > 0n) {
    if (e & 1n) result = (result * b) % p
    b = (b * b) % p
    e >>= 1n
  }
  return result
}

/** y² = x³ − 3x + b (mod p), with both coordinates reduced (SEC 1 §3.2.2.1 partial public-key validation). */
export function isOnNistCurve(crv: string, x: bigint, y: bigint): boolean {
  const curve = nistCurves[crv]
  if (!curve) return false
  const { p, b } = curve
  if (x >= p || y >= p) return false
  return mod(y * y - (x * x * x - 3n * x + b), p) === 0n
}

const ed25519P = 2n ** 255n - 19n
// d = −121665/121666 (RFC 8032 §5.1)
const ed25519D = mod(-121665n * modPow(121666n, ed25519P - 2n, ed25519P), ed25519P)

/**
 * Whether 32 bytes decode to a point of Ed25519 (RFC 8032 §5.1.3): y below p, and x² = (y²−1)/(dy²+1)
 * a square (Euler's criterion), with x = 0 not carrying the sign bit.
 */
export function isEd25519Point(bytes: Uint8Array): boolean {
  if (bytes.length !== 32) return false
  let y = 0n
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? bytes[i]! & 0x7f : bytes[i]!)
  const sign = bytes[31]! >> 7
  if (y >= ed25519P) return false
  const y2 = (y * y) % ed25519P
  const u = mod(y2 - 1n, ed25519P)
  const v = mod(ed25519D * y2 + 1n, ed25519P)
  const x2 = (u * modPow(v, ed25519P - 2n, ed25519P)) % ed25519P
  if (x2 === 0n) return sign === 0
  return modPow(x2, (ed25519P - 1n) / 2n, ed25519P) === 1n
}
