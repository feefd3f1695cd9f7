import {
  createHash,
  createPrivateKey,
  createPublicKey,
  randomBytes,
  sign,
  constants,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto'
import { Buffer } from 'node:buffer'
import * as asn1js from 'asn1js'
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  BasicConstraints,
  Certificate,
  Extension,
  PublicKeyInfo,
  RSASSAPSSParams,
} from 'pkijs'
import { SignetError } from '#shared/errors'
import type { CertificateResult, KeysCertificateInput } from '#shared/contract/key-files'
import { certificateLimits } from '#shared/managed-keys/certificate-limits'
import type { KeyRecord, SigningAlgorithm, Warning } from '#shared/managed-keys/types'
import { withdrawSecret } from './custody'
import { withKeyLock } from './lock'
import { announce, audit, keyInfo, requireKey, setOf, withKeyUpdates, type KeyContext } from './repository'

/**
 * Issues a self-signed X.509 v3 certificate (RFC 5280) for a managed key, as KeyStore Explorer and
 * Keycloak do for verifiers that want `x5c`: subject = issuer = `CN=<subject>` (default: the set
 * name), valid `days` from now, basicConstraints cA=FALSE and keyUsage digitalSignature (both
 * critical), a subjectKeyIdentifier. The TBS part is signed here with the key's private half, which
 * is read from the keychain for this one signature and dropped: it never leaves main.
 *
 * The certificate becomes the key's `x5c` (one standard-base64 DER, RFC 7517 §4.7) and `x5t#S256`
 * (base64url SHA-256 of the DER, §4.9) in its public JWK, so the set's JWKS carries it. Issuing again
 * replaces the previous certificate (a warning says so). Signature algorithms follow the key's `alg`:
 * sha*WithRSAEncryption (RS*), RSASSA-PSS (PS*, RFC 4055), ecdsa-with-SHA* (ES*), Ed25519 (RFC 8410).
 *
 * Errors: ERR_KEY_NOT_FOUND, ERR_KEY_SYMMETRIC (HS keys have no public half), ERR_KEY_COMPROMISED,
 * ERR_KEY_DESTROYED, ERR_INVALID_ARGUMENT (unpublished key, `days` or `subject` out of bounds),
 * ERR_KEY_SECRET_MISSING.
 */
export async function issueSelfSignedCertificate(
  context: KeyContext,
  input: KeysCertificateInput,
): Promise<CertificateResult> {
  const days = input.days ?? certificateLimits.defaultDays
  if (!Number.isInteger(days) || days < 1 || days > certificateLimits.maxDays) {
    throw new SignetError(
      'ERR_INVALID_ARGUMENT',
      `A certificate is valid for 1 to ${certificateLimits.maxDays} days (got ${days}).`,
    )
  }
  const warnings: Warning[] = []
  const outcome = await withKeyLock(
    context.dataDir,
    { operation: 'key.certificate', doing: `issuing a certificate for key ${input.kid}` },
    async () => {
      const data = context.store.read()
      const key = requireKey(data, input.kid)
      const set = setOf(data, key)
      checkCertifiable(key)
      const subject = (input.subject ?? set.name).trim()
      if (
        subject.length < 1 ||
        subject.length > certificateLimits.maxSubjectLength ||
        [...subject].some((ch) => ch < ' ' || ch === '\u007f')
      ) {
        throw new SignetError(
          'ERR_INVALID_ARGUMENT',
          `The certificate subject (CN) must be 1 to ${certificateLimits.maxSubjectLength} printable characters (RFC 5280 ub-common-name).`,
        )
      }
      const now = context.now()
      const secret = await withdrawSecret(context.keychain, key)
      const privateKey = createPrivateKey({ key: secret as JsonWebKey, format: 'jwk' })
      const der = buildCertificate({
        key,
        privateKey,
        subject,
        notBefore: now,
        notAfter: new Date(now.getTime() + days * 86_400_000),
      })
      if (Array.isArray(key.publicJwk!.x5c)) {
        warnings.push({
          code: 'WARN_CERTIFICATE_REPLACED',
          message: `The previous certificate of "${key.kid}" was replaced; verifiers that pinned it must take the new one from the JWKS.`,
        })
      }
      const sha256 = createHash('sha256').update(der).digest('base64url')
      const updated: KeyRecord = {
        ...key,
        publicJwk: { ...key.publicJwk!, x5c: [Buffer.from(der).toString('base64')], 'x5t#S256': sha256 },
      }
      context.store.update((current) => withKeyUpdates(current, [updated], now))
      return { key: updated, set, der, subject, notBefore: now, days }
    },
  )
  const parsed = Certificate.fromBER(outcome.der)
  const certificate = {
    subject: `CN=${outcome.subject}`,
    serialNumber: Buffer.from(parsed.serialNumber.valueBlock.valueHexView).toString('hex'),
    notBefore: isoSeconds(parsed.notBefore.value),
    notAfter: isoSeconds(parsed.notAfter.value),
    x5tS256: outcome.key.publicJwk!['x5t#S256'] as string,
    pem: toPem(outcome.der),
  }
  await audit(
    context,
    {
      action: 'key.certificate',
      subject: { set: outcome.set.name, kid: outcome.key.kid },
      details: {
        certificateSubject: certificate.subject,
        notAfter: certificate.notAfter,
        days: outcome.days,
        serialNumber: certificate.serialNumber,
        certificateSha256: certificate.x5tS256,
      },
    },
    warnings,
  )
  announce(context, 'key.certificate', outcome.set.name, [outcome.key.kid])
  return { key: keyInfo(context.store.read(), outcome.key), certificate, warnings }
}

