import { parseCertificate, type CertificateSummary } from '#shared/key-material/certificate'
import { decodeBase64url } from '#shared/encoding/base64url'
import { SignetError } from '#shared/errors'

/**
 * What the key drawer says about a key's X.509 certificate: the first entry of its JWK's "x5c"
 * (RFC 7517 §4.7, standard base64 DER), parsed on the page with the shared pkijs-based parser. Only
 * public material is involved: the certificate is part of the public JWK.
 */

export interface KeyCertificateFacts {
  subject: string
  issuer: string
  selfIssued: boolean
  /** ISO 8601 UTC, seconds */
  notBefore: string
  notAfter: string
  /** SHA-256 of the DER as upper-case hex pairs joined by ":", as certificate viewers show it */
  sha256Fingerprint: string
  /** the same digest base64url-encoded: the JWK's "x5t#S256" (RFC 7517 §4.9) */
  x5tS256: string
  /** how many certificates the chain holds */
  chainLength: number
}

/** "AB:CD:…" from a base64url SHA-256 digest. */
export function hexFingerprint(base64urlDigest: string): string {
  const { bytes } = decodeBase64url(base64urlDigest, 'x5t#S256')
  return Array.from(bytes, (byte) => byte.toString(16).toUpperCase().padStart(2, '0')).join(':')
}

/**
 * @param x5c a JWK's "x5c" member (unknown: it came from a stored JWK)
 * @returns null when the key has no certificate
 * @throws SignetError ERR_KEY_INVALID when "x5c" is present but its first entry is not a certificate
 */
export async function keyCertificateFacts(x5c: unknown): Promise<KeyCertificateFacts | null> {
  if (x5c === undefined) return null
  const first = Array.isArray(x5c) ? (x5c[0] as unknown) : undefined
  if (typeof first !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(first) || first.length % 4 !== 0)
    throw new SignetError('ERR_KEY_INVALID', 'The key\'s "x5c" does not start with a standard base64 certificate.')
  const der = Uint8Array.from(atob(first), (ch) => ch.charCodeAt(0))
  const summary: CertificateSummary = (await parseCertificate(der, 'x5c[0]')).summary
  return {
    subject: summary.subject,
    issuer: summary.issuer,
    selfIssued: summary.selfIssued,
    notBefore: summary.notBefore,
    notAfter: summary.notAfter,
    sha256Fingerprint: hexFingerprint(summary.sha256Thumbprint),
    x5tS256: summary.sha256Thumbprint,
    chainLength: (x5c as unknown[]).length,
  }
}
