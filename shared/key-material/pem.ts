import * as asn1js from 'asn1js'
import { AlgorithmIdentifier, ECPrivateKey, PrivateKeyInfo, PublicKeyInfo } from 'pkijs'
import { SignetError } from '../errors'

/**
 * PEM text ⇄ DER, and the two wrappings WebCrypto (hence jose) cannot import directly: a PKCS#1
 * RSA key (BEGIN RSA PUBLIC/PRIVATE KEY) and a SEC1 EC private key (BEGIN EC PRIVATE KEY). Both are
 * re-wrapped into SPKI / PKCS#8 with pkijs, which is ASN.1 done by a maintained, browser-safe
 * library rather than by hand.
 */

export { looksLikePem, parsePemBlocks, toPem, type PemBlock, type PemLabel } from './pem-text'

export const oids = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
} as const

const curveByOid: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
}

export interface KeyAlgorithmInfo {
  kty: 'RSA' | 'EC' | 'OKP'
  crv?: string
}

/** Reads the key type and curve from an AlgorithmIdentifier (of an SPKI or a PKCS#8 key). */
export function keyAlgorithmOf(algorithm: AlgorithmIdentifier, where: string): KeyAlgorithmInfo {
  const oid = algorithm.algorithmId
  switch (oid) {
    case oids.rsaEncryption:
      return { kty: 'RSA' }
    case oids.rsassaPss:
      throw new SignetError(
        'ERR_KEY_UNSUPPORTED',
        `${where} is an RSASSA-PSS-restricted RSA key (OID ${oid}); WebCrypto cannot import those. Export the key with the plain rsaEncryption OID.`,
      )
    case oids.ecPublicKey: {
      const parameters = algorithm.algorithmParams
      const curveOid = parameters instanceof asn1js.ObjectIdentifier ? parameters.valueBlock.toString() : undefined
      const crv = curveOid ? curveByOid[curveOid] : undefined
      if (!crv)
        throw new SignetError(
          'ERR_KEY_UNSUPPORTED',
          `${where} is an EC key on a curve Signet does not know (${curveOid ?? 'explicit parameters'}); use P-256, P-384 or P-521.`,
        )
      if (crv === 'secp256k1')
        throw new SignetError(
          'ERR_KEY_UNSUPPORTED',
          `${where} is on secp256k1 (ES256K), which jose 6 no longer supports.`,
        )
      return { kty: 'EC', crv }
    }
    case oids.ed25519:
      return { kty: 'OKP', crv: 'Ed25519' }
    case oids.x25519:
      return { kty: 'OKP', crv: 'X25519' }
    case oids.ed448:
    case oids.x448:
      throw new SignetError(
        'ERR_KEY_UNSUPPORTED',
        `${where} is an ${oid === oids.ed448 ? 'Ed448' : 'X448'} key, which jose 6 no longer supports.`,
      )
    default:
      throw new SignetError(
        'ERR_KEY_UNSUPPORTED',
        `${where} has key algorithm OID ${oid}, which is not RSA, EC, Ed25519 or X25519.`,
      )
  }
}

export function parseSpki(der: Uint8Array, where: string): { spki: PublicKeyInfo; info: KeyAlgorithmInfo } {
  const spki = parseAsn1(() => PublicKeyInfo.fromBER(der.slice()), where, 'a SubjectPublicKeyInfo (BEGIN PUBLIC KEY)')
  return { spki, info: keyAlgorithmOf(spki.algorithm, where) }
}

export function parsePkcs8(der: Uint8Array, where: string): { pkcs8: PrivateKeyInfo; info: KeyAlgorithmInfo } {
  const pkcs8 = parseAsn1(() => PrivateKeyInfo.fromBER(der.slice()), where, 'a PKCS#8 private key (BEGIN PRIVATE KEY)')
  return { pkcs8, info: keyAlgorithmOf(pkcs8.privateKeyAlgorithm, where) }
}

