import { decodeBase64url } from '../../../encoding/base64url'
import { bytesToBigInt } from '../../../encoding/big-integer'
import type { Finding, Rule } from '../types'
import { formatBytes } from '../../../text/format-bytes'

/** Raw R‖S lengths (RFC 7518 §3.4) and group orders (SEC 2) of the JWS ECDSA algorithms. */
const ecdsa: Record<string, { bytes: number; order: bigint; curve: string }> = {
  ES256: {
    bytes: 64,
    curve: 'P-256',
    order: BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551'),
  },
  ES384: {
    bytes: 96,
    curve: 'P-384',
    order: BigInt('0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973'),
  },
  ES512: {
    bytes: 132,
    curve: 'P-521',
    order: BigInt(
      '0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409',
    ),
  },
  ES256K: {
    bytes: 64,
    curve: 'secp256k1',
    order: BigInt('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'),
  },
}
const hmacLengths: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 }

export const signatureRules: Rule = ({ token, headers }) => {
  if (token.type !== 'jws') return []
  const findings: Finding[] = []
  for (const view of headers) {
    const signature = token.signatures[view.signatureIndex ?? 0]
    const alg = view.header.alg
    if (!signature || typeof alg !== 'string') continue
    const segment =
      token.form === 'jws-json-general' ? `signatures[${view.signatureIndex ?? 0}].signature` : 'signature'
    const bytes = decodeBase64url(signature.signatureRaw, segment).bytes
    if (alg.toLowerCase() === 'none') {
      if (bytes.length > 0) findings.push(noneWithSignature(alg, segment, bytes.length))
      continue
    }
    if (bytes.length === 0) {
      findings.push({
        id: 'signature-missing',
        severity: 'high',
        title: 'Signature stripped',
        message: `The header declares ${alg} but the ${segment} is empty. A verifier that treats an empty signature as "nothing to check" accepts any claims.`,
        remediation: 'Reject the token; make sure the verifier requires a signature for the algorithms it allows.',
        location: { segment },
        reference: 'RFC 7515 §5.2',
      })
      continue
    }
    const curve = ecdsa[alg]
    if (curve) findings.push(...ecdsaFindings(alg, curve, bytes, segment))
    else findings.push(...lengthFindings(alg, bytes.length, segment))
  }
  return findings
}

/**
 * alg "none" with a signature left on (RFC 7518 §3.6: an Unsecured JWS MUST use the empty octet
 * sequence as its signature, and recipients MUST verify that it is empty): the shape of a
 * downgrade — a signed token whose alg was rewritten — aimed at verifiers that skip the signature
 * for "none" instead of rejecting the token.
 */
function noneWithSignature(alg: string, segment: string, length: number): Finding {
  return {
    id: 'alg-none-signature',
    severity: 'high',
    title: `alg "${alg}" with a non-empty signature`,
    message: `The header declares alg "${alg}" but the ${segment} holds ${formatBytes(length)}. An unsecured token's signature must be empty; this is a signed token with its algorithm rewritten, aimed at verifiers that skip the signature check for "none".`,
    remediation:
      'Reject the token: recipients must check that an unsecured token has an empty signature, and should not accept alg "none" at all.',
    location: { segment },
    reference: 'RFC 7518 §3.6, RFC 8725 §2.1',
  }
}

