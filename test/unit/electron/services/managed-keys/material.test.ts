import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { calculateJwkThumbprint, type JWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { generateMaterial, keyTypeOf, materialFromJwk } from '#electron/services/managed-keys/material'
import { privateJwkMembers, signingAlgorithms, type SigningAlgorithm } from '#shared/managed-keys/types'

function jwkOf(
  type: 'rsa' | 'ec' | 'ed25519' | 'x25519',
  options: { modulusLength?: number; namedCurve?: string } = {},
): JWK {
  const pair =
    type === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: options.modulusLength ?? 2048 })
      : type === 'ec'
        ? generateKeyPairSync('ec', { namedCurve: options.namedCurve ?? 'P-256' })
        : type === 'ed25519'
          ? generateKeyPairSync('ed25519')
          : generateKeyPairSync('x25519')
  return pair.privateKey.export({ format: 'jwk' }) as JWK
}

// RSA generation is slow on a shared machine: two keys serve every RSA case.
const rsaA = jwkOf('rsa')
const rsaB = jwkOf('rsa')
const rsa = () => ({ ...rsaA })

describe('generateMaterial', () => {
  const fast = signingAlgorithms.filter((a) => !a.startsWith('RS') && !a.startsWith('PS'))
  it.each(fast)('%s: a private JWK for the keychain, a public JWK for the store, the thumbprint', async (alg) => {
    const material = await generateMaterial(alg)
    expect(material.alg).toBe(alg)
    expect(material.kty).toBe(keyTypeOf(alg))
    if (material.kty === 'oct') {
      expect(material.publicJwk).toBeNull()
      expect(material.bits).toBe(Number(alg.slice(2)))
      expect(Buffer.from(material.privateJwk.k!, 'base64url')).toHaveLength(Number(alg.slice(2)) / 8)
    } else {
      for (const member of privateJwkMembers) expect(material.publicJwk).not.toHaveProperty(member)
      expect(material.privateJwk.d).toBeTypeOf('string')
    }
    expect(material.thumbprint).toBe(await calculateJwkThumbprint(material.publicJwk ?? material.privateJwk))
  })

  it.each([
    ['RS256', 2048],
    ['PS384', 3072],
  ] as [SigningAlgorithm, number][])('%s with %i bits', async (alg, bits) => {
    const material = await generateMaterial(alg, { bits })
    expect(material).toMatchObject({ alg, kty: 'RSA', bits })
  })

  it('curves follow the algorithm', async () => {
    expect((await generateMaterial('ES384')).crv).toBe('P-384')
    expect((await generateMaterial('ES512')).crv).toBe('P-521')
    expect((await generateMaterial('EdDSA')).crv).toBe('Ed25519')
  })

  it('two generations never give the same key', async () => {
    const [a, b] = await Promise.all([generateMaterial('HS256'), generateMaterial('HS256')])
    expect(a.thumbprint).not.toBe(b.thumbprint)
  })

  it('refuses other RSA sizes and bits for fixed-size keys', async () => {
    await expect(generateMaterial('RS256', { bits: 1024 })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: expect.stringMatching(/2048, 3072 or 4096/),
    })
    await expect(generateMaterial('ES256', { bits: 2048 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' })
  })
})

describe('materialFromJwk', () => {
  it('infers the algorithm from the key when it is not given', async () => {
    expect((await materialFromJwk(rsa())).alg).toBe('RS256')
    expect((await materialFromJwk(jwkOf('ec', { namedCurve: 'P-384' }))).alg).toBe('ES384')
    expect((await materialFromJwk(jwkOf('ed25519'))).alg).toBe('EdDSA')
    expect((await materialFromJwk({ kty: 'oct', k: randomBytes(48).toString('base64url') })).alg).toBe('HS384')
  })

  it('keeps only the key members (no kid, x5c or other extras)', async () => {
    const material = await materialFromJwk({
      ...jwkOf('ec', { namedCurve: 'P-256' }),
      kid: 'mine',
      x5c: ['abc'],
      ext: true,
    } as JWK)
    expect(Object.keys(material.privateJwk).sort()).toEqual(['crv', 'd', 'kty', 'x', 'y'])
    expect(Object.keys(material.publicJwk!).sort()).toEqual(['crv', 'kty', 'x', 'y'])
  })

  it('refuses RSA under 2048 bits with a clear message', async () => {
    await expect(materialFromJwk(jwkOf('rsa', { modulusLength: 1024 }))).rejects.toMatchObject({
      code: 'ERR_KEY_TOO_WEAK',
      message: expect.stringMatching(/1024 bits; Signet requires at least 2048/),
    })
  })

  it('refuses an algorithm that does not fit the key type or curve', async () => {
    await expect(materialFromJwk(jwkOf('ec', { namedCurve: 'P-384' }), 'ES256')).rejects.toMatchObject({
      code: 'ERR_KEY_ALG_MISMATCH',
      message: expect.stringMatching(/ES256 signs with P-256, but this key is on P-384; import it as ES384/),
    })
    await expect(materialFromJwk(rsa(), 'ES256')).rejects.toMatchObject({
      code: 'ERR_KEY_ALG_MISMATCH',
      message: expect.stringMatching(/ES256 needs an EC key, but this is an RSA key/),
    })
    await expect(materialFromJwk({ ...rsa(), alg: 'RS512' }, 'PS256')).rejects.toMatchObject({
      code: 'ERR_KEY_ALG_MISMATCH',
    })
    await expect(materialFromJwk({ ...rsa(), alg: 'RSA-OAEP-256' })).rejects.toMatchObject({
      code: 'ERR_KEY_ALG_MISMATCH',
    })
    await expect(materialFromJwk({ ...rsa(), use: 'enc' })).rejects.toMatchObject({ code: 'ERR_KEY_ALG_MISMATCH' })
    await expect(materialFromJwk({ ...rsa(), key_ops: ['verify'] })).rejects.toMatchObject({
      code: 'ERR_KEY_ALG_MISMATCH',
    })
  })

  it('accepts PS algorithms for an RSA key when asked', async () => {
    expect((await materialFromJwk(rsa(), 'PS512')).alg).toBe('PS512')
  })

  it('refuses curves Signet does not sign with, saying why', async () => {
    await expect(materialFromJwk(jwkOf('ec', { namedCurve: 'secp256k1' }))).rejects.toMatchObject({
      code: 'ERR_KEY_UNSUPPORTED',
      message: expect.stringMatching(/secp256k1/),
    })
    await expect(materialFromJwk(jwkOf('x25519'))).rejects.toMatchObject({
      code: 'ERR_KEY_UNSUPPORTED',
      message: expect.stringMatching(/key-agreement/),
    })
    await expect(materialFromJwk({ kty: 'DSA' } as unknown as JWK)).rejects.toMatchObject({
      code: 'ERR_KEY_UNSUPPORTED',
    })
  })

  it('refuses short HMAC secrets (RFC 7518 §3.2)', async () => {
    await expect(materialFromJwk({ kty: 'oct', k: randomBytes(16).toString('base64url') })).rejects.toMatchObject({
      code: 'ERR_KEY_TOO_WEAK',
      message: expect.stringMatching(/128 bits; HS256 needs at least 256/),
    })
    await expect(
      materialFromJwk({ kty: 'oct', k: randomBytes(32).toString('base64url') }, 'HS512'),
    ).rejects.toMatchObject({ code: 'ERR_KEY_TOO_WEAK' })
  })

  it('refuses public keys and incomplete private keys', async () => {
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicRsa } = rsa()
    await expect(materialFromJwk(publicRsa)).rejects.toMatchObject({ code: 'ERR_KEY_NOT_PRIVATE' })
    const { qi: _missing, ...noQi } = rsa()
    await expect(materialFromJwk(noQi)).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: expect.stringMatching(/"qi"/),
    })
    await expect(materialFromJwk({ kty: 'oct' })).rejects.toMatchObject({ code: 'ERR_KEY_NOT_PRIVATE' })
  })

  it('refuses a private half that does not belong to its public half', async () => {
    const a = jwkOf('ec', { namedCurve: 'P-256' })
    const b = jwkOf('ec', { namedCurve: 'P-256' })
    await expect(materialFromJwk({ ...a, d: b.d })).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' })
    await expect(materialFromJwk({ ...rsaA, n: rsaB.n })).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' })
  })

  it('refuses an RSA public exponent of 1', async () => {
    await expect(materialFromJwk({ ...rsa(), e: 'AQ' })).rejects.toMatchObject({
      code: 'ERR_KEY_INVALID',
      message: expect.stringMatching(/exponent/),
    })
  })
})
