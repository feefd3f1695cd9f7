import * as asn1js from 'asn1js'
import { BasicConstraints, Certificate, ExtKeyUsage, type RelativeDistinguishedNames } from 'pkijs'
import { SignetError } from '../errors'
import { encodeBase64url } from '../encoding/base64url'
import { describeKeyShape } from './algorithms'
import { keyAlgorithmOf } from './pem'

/**
 * X.509 certificates as key carriers: a PEM certificate given as a verification key, and the x5c
 * chain a token may carry (RFC 7515 §4.1.6). Parsing and signature checks go through pkijs, on
 * WebCrypto, so the same code runs in the renderer and in the CLI.
 */

export interface CertificateSummary {
  subject: string
  issuer: string
  serialNumber: string
  notBefore: string
  notAfter: string
  selfIssued: boolean
  isCa: boolean
  /** "EC P-256", "RSA 2048" */
  publicKey: string
  signatureAlgorithm: string
  /** x5t#S256: SHA-256 of the DER, base64url */
  sha256Thumbprint: string
  /** RFC 5280 §4.2.1.3 keyUsage bits that are set ("digitalSignature", "keyCertSign"…); absent = no extension */
  keyUsage?: string[]
  /** RFC 5280 §4.2.1.12 extendedKeyUsage purposes, by name where known, else OID; absent = no extension */
  extendedKeyUsage?: string[]
}

export interface ParsedCertificate {
  certificate: Certificate
  der: Uint8Array
  summary: CertificateSummary
  /** DER of the certificate's SubjectPublicKeyInfo */
  spki: Uint8Array
}

const attributeNames: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'emailAddress',
  '0.9.2342.19200300.100.1.25': 'DC',
}

const signatureAlgorithmNames: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.3.101.112': 'Ed25519',
}

/**
 * Reads a DER X.509 certificate (RFC 5280 §4.1): its public key (SPKI DER) and a summary in words.
 * Throws ERR_KEY_INVALID, naming `where`, for anything that does not read as a certificate — including
 * parts pkijs accepts but that cannot be summarised (an impossible date, a malformed extension).
 */
export async function parseCertificate(der: Uint8Array, where: string): Promise<ParsedCertificate> {
  try {
    return await readCertificate(der, where)
  } catch (error) {
    if (error instanceof SignetError) throw error
    throw new SignetError(
      'ERR_KEY_INVALID',
      `${where} is not a readable X.509 certificate: ${error instanceof Error ? error.message : 'a part of it does not parse'}.`,
    )
  }
}

async function readCertificate(der: Uint8Array, where: string): Promise<ParsedCertificate> {
  let certificate: Certificate
  try {
    certificate = Certificate.fromBER(der.slice())
  } catch {
    throw new SignetError('ERR_KEY_INVALID', `${where} is not an X.509 certificate: its DER structure does not parse.`)
  }
  const spki = new Uint8Array(certificate.subjectPublicKeyInfo.toSchema().toBER(false))
  const info = keyAlgorithmOf(certificate.subjectPublicKeyInfo.algorithm, where)
  const bits = info.kty === 'RSA' ? rsaBits(certificate) : undefined
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', der.slice()))
  const constraints = certificate.extensions?.find((extension) => extension.extnID === '2.5.29.19')?.parsedValue
  const summary: CertificateSummary = {
    subject: distinguishedName(certificate.subject),
    issuer: distinguishedName(certificate.issuer),
    serialNumber: hex(certificate.serialNumber.valueBlock.valueHexView),
    notBefore: certificate.notBefore.value.toISOString().replace('.000Z', 'Z'),
    notAfter: certificate.notAfter.value.toISOString().replace('.000Z', 'Z'),
    selfIssued: certificate.subject.isEqual(certificate.issuer),
    isCa: constraints instanceof BasicConstraints ? constraints.cA : false,
    publicKey: describeKeyShape({ ...info, bits }),
    signatureAlgorithm:
      signatureAlgorithmNames[certificate.signatureAlgorithm.algorithmId] ?? certificate.signatureAlgorithm.algorithmId,
    sha256Thumbprint: encodeBase64url(digest),
  }
  const keyUsage = keyUsageOf(certificate)
  if (keyUsage) summary.keyUsage = keyUsage
  const extendedKeyUsage = extendedKeyUsageOf(certificate)
  if (extendedKeyUsage) summary.extendedKeyUsage = extendedKeyUsage
  return { certificate, der, summary, spki }
}