function ecdsaFindings(alg: string, curve: (typeof ecdsa)[string], bytes: Uint8Array, segment: string): Finding[] {
  const findings: Finding[] = []
  let r: bigint
  let s: bigint
  if (bytes.length === curve.bytes) {
    const half = curve.bytes / 2
    r = bytesToBigInt(bytes.subarray(0, half))
    s = bytesToBigInt(bytes.subarray(half))
  } else {
    const der = parseDerSignature(bytes)
    if (!der) {
      return [
        {
          id: 'signature-length',
          severity: 'medium',
          title: `Wrong ${alg} signature length`,
          message: `The ${segment} is ${formatBytes(bytes.length)}; ${alg} signatures are exactly ${formatBytes(curve.bytes)} (R and S, ${formatBytes(curve.bytes / 2)} each). Verifiers reject it, or worse, read it leniently.`,
          remediation: `Fix the signer: JWS ${alg} uses the fixed-length R‖S encoding of RFC 7518 §3.4.`,
          location: { segment },
          reference: 'RFC 7518 §3.4',
        },
      ]
    }
    findings.push({
      id: 'ecdsa-der',
      severity: 'medium',
      title: `DER-encoded ${alg} signature`,
      message: `The ${segment} is a ${bytes.length}-byte ASN.1 DER ECDSA signature, but JWS requires the raw ${curve.bytes}-byte R‖S form. Conforming verifiers reject it; one that accepts it is not checking the encoding, and accepting two encodings of one signature makes tokens malleable.`,
      remediation:
        'Fix the signer to convert DER to R‖S (e.g. Node: crypto.sign(…, { dsaEncoding: "ieee-p1363" })); verifiers should accept only the raw form.',
      location: { segment },
      reference: 'RFC 7518 §3.4',
    })
    r = der.r
    s = der.s
  }
  if (r === 0n || s === 0n) {
    findings.push({
      id: 'ecdsa-zero',
      severity: 'high',
      title: `${alg} signature with ${r === 0n && s === 0n ? 'r and s' : r === 0n ? 'r' : 's'} equal to zero`,
      message: `The ${segment} has ${r === 0n ? 'r = 0' : ''}${r === 0n && s === 0n ? ' and ' : ''}${s === 0n ? 's = 0' : ''}. No valid ECDSA signature has a zero component; verifiers that skip the range check accept such a signature for any message and any key ("psychic signatures", CVE-2022-21449).`,
      remediation:
        'Reject the token, and make sure the verifier checks 0 < r, s < n (patch Java 15–18 and any hand-written ECDSA).',
      location: { segment },
      reference: 'CVE-2022-21449, SEC 1 §4.1.4',
    })
  } else if (r >= curve.order || s >= curve.order) {
    findings.push({
      id: 'ecdsa-out-of-range',
      severity: 'high',
      title: `${alg} signature component out of range`,
      message: `The ${segment} has ${r >= curve.order ? 'r' : 's'} ≥ n, the order of ${curve.curve}. Such a signature is never valid; a verifier that reduces it modulo n instead of rejecting it is exploitable.`,
      remediation: 'Reject the token; verifiers must check 0 < r, s < n.',
      location: { segment },
      reference: 'SEC 1 §4.1.4',
    })
  }
  return findings
}

function lengthFindings(alg: string, length: number, segment: string): Finding[] {
  const hmac = hmacLengths[alg]
  if (hmac !== undefined && length !== hmac) {
    return [
      {
        id: 'signature-length',
        severity: 'medium',
        title: `Wrong ${alg} signature length`,
        message: `The ${segment} is ${formatBytes(length)}; ${alg} produces ${hmac}. ${length < hmac ? 'A truncated MAC is much easier to forge, and verifiers that compare only a prefix accept it.' : 'Verifiers reject it.'}`,
        remediation: `Fix the signer; ${alg} signatures are the full ${hmac}-byte HMAC output (RFC 7518 §3.2).`,
        location: { segment },
        reference: 'RFC 7518 §3.2',
      },
    ]
  }
  if (/^(RS|PS)(256|384|512)$/.test(alg) && length < 256) {
    return [
      {
        id: 'rsa-key-small',
        severity: length < 128 ? 'high' : 'medium',
        title: `${alg} signed with a ${length * 8}-bit RSA key`,
        message: `The ${segment} is ${formatBytes(length)}, so the signing key's modulus is ${length * 8} bits; RFC 7518 requires at least 2048 bits${length <= 128 ? ', and keys of 1024 bits or less are within reach of well-funded attackers' : ''}.`,
        remediation: 'Rotate to an RSA key of 2048 bits or more (3072 recommended), or to ES256/EdDSA.',
        location: { segment },
        reference: 'RFC 7518 §3.3, NIST SP 800-57',
      },
    ]
  }
  if ((alg === 'EdDSA' || alg === 'Ed25519' || alg === 'Ed448') && length !== 64 && length !== 114) {
    return [
      {
        id: 'signature-length',
        severity: 'medium',
        title: `Wrong ${alg} signature length`,
        message: `The ${segment} is ${formatBytes(length)}; EdDSA signatures are 64 bytes (Ed25519) or 114 bytes (Ed448).`,
        remediation: 'Fix the signer; verifiers reject this signature.',
        location: { segment },
        reference: 'RFC 8037 §3.1',
      },
    ]
  }
  return []
}

/** SEQUENCE { INTEGER r, INTEGER s } in strict DER, consuming every byte; null when it is not that. */
export function parseDerSignature(bytes: Uint8Array): { r: bigint; s: bigint } | null {
  let offset = 0
  const readLength = (): number | null => {
    const first = bytes[offset++]
    if (first === undefined) return null
    if (first < 0x80) return first
    if (first !== 0x81) return null
    const length = bytes[offset++]
    return length !== undefined && length >= 0x80 ? length : null
  }
  const readInteger = (): bigint | null => {
    if (bytes[offset++] !== 0x02) return null
    const length = readLength()
    if (length === null || length === 0 || offset + length > bytes.length) return null
    const value = bytesToBigInt(bytes.subarray(offset, offset + length))
    offset += length
    return value
  }
  if (bytes[offset++] !== 0x30) return null
  const total = readLength()
  if (total === null || offset + total !== bytes.length) return null
  const r = readInteger()
  const s = readInteger()
  if (r === null || s === null || offset !== bytes.length) return null
  return { r, s }
}
