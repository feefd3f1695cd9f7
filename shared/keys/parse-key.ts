import { calculateJwkThumbprint, exportJWK, importPKCS8, importSPKI, type JWK } from 'jose'
import { SignetError } from '../errors'
import { formatBytes, maxKeyTextChars, maxKeysInSet } from '../limits'
import { isJsonObject, jsonTypeName, parseJson, type JsonValue } from '../encoding/json'
import { keyJsonError } from './key-json-error'
import { describeKeyShape } from './algorithms'
import { parseCertificate, type CertificateSummary } from './certificate'
import { publicJwk, validateJwk, type ValidatedJwk } from './jwk'
import {
  curveOidOfParameters,
  looksLikePem,
  parsePemBlocks,
  parsePkcs8,
  parseSpki,
  pkcs1PrivateToPkcs8,
  pkcs1PublicToSpki,
  sec1ToPkcs8,
  toPem,
  type KeyAlgorithmInfo,
} from './pem'
import { sharedKids } from './shared-kids'
import type { KeyDescription, KeyOrigin, ParsedKey, ParsedKeyInput } from './types'

/**
 * Reads any key text a user may hold — a JWK, a JWK Set, or PEM (SPKI, PKCS#1 public or private,
 * PKCS#8, SEC1, X.509 certificate) — into JWKs with descriptions. Used for verification keys (the
 * public part is taken) and decryption keys alike; the CLI, the app and the Wycheproof conformance
 * test all come through here.
 */

export interface ParseKeyOptions {
  /** how to name the input in labels: a file name, or "pasted" input by default */
  name?: string
}

export async function parseKeyText(text: string, options: ParseKeyOptions = {}): Promise<ParsedKeyInput> {
  if (typeof text !== 'string' || text.trim().length === 0) {
    throw new SignetError('ERR_KEY_INVALID', 'The key is empty: paste or open a JWK, a JWK Set, or a PEM key or certificate.')
  }
  if (text.length > maxKeyTextChars) {
    throw new SignetError(
      'ERR_KEY_TOO_LARGE',
      `The key input is ${text.length.toLocaleString('en')} characters; Signet reads key text (a JWK, JWK Set or PEM) up to ${formatBytes(maxKeyTextChars)}. Check that the right file was chosen.`,
    )
  }
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) return parseJsonKey(trimmed, options)
  if (looksLikePem(trimmed)) return parsePem(trimmed, options)
  throw new SignetError(
    'ERR_KEY_INVALID',
    'This is not a key Signet can read: expected a JWK or JWK Set (JSON starting with "{") or PEM ("-----BEGIN …-----"). ' +
      'For an HMAC secret, use the secret field (CLI: --secret or --secret-file).',
  )
}

async function parseJsonKey(text: string, options: ParseKeyOptions): Promise<ParsedKeyInput> {
  let value: JsonValue
  try {
    const parsed = parseJson(text, 'key')
    if (parsed.duplicates.length > 0) {
      const first = parsed.duplicates[0]!
      throw new SignetError('ERR_KEY_INVALID', `The key has the member "${first.path ? `${first.path}.` : ''}${first.member}" twice; a key must be unambiguous.`)
    }
    value = parsed.value
  } catch (error) {
    if (error instanceof SignetError && error.code === 'ERR_TOKEN_JSON') throw keyJsonError('key', error)
    throw error
  }
  if (!isJsonObject(value)) throw new SignetError('ERR_KEY_INVALID', `A JWK must be a JSON object, but this is ${jsonTypeName(value)}.`)
  if ('keys' in value) return parseJwks(value.keys, options)
  const validated = validateJwk(value, 'the JWK')
  const name = options.name ?? 'pasted JWK'
  return { format: 'jwk', keys: [await fromValidatedJwk(validated, 'jwk', name)], notes: [] }
}