function checkCertifiable(key: KeyRecord): void {
  if (!key.publicJwk)
    throw new SignetError(
      'ERR_KEY_SYMMETRIC',
      `"${key.kid}" is an ${key.alg} key: a shared secret has no public key to certify.`,
    )
  if (key.state === 'destroyed')
    throw new SignetError(
      'ERR_KEY_DESTROYED',
      `Key "${key.kid}" was destroyed: its private key no longer exists to sign a certificate.`,
    )
  if (key.state === 'compromised')
    throw new SignetError(
      'ERR_KEY_COMPROMISED',
      `Key "${key.kid}" is marked compromised: Signet does not certify a key anyone may hold.`,
    )
  if (key.state === 'unpublished') {
    throw new SignetError(
      'ERR_INVALID_ARGUMENT',
      `Key "${key.kid}" is unpublished: a certificate is published in the JWKS, which no longer lists this key. Certify a staged, active or retired key.`,
    )
  }
}

interface Signer {
  identifier: () => AlgorithmIdentifier
  sign: (tbs: Uint8Array, key: KeyObject) => Buffer
}

const hashOids: Record<string, string> = {
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
}
const hashBytes: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 }

function signerFor(alg: SigningAlgorithm): Signer {
  const hash = `sha${alg.slice(2)}`
  if (alg.startsWith('RS')) {
    const oid = { sha256: '1.2.840.113549.1.1.11', sha384: '1.2.840.113549.1.1.12', sha512: '1.2.840.113549.1.1.13' }[
      hash
    ]!
    return {
      identifier: () => new AlgorithmIdentifier({ algorithmId: oid, algorithmParams: new asn1js.Null() }),
      sign: (tbs, key) => sign(hash, tbs, key),
    }
  }
  if (alg.startsWith('PS')) {
    return {
      identifier: () => {
        const hashAlgorithm = new AlgorithmIdentifier({
          algorithmId: hashOids[hash]!,
          algorithmParams: new asn1js.Null(),
        })
        const params = new RSASSAPSSParams({
          hashAlgorithm,
          maskGenAlgorithm: new AlgorithmIdentifier({
            algorithmId: '1.2.840.113549.1.1.8',
            algorithmParams: hashAlgorithm.toSchema(),
          }),
          saltLength: hashBytes[hash]!,
        })
        return new AlgorithmIdentifier({ algorithmId: '1.2.840.113549.1.1.10', algorithmParams: params.toSchema() })
      },
      sign: (tbs, key) =>
        sign(hash, tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: hashBytes[hash]! }),
    }
  }
  if (alg.startsWith('ES')) {
    const oid = { sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha512: '1.2.840.10045.4.3.4' }[hash]!
    // X.509 carries ECDSA signatures DER-encoded (RFC 5758 §3.2), unlike JWS's raw r||s.
    return {
      identifier: () => new AlgorithmIdentifier({ algorithmId: oid }),
      sign: (tbs, key) => sign(hash, tbs, { key, dsaEncoding: 'der' }),
    }
  }
  if (alg === 'EdDSA')
    return {
      identifier: () => new AlgorithmIdentifier({ algorithmId: '1.3.101.112' }),
      sign: (tbs, key) => sign(null, tbs, key),
    }
  throw new SignetError('ERR_KEY_SYMMETRIC', `${alg} keys have no public key to certify.`)
}

/** The DER of a self-signed certificate for `key`, its TBS signed with `privateKey`. */
function buildCertificate(input: {
  key: KeyRecord
  privateKey: KeyObject
  subject: string
  notBefore: Date
  notAfter: Date
}): Uint8Array<ArrayBuffer> {
  const { key } = input
  const spki = createPublicKey({ key: key.publicJwk as JsonWebKey, format: 'jwk' }).export({
    type: 'spki',
    format: 'der',
  })
  const signer = signerFor(key.alg)
  const certificate = new Certificate()
  certificate.version = 2
  // 16 random bytes with the top bit cleared: a positive INTEGER of at most 20 octets (RFC 5280 §4.1.2.2).
  const serial = randomBytes(16)
  serial[0] = (serial[0]! & 0x7f) | 0x01
  certificate.serialNumber = new asn1js.Integer({ valueHex: serial })
  const name = () => [
    new AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: input.subject }) }),
  ]
  certificate.subject.typesAndValues = name()
  certificate.issuer.typesAndValues = name()
  certificate.notBefore.value = input.notBefore
  certificate.notAfter.value = input.notAfter
  certificate.subjectPublicKeyInfo = PublicKeyInfo.fromBER(spki)
  const keyIdentifier = createHash('sha1')
    .update(Buffer.from(certificate.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView))
    .digest()
  certificate.extensions = [
    new Extension({
      extnID: '2.5.29.19',
      critical: true,
      extnValue: new BasicConstraints({ cA: false }).toSchema().toBER(false),
    }),
    // keyUsage: digitalSignature only (bit 0), one byte with 7 unused bits.
    new Extension({
      extnID: '2.5.29.15',
      critical: true,
      extnValue: new asn1js.BitString({ valueHex: new Uint8Array([0x80]), unusedBits: 7 }).toBER(false),
    }),
    new Extension({ extnID: '2.5.29.14', extnValue: new asn1js.OctetString({ valueHex: keyIdentifier }).toBER(false) }),
  ]
  certificate.signature = signer.identifier()
  certificate.signatureAlgorithm = signer.identifier()
  const tbs = new Uint8Array(certificate.encodeTBS().toBER(false))
  certificate.tbsView = tbs
  certificate.signatureValue = new asn1js.BitString({ valueHex: signer.sign(tbs, input.privateKey) })
  return new Uint8Array(certificate.toSchema(false).toBER(false))
}

function toPem(der: Uint8Array): string {
  const body = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`
}

/** ISO 8601 UTC without milliseconds: the one time format (X.509 times have whole seconds anyway). */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