/** BEGIN RSA PUBLIC KEY (PKCS#1 RSAPublicKey) → BEGIN PUBLIC KEY (SPKI). */
export function pkcs1PublicToSpki(der: Uint8Array, where: string): Uint8Array {
  checkDerSequence(der, where, 'a PKCS#1 RSA public key')
  const spki = new PublicKeyInfo({
    algorithm: new AlgorithmIdentifier({ algorithmId: oids.rsaEncryption, algorithmParams: new asn1js.Null() }),
    subjectPublicKey: new asn1js.BitString({ valueHex: der.slice().buffer }),
  })
  return new Uint8Array(spki.toSchema().toBER(false))
}

/** BEGIN RSA PRIVATE KEY (PKCS#1 RSAPrivateKey) → BEGIN PRIVATE KEY (PKCS#8). */
export function pkcs1PrivateToPkcs8(der: Uint8Array, where: string): Uint8Array {
  checkDerSequence(der, where, 'a PKCS#1 RSA private key')
  const pkcs8 = new PrivateKeyInfo({
    version: 0,
    privateKeyAlgorithm: new AlgorithmIdentifier({
      algorithmId: oids.rsaEncryption,
      algorithmParams: new asn1js.Null(),
    }),
    privateKey: new asn1js.OctetString({ valueHex: der.slice().buffer }),
  })
  return new Uint8Array(pkcs8.toSchema().toBER(false))
}

/**
 * BEGIN EC PRIVATE KEY (SEC1, RFC 5915) → PKCS#8. The curve comes from the key's own parameters or,
 * as `openssl ecparam -genkey` writes it, from a preceding EC PARAMETERS block.
 */
export function sec1ToPkcs8(
  der: Uint8Array,
  where: string,
  curveOidFromParameters?: string,
): { der: Uint8Array; crv: string } {
  const sec1 = parseAsn1(() => ECPrivateKey.fromBER(der.slice()), where, 'a SEC1 EC private key (BEGIN EC PRIVATE KEY)')
  const curveOid = sec1.namedCurve ?? curveOidFromParameters
  const crv = curveOid ? curveByOid[curveOid] : undefined
  if (!curveOid || !crv) {
    throw new SignetError(
      'ERR_KEY_UNSUPPORTED',
      `${where} does not name a curve Signet supports (${curveOid ?? 'no curve given'}); use P-256, P-384 or P-521.`,
    )
  }
  if (crv === 'secp256k1')
    throw new SignetError('ERR_KEY_UNSUPPORTED', `${where} is on secp256k1 (ES256K), which jose 6 no longer supports.`)
  const pkcs8 = new PrivateKeyInfo({
    version: 0,
    privateKeyAlgorithm: new AlgorithmIdentifier({
      algorithmId: oids.ecPublicKey,
      algorithmParams: new asn1js.ObjectIdentifier({ value: curveOid }),
    }),
    privateKey: new asn1js.OctetString({ valueHex: der.slice().buffer }),
  })
  return { der: new Uint8Array(pkcs8.toSchema().toBER(false)), crv }
}

/** The curve OID of an "EC PARAMETERS" block (namedCurve form only). */
export function curveOidOfParameters(der: Uint8Array): string | undefined {
  const parsed = readBer(der)
  return parsed !== null && parsed.offset !== -1 && parsed.result instanceof asn1js.ObjectIdentifier
    ? parsed.result.valueBlock.toString()
    : undefined
}

/**
 * asn1js.fromBER, or null where it throws: it reports most malformed input in its result, but throws a
 * plain Error on some (an empty GeneralizedTime, `18 00`: "Wrong input string for conversion").
 */
function readBer(der: Uint8Array): ReturnType<typeof asn1js.fromBER> | null {
  try {
    return asn1js.fromBER(der.slice().buffer)
  } catch {
    return null
  }
}

function checkDerSequence(der: Uint8Array, where: string, what: string): void {
  const parsed = readBer(der)
  if (
    parsed === null ||
    parsed.offset === -1 ||
    !(parsed.result instanceof asn1js.Sequence) ||
    parsed.offset !== der.length
  ) {
    throw new SignetError('ERR_KEY_INVALID', `${where} is not ${what}: its DER structure does not parse.`)
  }
}

function parseAsn1<T>(parse: () => T, where: string, what: string): T {
  try {
    return parse()
  } catch (error) {
    if (error instanceof SignetError) throw error
    throw new SignetError('ERR_KEY_INVALID', `${where} is not ${what}: its DER structure does not parse.`)
  }
}