async function parseJwks(keys: JsonValue | undefined, options: ParseKeyOptions): Promise<ParsedKeyInput> {
  if (!Array.isArray(keys)) throw new SignetError('ERR_KEY_INVALID', `A JWK Set needs "keys" to be an array of JWKs, but it is ${jsonTypeName(keys ?? null)}.`)
  if (keys.length > maxKeysInSet) {
    throw new SignetError('ERR_KEY_TOO_LARGE', `The JWK Set has ${keys.length.toLocaleString('en')} keys; Signet reads sets of up to ${maxKeysInSet.toLocaleString('en')} keys, since each is tried in turn.`)
  }
  const name = options.name ?? 'pasted JWKS'
  const notes: string[] = []
  const parsed: ParsedKey[] = []
  for (const [index, entry] of keys.entries()) {
    const where = `key ${index + 1} of the JWK Set`
    let validated: ValidatedJwk
    try {
      validated = validateJwk(entry, where)
    } catch (error) {
      // A published set may hold keys for algorithms Signet cannot use; they must not hide the others.
      if (error instanceof SignetError && error.code === 'ERR_KEY_UNSUPPORTED') {
        notes.push(`${where} was skipped: ${error.message}`)
        continue
      }
      throw error
    }
    parsed.push(await fromValidatedJwk(validated, 'jwks', name, index))
  }
  checkSetIsUnambiguous(parsed)
  labelSharedKids(parsed, notes)
  if (parsed.length === 0) {
    throw new SignetError('ERR_KEY_INVALID', keys.length === 0 ? 'The JWK Set is empty.' : `None of the ${keys.length} keys in the JWK Set is usable: ${notes.join(' ')}`)
  }
  return { format: 'jwks', keys: parsed, notes }
}

/**
 * A set that mixes secret and public keys, or private and public keys, is a mistake waiting to be
 * exploited (Wycheproof's MixedKeySet cases): refuse it rather than guess.
 */
function checkSetIsUnambiguous(keys: ParsedKey[]): void {
  const secret = keys.filter((k) => k.description.kty === 'oct')
  if (secret.length > 0 && secret.length < keys.length) {
    throw new SignetError(
      'ERR_KEY_SET_AMBIGUOUS',
      `The JWK Set mixes ${secret.length} secret (oct) key(s) with ${keys.length - secret.length} public-key key(s). ` +
        'A set a verifier trusts must not do that: a secret published beside public keys is no longer secret, and an algorithm switch could pick either. Split the set.',
    )
  }
  const asymmetric = keys.filter((k) => k.description.kty !== 'oct')
  const privateCount = asymmetric.filter((k) => k.description.fromPrivateKey).length
  if (privateCount > 0 && privateCount < asymmetric.length) {
    throw new SignetError(
      'ERR_KEY_SET_AMBIGUOUS',
      `The JWK Set mixes ${privateCount} private key(s) with ${asymmetric.length - privateCount} public key(s). Keep private keys out of sets that are meant to be shared.`,
    )
  }
  // Two keys sharing a kid are not refused: RFC 7517 §4.5 says kids SHOULD be distinct, not MUST.
  // The key source tries every key a shared kid names and the trace reports the duplicate.
}

/**
 * Keys that share a kid get their position in the label, so a trace can say which of them verified,
 * and the set's notes say which kids are shared (RFC 7517 §4.5: kids SHOULD be distinct).
 */
function labelSharedKids(keys: ParsedKey[], notes: string[]): void {
  for (const { kid, positions } of sharedKids(keys.map((k) => k.description))) {
    for (const key of keys) {
      if (key.description.kid === kid && positions.includes((key.description.index ?? 0) + 1)) {
        key.description.label = key.description.label.replace(`: key kid=${kid} (`, `: key ${(key.description.index ?? 0) + 1} kid=${kid} (`)
      }
    }
    notes.push(`Keys ${positions.join(', ')} of the JWK Set share kid "${kid}"; RFC 7517 §4.5 says kids SHOULD be distinct, so a token naming it has each of them tried.`)
  }
}

