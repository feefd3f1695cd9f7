import type { JWK } from 'jose'
import { jweContentEncryption, type JweContentEncryption } from '../key-material/algorithms'
import { bigIntToBytes, bytesToBigInt, memberBytes } from '../encoding/big-integer'

/**
 * RSA1_5 (RSAES-PKCS1-v1_5, RFC 7518 §4.2) key unwrapping and the content decryption that follows.
 *
 * Written here because nothing maintained can do it any more: WebCrypto never had RSAES-PKCS1-v1_5,
 * jose 6 dropped RSA1_5, and Node disabled PKCS#1 v1.5 decryption (CVE-2023-46809). It exists so a
 * user can open an old token on request; Signet always flags it, never offers it by default, and —
 * being an offline tool with no one to answer to — is not a padding oracle. Even so, a bad padding
 * is not reported as such: like RFC 7516 §11.5 asks, decryption continues with a random key and
 * fails on the authentication tag, one indistinguishable error for every kind of damage.
 */

export interface Rsa1_5Parts {
  encryptedKey: Uint8Array
  iv: Uint8Array
  ciphertext: Uint8Array
  tag: Uint8Array
  /** ASCII(BASE64URL(protected header)) [ || '.' || BASE64URL(aad) ] */
  additionalData: Uint8Array
}

export async function decryptRsa1_5(
  parts: Rsa1_5Parts,
  privateJwk: JWK,
  enc: JweContentEncryption,
): Promise<Uint8Array> {
  const { cekBytes } = jweContentEncryption[enc]
  const cek =
    unwrapPkcs1v15(parts.encryptedKey, privateJwk, cekBytes) ?? crypto.getRandomValues(new Uint8Array(cekBytes))
  return decryptContent(enc, cek, parts)
}

/** EME-PKCS1-v1_5 decoding (RFC 8017 §7.2.2); null on any defect. */
function unwrapPkcs1v15(encryptedKey: Uint8Array, jwk: JWK, expectedLength: number): Uint8Array | null {
  const modulus = memberBytes(jwk.n)
  const n = bytesToBigInt(modulus)
  const d = bytesToBigInt(memberBytes(jwk.d))
  const k = modulus.length - (modulus[0] === 0 ? 1 : 0)
  if (encryptedKey.length !== k || n === 0n || d === 0n) return null
  const c = bytesToBigInt(encryptedKey)
  if (c >= n) return null
  const em = bigIntToBytes(modPow(c, d, n), k)
  if (em[0] !== 0x00 || em[1] !== 0x02) return null
  const separator = em.indexOf(0x00, 2)
  // At least eight non-zero padding bytes (PS) before the separator.
  if (separator < 10) return null
  const message = em.slice(separator + 1)
  return message.length === expectedLength ? message : null
}

/** AES-GCM or AES-CBC + HMAC-SHA-2 (RFC 7518 §5.2, §5.3) through WebCrypto. */
export async function decryptContent(
  enc: JweContentEncryption,
  cek: Uint8Array,
  parts: Omit<Rsa1_5Parts, 'encryptedKey'>,
): Promise<Uint8Array> {
  if (enc.endsWith('GCM')) {
    if (parts.iv.length !== 12 || parts.tag.length !== 16) throw new ContentDecryptionError()
    const key = await crypto.subtle.importKey('raw', cek.slice(), 'AES-GCM', false, ['decrypt'])
    const sealed = new Uint8Array(parts.ciphertext.length + parts.tag.length)
    sealed.set(parts.ciphertext)
    sealed.set(parts.tag, parts.ciphertext.length)
    try {
      return new Uint8Array(
        await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: parts.iv.slice(), additionalData: parts.additionalData.slice(), tagLength: 128 },
          key,
          sealed,
        ),
      )
    } catch {
      throw new ContentDecryptionError()
    }
  }
  const half = cek.length / 2
  const hash = `SHA-${half * 16}`
  if (parts.iv.length !== 16 || parts.tag.length !== half) throw new ContentDecryptionError()
  const macKey = await crypto.subtle.importKey('raw', cek.slice(0, half), { name: 'HMAC', hash }, false, ['sign'])
  const al = new Uint8Array(8)
  new DataView(al.buffer).setBigUint64(0, BigInt(parts.additionalData.length * 8))
  const macInput = concat(parts.additionalData, parts.iv, parts.ciphertext, al)
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', macKey, macInput)).slice(0, half)
  if (!constantTimeEqual(mac, parts.tag)) throw new ContentDecryptionError()
  const encKey = await crypto.subtle.importKey('raw', cek.slice(half), 'AES-CBC', false, ['decrypt'])
  try {
    return new Uint8Array(
      await crypto.subtle.decrypt({ name: 'AES-CBC', iv: parts.iv.slice() }, encKey, parts.ciphertext.slice()),
    )
  } catch {
    throw new ContentDecryptionError()
  }
}

export class ContentDecryptionError extends Error {
  constructor() {
    super('decryption failed')
  }
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  let b = base % modulus
  let e = exponent
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus
    b = (b * b) % modulus
    e >>= 1n
  }
  return result
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}
