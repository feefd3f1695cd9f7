import { decodeBase64url } from './base64url'

/**
 * Big-endian unsigned integers as JOSE carries them (RSA n/e/d, ECDSA r/s): bytes ↔ bigint, and
 * a lenient base64url read for key members that may be absent or damaged (the callers judge the
 * value; an unreadable member reads as zero bytes).
 */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  // Through hex, in linear time: shifting a growing bigint byte by byte is quadratic (a 256 KB
  // modulus took over a minute).
  if (bytes.length === 0) return 0n
  const hex = new Array<string>(bytes.length)
  for (let i = 0; i < bytes.length; i++) hex[i] = hexOctets[bytes[i]!]!
  return BigInt(`0x${hex.join('')}`)
}

const hexOctets = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, '0')
  const bytes = new Uint8Array(length)
  for (let i = 0; i < length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}

export function memberBytes(value: string | undefined): Uint8Array {
  if (!value) return new Uint8Array()
  try {
    return decodeBase64url(value, 'key').bytes
  } catch {
    return new Uint8Array()
  }
}