async function fromValidatedJwk(validated: ValidatedJwk, origin: 'jwk' | 'jwks', name: string, index?: number): Promise<ParsedKey> {
  const { jwk } = validated
  const shape = describeKeyShape(validated)
  const kidPart = jwk.kid !== undefined ? ` kid=${jwk.kid}` : ''
  const label = index === undefined ? `${name}${kidPart} (${shape})` : `${name}: key${kidPart || ` #${index + 1}`} (${shape})`
  const description = await describe(validated, origin, label)
  if (index !== undefined) description.index = index
  return { description, jwk }
}

async function describe(validated: ValidatedJwk, origin: KeyOrigin, label: string, certificate?: CertificateSummary): Promise<KeyDescription> {
  const { jwk, kty } = validated
  const isSecret = kty === 'oct'
  const pub = isSecret ? undefined : publicJwk(jwk)
  const description: KeyDescription = {
    label,
    origin,
    kty,
    fromPrivateKey: !isSecret && validated.isPrivate,
  }
  if (validated.crv !== undefined) description.crv = validated.crv
  if (validated.bits !== undefined) description.bits = validated.bits
  if (jwk.kid !== undefined) description.kid = jwk.kid
  if (jwk.alg !== undefined) description.alg = jwk.alg
  if (jwk.use !== undefined) description.use = jwk.use
  if (jwk.key_ops !== undefined) description.keyOps = [...jwk.key_ops]
  if (pub) {
    description.publicJwk = pub
    description.thumbprint = await calculateJwkThumbprint(pub, 'sha256')
  }
  if (certificate) description.certificate = certificate
  return description
}

// ---------------------------------------------------------------------------------------------
// PEM

const importAlgorithm = (info: KeyAlgorithmInfo): string => {
  if (info.kty === 'RSA') return 'RS256'
  if (info.kty === 'EC') return info.crv === 'P-384' ? 'ES384' : info.crv === 'P-521' ? 'ES512' : 'ES256'
  return info.crv === 'X25519' ? 'ECDH-ES' : 'Ed25519'
}

async function parsePem(text: string, options: ParseKeyOptions): Promise<ParsedKeyInput> {
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
        keys.push(await fromSpki(pkcs1PublicToSpki(block.der, where), where, 'pem-pkcs1', `${name} (PKCS#1 RSA public key`, undefined))
        break
      case 'CERTIFICATE': {
        const certificate = await parseCertificate(block.der, where)
        // A bundle is a chain, leaf first (RFC 8446 §4.4.2, RFC 7515 §4.1.6 order): the first
        // certificate is the signer, the rest vouch for it and are never keys of their own.
        if (signerCertificate !== null) {
          chain.push(block.der)
          notes.push(`${where} (${certificate.summary.subject}) is read as part of the chain of the first certificate (${signerCertificate}), not as a key: only the first certificate of a bundle is the signer.`)
          break
        }
        signerCertificate = certificate.summary.subject
        const key = await fromSpki(certificate.spki, where, 'x509', `${name} (certificate ${certificate.summary.subject}`, certificate.summary)
        keys.push({ ...key, certificateDer: block.der })
        break
      }
      case 'PRIVATE KEY':
        keys.push(await fromPkcs8(block.der, where, 'pem-pkcs8', `${name} (PKCS#8 private key`))
        break
      case 'RSA PRIVATE KEY':
        keys.push(await fromPkcs8(pkcs1PrivateToPkcs8(block.der, where), where, 'pem-pkcs1-private', `${name} (PKCS#1 RSA private key`))
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
  if (keys.length === 0) throw new SignetError('ERR_KEY_INVALID', `The PEM text holds no key or certificate. ${notes.join(' ')}`.trim())
  return chain.length > 0 ? { format: 'pem', keys, notes, chainCertificates: chain } : { format: 'pem', keys, notes }
}

export async function fromSpki(der: Uint8Array, where: string, origin: KeyOrigin, labelStart: string, certificate: CertificateSummary | undefined): Promise<ParsedKey> {
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
  return new SignetError('ERR_KEY_INVALID', `${where} could not be imported: the key data is damaged or not a valid key (${error instanceof Error ? error.message : 'unknown reason'}).`)
}