export interface ChainLink {
  index: number
  summary: CertificateSummary
  /** valid at the evaluation time */
  current: boolean
  /** names and signature tie it to the next certificate (or to itself, for the last self-issued one) */
  signedByNext: boolean | null
  problems: string[]
}

export interface ChainReport {
  links: ChainLink[]
  /** the subject of the trusted certificate the chain reaches, or null when it reaches none */
  anchoredBy: string | null
  /** every link checked out: names chain, signatures verify, all current, issuers are CAs */
  consistent: boolean
  /** what Signet checked, in words */
  validated: string[]
  /** what it did not and cannot check offline, in words */
  notValidated: string[]
}

/**
 * Checks an x5c chain for internal consistency at time `at` (seconds). This says whether the chain
 * hangs together, not whether to trust it: the chain arrived inside the token, so whoever made the
 * token chose every certificate in it. Trust needs an anchor the user picked.
 */
export async function checkCertificateChain(
  x5c: readonly unknown[],
  at: number,
  anchors: readonly Uint8Array[] = [],
): Promise<ChainReport & { leafSpki: Uint8Array | null }> {
  if (x5c.length === 0)
    throw new SignetError(
      'ERR_KEY_INVALID',
      "The token's x5c is empty; RFC 7515 §4.1.6 requires at least the signing certificate.",
    )
  const parsed: ParsedCertificate[] = []
  for (const [index, entry] of x5c.entries()) {
    // x5c uses standard base64 with padding (RFC 7515 §4.1.6), not base64url.
    if (typeof entry !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(entry)) {
      throw new SignetError(
        'ERR_KEY_INVALID',
        `x5c[${index}] is not a base64 (not base64url) DER certificate string, as RFC 7515 §4.1.6 requires.`,
      )
    }
    parsed.push(
      await parseCertificate(
        Uint8Array.from(atob(entry), (ch) => ch.charCodeAt(0)),
        `x5c[${index}]`,
      ),
    )
  }
  const when = new Date(at * 1000)
  const links: ChainLink[] = []
  for (const [index, current] of parsed.entries()) {
    const problems: string[] = []
    const { certificate, summary } = current
    const isCurrent = certificate.notBefore.value <= when && when <= certificate.notAfter.value
    if (!isCurrent)
      problems.push(
        when < certificate.notBefore.value ? `not valid until ${summary.notBefore}` : `expired ${summary.notAfter}`,
      )
    const next = parsed[index + 1]
    let signedByNext: boolean | null = null
    if (next) {
      if (!certificate.issuer.isEqual(next.certificate.subject))
        problems.push(`its issuer "${summary.issuer}" is not the next certificate's subject "${next.summary.subject}"`)
      signedByNext = await verifySafely(certificate, next.certificate)
      if (!signedByNext) problems.push("its signature does not verify with the next certificate's key")
      if (!next.summary.isCa) problems.push('the next certificate is not marked as a CA (basicConstraints cA)')
    } else if (summary.selfIssued) {
      signedByNext = await verifySafely(certificate, certificate)
      if (!signedByNext) problems.push('it is self-issued but its self-signature does not verify')
    }
    links.push({ index, summary, current: isCurrent, signedByNext, problems })
  }
  const last = parsed[parsed.length - 1]
  const consistent = links.length > 0 && links.every((link) => link.problems.length === 0)
  const anchoredBy = consistent && last ? await findAnchor(parsed, anchors) : null
  return {
    links,
    anchoredBy,
    leafSpki: parsed[0]?.spki ?? null,
    consistent,
    validated: [
      'each certificate parses as X.509',
      'each certificate is issued by the next one (names match and the signature verifies)',
      'every issuer is marked as a CA',
      `every certificate is within its validity period at ${when.toISOString().replace('.000Z', 'Z')}`,
    ],
    notValidated: [
      anchoredBy
        ? `anything beyond the certificate you trust (${anchoredBy})`
        : last?.summary.selfIssued
          ? 'whether the root certificate is one you trust: it came with the token, so the token’s author chose it'
          : 'whether the chain reaches a root you trust: it stops at a certificate that is not self-issued',
      'revocation (CRL/OCSP): Signet works offline',
      'key usage, extended key usage, name constraints and certificate policies',
      'whether the leaf certificate names the issuer you expect',
    ],
  }
}

