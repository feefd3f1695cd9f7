/**
 * Lenient reads of key members for the rules that judge a key's numbers. The encoding rule reports
 * how a member is badly written; the others still want its value, so padding and standard-base64
 * characters are tolerated here and anything undecodable reads as null (already reported).
 */
export function lenientBytes(value: unknown): Uint8Array | null {
  if (typeof value !== 'string') return null
  const text = value.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Bit length of a big-endian unsigned integer, in one pass over its bytes (no bigint). */
export function bitLength(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length && bytes[i] === 0) i++
  if (i === bytes.length) return 0
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!))
}

/**
 * Big-endian bytes to bigint through one hex string, linear in the length (shifting a bigint per
 * byte is quadratic). Callers cap the length first.
 */
export function toBigInt(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return BigInt(`0x${hex}`)
}
