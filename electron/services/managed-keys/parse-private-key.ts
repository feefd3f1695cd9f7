import { createPrivateKey, type KeyObject } from 'node:crypto'
import type { JWK } from 'jose'
import { SignetError } from '#shared/errors'
import { keyJsonError } from '#shared/key-material/key-json-error'

/**
 * Turns what a user imports into a private JWK: a JWK as JSON, or a PEM block (PKCS#8, encrypted
 * PKCS#8, PKCS#1 "RSA PRIVATE KEY", SEC1 "EC PRIVATE KEY", including the legacy OpenSSL-encrypted
 * forms). Node's crypto does the parsing and the decryption; this file names what went wrong.
 */

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g
const privateLabels = new Set(['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'])

export function privateJwkFromSource(source: string, passphrase?: string): JWK {
  const text = source.trim()
  if (text.startsWith('{')) return fromJwkText(text)
  if (text.includes('-----BEGIN ')) return fromPem(text, passphrase)
  throw new SignetError(
    'ERR_KEY_INVALID',
    'This is neither a PEM private key (-----BEGIN … PRIVATE KEY-----) nor a JWK (a JSON object). Signet imports PKCS#8, encrypted PKCS#8, PKCS#1, SEC1 and private JWKs.',
  )
}

function fromJwkText(text: string): JWK {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw keyJsonError('JWK', error)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SignetError('ERR_KEY_INVALID', 'A JWK must be a JSON object.')
  const object = parsed as Record<string, unknown>
  if (Array.isArray(object.keys)) {
    if (object.keys.length !== 1) {
      throw new SignetError(
        'ERR_KEY_INVALID',
        `This is a JWK Set with ${object.keys.length} keys; import one key at a time (a single JWK, or a set holding exactly one).`,
      )
    }
    return fromJwkObject(object.keys[0])
  }
  return fromJwkObject(object)
}

function fromJwkObject(value: unknown): JWK {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SignetError('ERR_KEY_INVALID', 'A JWK must be a JSON object.')
  const jwk = value as JWK
  if (typeof jwk.kty !== 'string')
    throw new SignetError('ERR_KEY_INVALID', 'This JSON object is not a JWK: it has no "kty".')
  return jwk
}

function fromPem(text: string, passphrase: string | undefined): JWK {
  const blocks = [...text.matchAll(pemBlock)].map((m) => ({ label: m[1]!, pem: m[0] }))
  const privateBlocks = blocks.filter((b) => privateLabels.has(b.label))
  if (privateBlocks.length === 0) {
    const labels = blocks.map((b) => b.label)
    if (labels.some((l) => l === 'PUBLIC KEY' || l === 'RSA PUBLIC KEY' || l === 'CERTIFICATE')) {
      throw new SignetError(
        'ERR_KEY_NOT_PRIVATE',
        `This PEM holds ${labels.join(', ')}, which is public: importing needs the private key.`,
      )
    }
    throw new SignetError(
      'ERR_KEY_INVALID',
      labels.length
        ? `This PEM holds ${labels.join(', ')}, not a private key.`
        : 'This PEM block is incomplete (no matching -----END … ----- line).',
    )
  }
  if (privateBlocks.length > 1)
    throw new SignetError(
      'ERR_KEY_INVALID',
      `This file holds ${privateBlocks.length} private keys; import one key per file.`,
    )
  const block = privateBlocks[0]!
  const encrypted = block.label === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.pem)
  if (encrypted && !passphrase) {
    throw new SignetError(
      'ERR_KEY_PASSPHRASE_REQUIRED',
      'This private key is encrypted: give its passphrase (signet keys import … --passphrase-file FILE).',
    )
  }
  let key: KeyObject
  try {
    key = createPrivateKey(
      encrypted ? { key: block.pem, format: 'pem', passphrase: passphrase! } : { key: block.pem, format: 'pem' },
    )
  } catch (error) {
    if (encrypted)
      throw new SignetError(
        'ERR_KEY_PASSPHRASE_WRONG',
        'The passphrase does not decrypt this private key (or the encrypted key is damaged). Check the passphrase file: a trailing newline is removed, other whitespace is kept.',
      )
    const detail = (error as Error).message.split('\n')[0]!.slice(0, 160)
    throw new SignetError('ERR_KEY_INVALID', `This ${block.label} block could not be read (${detail}).`)
  }
  const type = key.asymmetricKeyType
  if (type !== 'rsa' && type !== 'ec' && type !== 'ed25519') {
    if (type === 'rsa-pss') {
      throw new SignetError(
        'ERR_KEY_UNSUPPORTED',
        'This is an RSASSA-PSS-restricted key (id-RSASSA-PSS), which cannot be used as a JWK. Export the key as a plain RSA key (rsaEncryption) and import it with --alg PS256/384/512.',
      )
    }
    throw new SignetError(
      'ERR_KEY_UNSUPPORTED',
      `This is a ${String(type).toUpperCase()} key; Signet signs with RSA, EC (P-256/384/521) and Ed25519 keys.`,
    )
  }
  try {
    return key.export({ format: 'jwk' }) as JWK
  } catch (error) {
    if (type === 'ec') {
      const curve = key.asymmetricKeyDetails?.namedCurve ?? 'an unknown curve'
      throw new SignetError(
        'ERR_KEY_UNSUPPORTED',
        `This EC key is on ${curve}; Signet signs with P-256, P-384 and P-521.`,
      )
    }
    throw new SignetError(
      'ERR_KEY_INVALID',
      `This key could not be converted to a JWK (${(error as Error).message.split('\n')[0]}).`,
    )
  }
}
