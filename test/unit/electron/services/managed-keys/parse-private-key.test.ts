import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { privateJwkFromSource } from '#electron/services/managed-keys/parse-private-key'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const ed = generateKeyPairSync('ed25519')
const rsaJwk = rsa.privateKey.export({ format: 'jwk' })
const passphrase = 'correct horse battery staple'

describe('privateJwkFromSource', () => {
  it.each([
    ['PKCS#8 RSA', rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RSA'],
    ['PKCS#1 RSA', rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), 'RSA'],
    ['SEC1 EC', ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString(), 'EC'],
    ['PKCS#8 EC', ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'EC'],
    ['PKCS#8 Ed25519', ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'OKP'],
  ])('reads %s into a private JWK', (_name, pem, kty) => {
    const jwk = privateJwkFromSource(`\n${pem}\n`)
    expect(jwk.kty).toBe(kty)
    expect(jwk.d).toBeTypeOf('string')
  })

  it('gives the same key from every format', () => {
    const fromPkcs1 = privateJwkFromSource(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString())
    expect(fromPkcs1.n).toBe(rsaJwk.n)
    expect(fromPkcs1.d).toBe(rsaJwk.d)
  })

  it('decrypts encrypted PKCS#8 and legacy encrypted PKCS#1 with the passphrase', () => {
    const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString()
    expect(pkcs8).toContain('ENCRYPTED PRIVATE KEY')
    expect(privateJwkFromSource(pkcs8, passphrase).d).toBe(rsaJwk.d)
    const legacy = rsa.privateKey.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-128-cbc', passphrase }).toString()
    expect(legacy).toContain('Proc-Type: 4,ENCRYPTED')
    expect(privateJwkFromSource(legacy, passphrase).d).toBe(rsaJwk.d)
  })

  it('asks for the passphrase of an encrypted key, and names a wrong one', () => {
    const pkcs8 = ec.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }).toString()
    expect(() => privateJwkFromSource(pkcs8)).toThrow(
      expect.objectContaining({
        code: 'ERR_KEY_PASSPHRASE_REQUIRED',
        message: expect.stringContaining('--passphrase-file'),
      }),
    )
    expect(() => privateJwkFromSource(pkcs8, 'wrong')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_PASSPHRASE_WRONG' }),
    )
  })

  it('reads a JWK, and a JWK Set holding exactly one key', () => {
    expect(privateJwkFromSource(JSON.stringify(rsaJwk)).d).toBe(rsaJwk.d)
    expect(privateJwkFromSource(JSON.stringify({ keys: [rsaJwk] })).d).toBe(rsaJwk.d)
    expect(() => privateJwkFromSource(JSON.stringify({ keys: [rsaJwk, rsaJwk] }))).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_INVALID', message: expect.stringMatching(/2 keys/) }),
    )
    expect(() => privateJwkFromSource('{"kty": "RSA",')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_INVALID', message: expect.stringMatching(/not valid JSON/) }),
    )
    expect(() => privateJwkFromSource('{"alg": "RS256"}')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_INVALID', message: expect.stringMatching(/no "kty"/) }),
    )
  })

  it('says a public key or certificate is not enough', () => {
    const spki = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString()
    expect(() => privateJwkFromSource(spki)).toThrow(expect.objectContaining({ code: 'ERR_KEY_NOT_PRIVATE' }))
  })

  it('refuses two private keys in one file, and files that are not keys', () => {
    const one = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    expect(() => privateJwkFromSource(`${one}\n${one}`)).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_INVALID', message: expect.stringMatching(/2 private keys/) }),
    )
    expect(() => privateJwkFromSource('hello')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_INVALID', message: expect.stringMatching(/neither a PEM/) }),
    )
    expect(() => privateJwkFromSource('-----BEGIN PRIVATE KEY-----\nAAAA')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_INVALID', message: expect.stringMatching(/incomplete/) }),
    )
    expect(() => privateJwkFromSource('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_INVALID' }),
    )
  })

  it('refuses key types Signet does not sign with', () => {
    const dsa = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 })
    expect(() => privateJwkFromSource(dsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED', message: expect.stringMatching(/DSA/) }),
    )
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 })
    expect(() => privateJwkFromSource(pss.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow(
      expect.objectContaining({ code: 'ERR_KEY_UNSUPPORTED', message: expect.stringMatching(/RSASSA-PSS/) }),
    )
  })
})
