import { exportJWK, exportSPKI, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import caPem from '../../../../../shared/key-material/fixtures/ca.pem?raw'
import {
  keyTextFromFile,
  looksLikeKeyDocument,
  readAnchors,
  readDecryptionKey,
  readVerificationKey,
  type KeyText,
} from '#renderer/features/inspector/verify/key-input'

const text = (value: string, patch: Partial<KeyText> = {}): KeyText => ({
  text: value,
  fileName: null,
  encoding: 'auto',
  ...patch,
})

describe('the key field', () => {
  it('tells key documents from secrets by their shape', () => {
    expect(looksLikeKeyDocument('  {"kty":"EC"}')).toBe(true)
    expect(looksLikeKeyDocument('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----')).toBe(true)
    expect(looksLikeKeyDocument('your-256-bit-secret')).toBe(false)
    expect(looksLikeKeyDocument('c2VjcmV0')).toBe(false)
  })

  it('reads a JWKS into a source that names each key, and a public key the linter can use', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true })
    const reading = await readVerificationKey(
      text(JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] }), { fileName: 'jwks.json' }),
    )
    expect(reading.kind).toBe('keys')
    if (reading.kind !== 'keys') return
    expect(reading.parsed.format).toBe('jwks')
    expect(reading.source.keys.map((k) => k.label)).toEqual(['jwks.json: key kid=k1 (EC P-256)'])
    expect(reading.lintKey).toMatchObject({ kty: 'EC', crv: 'P-256', jwk: { kty: 'EC', crv: 'P-256' } })
  })

  it('passes a single PEM public key to the linter as pasted (the key-confusion check HMACs those very bytes)', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true })
    const pem = await exportSPKI(publicKey)
    const reading = await readVerificationKey(text(pem))
    expect(reading.kind === 'keys' && reading.lintKey?.pem).toBe(pem.trim())
  })

  it('reads a secret in the detected encoding, or the one chosen, and says how', async () => {
    const auto = await readVerificationKey(text('c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA'))
    expect(auto.kind).toBe('secret')
    if (auto.kind !== 'secret') return
    expect(auto.secret.encoding).toBe('base64url')
    expect(auto.source.keys.length).toBeGreaterThan(1)
    const chosen = await readVerificationKey(
      text('c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA', { encoding: 'utf8' }),
    )
    expect(chosen.kind === 'secret' && chosen.secret).toMatchObject({
      encoding: 'utf8',
      explanation: 'Read as UTF-8 text, as chosen.',
    })
    expect(chosen.kind === 'secret' && chosen.source.keys).toHaveLength(1)
  })

  it('drops the newline a file ends with from a secret, not from a typed one', async () => {
    const fromFile = await readVerificationKey(
      text('hunter2-hunter2-hunter2-hunter2!\n', { fileName: 'secret.txt', encoding: 'utf8' }),
    )
    expect(fromFile.kind === 'secret' && fromFile.secret.bytes.length).toBe(32)
    const typed = await readVerificationKey(text('hunter2-hunter2-hunter2-hunter2!\n', { encoding: 'utf8' }))
    expect(typed.kind === 'secret' && typed.secret.bytes.length).toBe(33)
  })

  it('reports what is wrong with a broken key or secret, with its stable code', async () => {
    expect(await readVerificationKey(text('{"kty":"EC","crv":"P-256"}'))).toMatchObject({
      kind: 'error',
      as: 'key',
      error: { code: 'ERR_KEY_INVALID' },
    })
    expect(await readVerificationKey(text('zz', { encoding: 'hex' }))).toMatchObject({
      kind: 'error',
      as: 'secret',
      error: { code: 'ERR_SECRET_INVALID' },
    })
    expect(await readVerificationKey(text('   '))).toEqual({ kind: 'empty' })
  })
})

describe('decryption keys', () => {
  it('keep a private key whole, and turn every reading of a secret into a candidate', async () => {
    const { privateKey } = await generateKeyPair('RSA-OAEP-256', { extractable: true })
    const reading = await readDecryptionKey(text(JSON.stringify(await exportJWK(privateKey))))
    expect(reading.kind === 'keys' && reading.keys[0]!.jwk.d).toBeTruthy()
    const secret = await readDecryptionKey(text('00112233445566778899aabbccddeeff'))
    expect(secret.kind).toBe('keys')
    if (secret.kind !== 'keys') return
    expect(secret.format).toBe('secret')
    expect(secret.keys[0]!.description).toMatchObject({ kty: 'oct', secretEncoding: 'hex', bits: 128 })
    expect(secret.keys.map((k) => k.description.secretEncoding)).toContain('utf8')
    expect(secret.explanation).toBeTruthy()
  })
})

describe('trust anchors', () => {
  it('take certificates, and refuse a bare key with the reason', async () => {
    const anchors = await readAnchors(caPem)
    expect(anchors).toMatchObject({ kind: 'anchors', subjects: ['O=Signet Test, CN=Signet Test Root CA'] })
    const { publicKey } = await generateKeyPair('ES256', { extractable: true })
    expect(await readAnchors(await exportSPKI(publicKey))).toMatchObject({
      kind: 'error',
      error: { message: expect.stringContaining('must be a certificate') },
    })
    expect(await readAnchors('')).toEqual({ kind: 'empty' })
  })
})

describe('key files', () => {
  const bytes = (s: string) => new TextEncoder().encode(s)
  it('are small UTF-8 text; a BOM is dropped', () => {
    expect(keyTextFromFile('k.pem', bytes('\uFEFF-----BEGIN PUBLIC KEY-----'))).toBe('-----BEGIN PUBLIC KEY-----')
  })
  it('refuse binary (DER), oversized, non-UTF-8 and empty files, saying what to do', () => {
    expect(() => keyTextFromFile('c.der', new Uint8Array([0x30, 0x82, 0x01, 0x00, 0x00]))).toThrow(
      /binary \(DER\?\).*openssl/,
    )
    expect(() => keyTextFromFile('big.json', new Uint8Array(300 * 1024).fill(0x41))).toThrow(/at most 256 KiB/)
    expect(() => keyTextFromFile('l1.txt', new Uint8Array([0xc3, 0x28]))).toThrow(/not UTF-8/)
    expect(() => keyTextFromFile('e.pem', bytes(' \n'))).toThrow(/empty/)
  })
})