/**
 * The chain is anchored when it contains a certificate the user supplied, or when its last
 * certificate was issued by one: names match and the signature verifies with the user's key.
 */
async function findAnchor(chain: ParsedCertificate[], anchors: readonly Uint8Array[]): Promise<string | null> {
  const last = chain[chain.length - 1]!
  for (const der of anchors) {
    const anchor = await parseCertificate(der, 'the trusted certificate')
    if (chain.some((link) => link.summary.sha256Thumbprint === anchor.summary.sha256Thumbprint))
      return anchor.summary.subject
    if (
      last.certificate.issuer.isEqual(anchor.certificate.subject) &&
      anchor.summary.isCa &&
      (await verifySafely(last.certificate, anchor.certificate))
    ) {
      return anchor.summary.subject
    }
  }
  return null
}

async function verifySafely(certificate: Certificate, issuer: Certificate): Promise<boolean> {
  try {
    return await certificate.verify(issuer)
  } catch {
    return false
  }
}

/** RFC 5280 §4.2.1.3, in bit order */
const keyUsageNames = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
]

const purposeNames: Record<string, string> = {
  '2.5.29.37.0': 'anyExtendedKeyUsage',
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
}

/** The keyUsage bits set, or undefined without the extension. An unreadable one reads as no bits: it permits nothing. */
function keyUsageOf(certificate: Certificate): string[] | undefined {
  const extension = certificate.extensions?.find((e) => e.extnID === '2.5.29.15')
  if (!extension) return undefined
  try {
    const asn1 = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView)
    if (!(asn1.result instanceof asn1js.BitString)) return []
    const bytes = asn1.result.valueBlock.valueHexView
    return keyUsageNames.filter((_, bit) => ((bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0)
  } catch {
    return []
  }
}

function extendedKeyUsageOf(certificate: Certificate): string[] | undefined {
  const extension = certificate.extensions?.find((e) => e.extnID === '2.5.29.37')
  if (!extension) return undefined
  const parsed = extension.parsedValue
  const purposes = parsed instanceof ExtKeyUsage ? parsed.keyPurposes : []
  return purposes.map((oid) => purposeNames[oid] ?? oid)
}

function distinguishedName(name: RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((entry) => {
      const label = attributeNames[entry.type] ?? entry.type
      const value = (entry.value as { valueBlock?: { value?: unknown } }).valueBlock?.value
      return `${label}=${typeof value === 'string' ? value : '…'}`
    })
    .join(', ')
}

function rsaBits(certificate: Certificate): number | undefined {
  try {
    const modulus = (
      certificate.subjectPublicKeyInfo.parsedKey as
        { modulus?: { valueBlock: { valueHexView: Uint8Array } } } | undefined
    )?.modulus
    const bytes = modulus?.valueBlock.valueHexView
    if (!bytes) return undefined
    let i = 0
    while (i < bytes.length && bytes[i] === 0) i++
    return (bytes.length - i) * 8 - (i < bytes.length ? Math.clz32(bytes[i]!) - 24 : 0)
  } catch {
    return undefined
  }
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':')
}
