import { exportJWK, importPKCS8, importSPKI, type JWK } from 'jose'
import { SignetError } from '../errors'
import { describeKeyShape } from './algorithms'
import { parseCertificate, type CertificateSummary } from './certificate'
import { describe } from './describe-key'
import { validateJwk } from './jwk'
import {
  curveOidOfParameters,
  parsePemBlocks,
  parsePkcs8,
  parseSpki,
  pkcs1PrivateToPkcs8,
  pkcs1PublicToSpki,
  sec1ToPkcs8,
  toPem,
  type KeyAlgorithmInfo,
} from './pem'
import type { KeyOrigin, ParsedKey, ParsedKeyInput, ParseKeyOptions } from './types'

/**
 * The PEM side of parseKeyText (shared/key-material/parse-key.ts): SPKI, PKCS#1, PKCS#8, SEC1 and X.509
 * certificates. Its own module because it needs pkijs (ASN.1), which parse-key imports only when the
 * text is PEM — verifying with a JWK never loads it.
 */

const importAlgorithm = (info: KeyAlgorithmInfo): string => {
  if (info.kty === 'RSA') return 'RS256'
  if (info.kty === 'EC') return info.crv === 'P-384' ? 'ES384' : info.crv === 'P-521' ? 'ES512' : 'ES256'
  return info.crv === 'X25519' ? 'ECDH-ES' : 'Ed25519'
}

export async function parsePem(text: string, options: ParseKeyOptions): Promise<ParsedKeyInput> {
  const name = options.name ?? 'pasted PEM'
  const blocks = parsePemBlocks(text)
  const notes: string[] = []
  const keys: ParsedKey[] = []
  let curveOid: string | undefined
  let signerCertificate: string | null = null
  const chain: Uint8Array[] = []
  for (const [index, block] of blocks.entries()) {
    const where = blocks.length > 1 ? `PEM block ${index + 1} (${block.label})` : `The PEM ${block.label}`
    if (block.encrypted || block.label === 'ENCRYPTED PRIVATE KEY') {
      throw new SignetError(
        'ERR_KEY_UNSUPPORTED',
        `${where} is encrypted with a passphrase. Signet reads unencrypted keys only here; decrypt a copy first (for example "openssl pkey -in key.pem -out plain.pem") or give the public key instead.`,
      )
    }
    switch (block.label) {
      case 'PUBLIC KEY':
        keys.push(await fromSpki(block.der, where, 'pem-spki', `${name} (SPKI`, undefined))
        break
      case 'RSA PUBLIC KEY':
        keys.push(
          await fromSpki(
            pkcs1PublicToSpki(block.der, where),
            where,
            'pem-pkcs1',
            `${name} (PKCS#1 RSA public key`,
            undefined,
          ),
        )
        break
      case 'CERTIFICATE': {
        const certificate = await parseCertificate(block.der, where)
        // A bundle is a chain, leaf first (RFC 8446 §4.4.2, RFC 7515 §4.1.6 order): the first
        // certificate is the signer, the rest vouch for it and are never keys of their own.
        if (signerCertificate !== null) {
          chain.push(block.der)
          notes.push(
            `${where} (${certificate.summary.subject}) is read as part of the chain of the first certificate (${signerCertificate}), not as a key: only the first certificate of a bundle is the signer.`,
          )
          break
        }
        signerCertificate = certificate.summary.subject
        const key = await fromSpki(
          certificate.spki,
          where,
          'x509',
          `${name} (certificate ${certificate.summary.subject}`,
          certificate.summary,
        )
        keys.push({ ...key, certificateDer: block.der })
        break
      }
      case 'PRIVATE KEY':
        keys.push(await fromPkcs8(block.der, where, 'pem-pkcs8', `${name} (PKCS#8 private key`))
        break
      case 'RSA PRIVATE KEY':
        keys.push(
          await fromPkcs8(
            pkcs1PrivateToPkcs8(block.der, where),
            where,
            'pem-pkcs1-private',
            `${name} (PKCS#1 RSA private key`,
          ),
        )
        break
      case 'EC PRIVATE KEY': {
        const converted = sec1ToPkcs8(block.der, where, curveOid)
        keys.push(await fromPkcs8(converted.der, where, 'pem-sec1', `${name} (SEC1 EC private key`))
        break
      }
      case 'EC PARAMETERS':
        curveOid = curveOidOfParameters(block.der)
        notes.push('An EC PARAMETERS block was read for its curve name only.')
        break
      default:
        notes.push(`A PEM block "${block.label}" was skipped: it holds no key Signet can use.`)
    }
  }
  if (keys.length === 0)
    throw new SignetError('ERR_KEY_INVALID', `The PEM text holds no key or certificate. ${notes.join(' ')}`.trim())
  return chain.length > 0 ? { format: 'pem', keys, notes, chainCertificates: chain } : { format: 'pem', keys, notes }
}

export async function fromSpki(
  der: Uint8Array,
  where: string,
  origin: KeyOrigin,
  labelStart: string,
  certificate: CertificateSummary | undefined,
): Promise<ParsedKey> {
  const { info } = parseSpki(der, where)
  let jwk: JWK
  try {
    const key = await importSPKI(toPem('PUBLIC KEY', der), importAlgorithm(info), { extractable: true })
    jwk = await exportJWK(key)
  } catch (error) {
    throw importFailure(where, error)
  }
  const validated = validateJwk(jwk, where)
  const description = await describe(validated, origin, `${labelStart}, ${describeKeyShape(validated)})`, certificate)
  return { description, jwk: validated.jwk }
}

async function fromPkcs8(der: Uint8Array, where: string, origin: KeyOrigin, labelStart: string): Promise<ParsedKey> {
  const { info } = parsePkcs8(der, where)
  let jwk: JWK
  try {
    const key = await importPKCS8(toPem('PRIVATE KEY', der), importAlgorithm(info), { extractable: true })
    jwk = await exportJWK(key)
  } catch (error) {
    throw importFailure(where, error)
  }
  const validated = validateJwk(jwk, where)
  const description = await describe(validated, origin, `${labelStart}, ${describeKeyShape(validated)})`)
  return { description, jwk: validated.jwk }
}

function importFailure(where: string, error: unknown): SignetError {
  if (error instanceof SignetError) return error
  // WebCrypto's messages say little more than "invalid key data"; the point is where it failed.
  return new SignetError(
    'ERR_KEY_INVALID',
    `${where} could not be imported: the key data is damaged or not a valid key (${error instanceof Error ? error.message : 'unknown reason'}).`,
  )
}
