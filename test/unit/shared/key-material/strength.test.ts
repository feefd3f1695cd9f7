import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { jwkThumbprint } from '#shared/key-material/thumbprint'
import { hasRocaFingerprint } from '#shared/key-material/roca'
import { checkKeyStrength } from '#shared/key-material/strength'

const toBigInt = (b64url: string) => BigInt(`0x${Buffer.from(b64url, 'base64url').toString('hex')}`)

describe('ROCA fingerprint', () => {
  const vectors = JSON.parse(
    readFileSync(new URL('../../../../../shared/vectors/wycheproof/json_web_key_test.json', import.meta.url), 'utf8'),
  ) as {
    testGroups: { comment: string; public?: { keys: { kty: string; n?: string }[] } }[]
  }
  const rsaKeys = vectors.testGroups.flatMap((g) =>
    (g.public?.keys ?? []).filter((k) => k.kty === 'RSA' && k.n).map((k) => ({ group: g.comment, n: k.n! })),
  )

  it('flags the Infineon key of the Wycheproof vectors and no other', () => {
    expect(rsaKeys.length).toBeGreaterThan(3)
    for (const key of rsaKeys)
      expect(hasRocaFingerprint(toBigInt(key.n)), key.group).toBe(key.group === 'jws_rsa_roca_key')
  })

  it('does not flag freshly generated keys', () => {
    for (let i = 0; i < 3; i++) {
      const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' })
      expect(hasRocaFingerprint(toBigInt(jwk.n!))).toBe(false)
    }
  })
})

describe('checkKeyStrength', () => {
  it('applies RFC 7518 minimum sizes', () => {
    const k = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64url')
    expect(checkKeyStrength({ kty: 'oct', k: k(31) }, 'HS256')).toMatchObject({ ok: false })
    expect(checkKeyStrength({ kty: 'oct', k: k(32) }, 'HS256')).toMatchObject({ ok: true })
    expect(checkKeyStrength({ kty: 'oct', k: k(48) }, 'HS512').message).toMatch(/48 bytes; HS512 needs at least 64/)
    expect(checkKeyStrength({ kty: 'oct', k: '' }, 'HS256').message).toMatch(/empty/)
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' })
    expect(checkKeyStrength(small, 'RS256').message).toMatch(/1024 bits; RFC 7518 §3.3 requires 2048/)
    expect(checkKeyStrength({ ...small, e: 'AQ' }, 'RS256').message).toMatch(/exponent is 1/)
  })
})

describe('jwkThumbprint', () => {
  it('computes the RFC 7638 §3.1 example', async () => {
    const jwk = {
      kty: 'RSA',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
      e: 'AQAB',
      alg: 'RS256',
      kid: '2011-04-29',
    }
    expect((await jwkThumbprint(JSON.stringify(jwk))).thumbprint).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs')
  })

  it('gives a private key the thumbprint of its public key, and refuses sets and broken keys', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const pub = await jwkThumbprint(JSON.stringify(pair.publicKey.export({ format: 'jwk' })))
    const priv = await jwkThumbprint(JSON.stringify(pair.privateKey.export({ format: 'jwk' })))
    expect(priv.thumbprint).toBe(pub.thumbprint)
    await expect(jwkThumbprint('{"keys": []}')).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' })
    await expect(jwkThumbprint('{"kty": "RSA", "n": "AQAB"}')).rejects.toMatchObject({ code: 'ERR_KEY_INVALID' })
  })
})
