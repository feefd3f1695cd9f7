import { generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { lintToken, weakSecretFinding } from '#shared/token/lint'
import { curatedSecrets } from '#shared/token/weak-secrets/dictionary-data'
import { weakSecretDictionary } from '#shared/token/weak-secrets/dictionary'
import {
  findWeakSecret,
  keyVariants,
  weakSecretTargets,
  type WeakSecretProgress,
} from '#shared/token/weak-secrets/check'
import { find, hmacToken, ids, now } from './tokens'

const claims = { sub: 'u', aud: 'api', exp: now + 600 }

describe('weak-secret dictionary', () => {
  it('starts with the most common secrets and has no duplicates', () => {
    const dictionary = weakSecretDictionary()
    expect(dictionary.slice(0, 2)).toEqual(['secret', 'your-256-bit-secret'])
    expect(new Set(dictionary).size).toBe(dictionary.length)
    expect(dictionary.length).toBeGreaterThan(3000)
    expect(dictionary).toContain('super-secret-jwt-token-with-at-least-32-characters-long')
    // generated variants
    for (const variant of [
      'my_jwt_secret',
      'MY_JWT_SECRET',
      'myJwtSecret',
      'AppSecretKey',
      'dev-token-secret',
      'your refresh token secret',
    ]) {
      expect(dictionary).toContain(variant)
    }
    expect(curatedSecrets.length).toBeLessThan(dictionary.length)
  })

  it('derives the base64-decoded key only from base64-looking text', () => {
    expect(keyVariants('secret').map((v) => v.variant)).toEqual(['plain', 'base64-decoded'])
    expect(keyVariants('c2VjcmV0')[1]!.key).toEqual(new TextEncoder().encode('secret'))
    expect(keyVariants('change me').map((v) => v.variant)).toEqual(['plain'])
    expect(keyVariants('abc').map((v) => v.variant)).toEqual(['plain'])
  })
})

describe('findWeakSecret', () => {
  it("finds jwt.io's default secret, naming it", async () => {
    const jwtio =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'
    expect(await findWeakSecret(jwtio)).toMatchObject({
      secret: 'your-256-bit-secret',
      variant: 'plain',
      alg: 'HS256',
      signatureIndex: 0,
      candidatesTried: 2,
    })
  })

  it.each(['HS256', 'HS384', 'HS512'] as const)('finds a dictionary secret deep in the list with %s', async (alg) => {
    const dictionary = weakSecretDictionary()
    const secret = dictionary[dictionary.length - 5]!
    const result = await findWeakSecret(hmacToken({}, claims, secret, alg))
    expect(result).toMatchObject({ secret, variant: 'plain', alg, candidatesTried: dictionary.length - 4 })
  })

  it('finds a secret that the verifier base64-decodes', async () => {
    const configured = 'MVg0YAPVSPiYQc/qIs/rV/X32EFR0zOJWfHFgMbszMw='
    const token = hmacToken({}, claims, Buffer.from(configured, 'base64'))
    expect(await findWeakSecret(token)).toMatchObject({ secret: configured, variant: 'base64-decoded' })
  })

  it('returns null for a strong secret, having tried everything', async () => {
    const progress: WeakSecretProgress[] = []
    const token = hmacToken({}, claims, 'kQ3v9Zt2mX8pL4sW7nB1cR6yH0dF5gJ2aE9uT3iO8kM')
    expect(await findWeakSecret(token, { onProgress: (p) => progress.push(p) })).toBeNull()
    const total = weakSecretDictionary().length
    expect(progress.at(-1)).toEqual({ tried: total, total })
    expect(progress.map((p) => p.tried)).toEqual([...progress.map((p) => p.tried)].sort((a, b) => a - b))
  })

  it('yields to the event loop between slices, so a timer can run meanwhile', async () => {
    const token = hmacToken({}, claims, 'not-in-any-dictionary-4f1c9b7e2d')
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    const slow = (_alg: 'HS256' | 'HS384' | 'HS512', key: Uint8Array, data: Uint8Array) => {
      const end = performance.now() + 0.05
      while (performance.now() < end);
      return new Uint8Array(32).fill(key.length + data.length)
    }
    await findWeakSecret(token, { hmac: slow, sliceMs: 5, dictionary: weakSecretDictionary().slice(0, 400) })
    clearInterval(timer)
    expect(ticks).toBeGreaterThan(2)
  })

  it('stops with ERR_WEAK_SECRET_ABORTED when aborted', async () => {
    const controller = new AbortController()
    const token = hmacToken({}, claims, 'not-in-any-dictionary-4f1c9b7e2d')
    const run = findWeakSecret(token, { signal: controller.signal, sliceMs: 1, onProgress: () => controller.abort() })
    await expect(run).rejects.toMatchObject({ code: 'ERR_WEAK_SECRET_ABORTED' })
  })

  it('refuses tokens that are not HMAC-signed, saying what they are', async () => {
    const { privateKey } = await generateKeyPair('ES256')
    const es = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).sign(privateKey)
    await expect(findWeakSecret(es)).rejects.toMatchObject({
      code: 'ERR_WEAK_SECRET_NOT_HMAC',
      message: expect.stringContaining('"ES256"'),
    })
    expect(() => weakSecretTargets(es)).toThrow(SignetError)
  })

  it('works with an injected HMAC engine (e.g. node:crypto in the CLI)', async () => {
    const { createHmac } = await import('node:crypto')
    const hmac = (alg: 'HS256' | 'HS384' | 'HS512', key: Uint8Array, data: Uint8Array) =>
      new Uint8Array(
        createHmac(`sha${alg.slice(2)}`, key)
          .update(data)
          .digest(),
      )
    expect(await findWeakSecret(hmacToken({}, claims, 'changeme'), { hmac })).toMatchObject({ secret: 'changeme' })
  })
})

describe('lintToken — weak secret quick check', () => {
  it('reports the commonest secrets synchronously, naming the secret', () => {
    const finding = find(lintToken(hmacToken({ typ: 'JWT' }, claims, 'secret'), { now }), 'weak-hmac-secret')!
    expect(finding.severity).toBe('high')
    expect(finding.message).toContain('"secret"')
  })

  it('can be limited or switched off', () => {
    const deep = hmacToken({}, claims, weakSecretDictionary()[200]!)
    expect(ids(lintToken(deep, { now }))).not.toContain('weak-hmac-secret')
    expect(ids(lintToken(deep, { now, weakSecretQuickCheck: 300 }))).toContain('weak-hmac-secret')
    expect(ids(lintToken(hmacToken({}, claims, 'secret'), { now, weakSecretQuickCheck: false }))).not.toContain(
      'weak-hmac-secret',
    )
  })

  it('bounds the default pass by a hashing budget on large tokens, but always tries the top two', () => {
    const dictionary = weakSecretDictionary()
    const big = { ...claims, groups: Array.from({ length: 300 }, (_, i) => `/org/department-${i}/team`) }
    expect(ids(lintToken(hmacToken({}, claims, dictionary[15]!), { now }))).toContain('weak-hmac-secret')
    expect(ids(lintToken(hmacToken({}, big, dictionary[15]!), { now }))).not.toContain('weak-hmac-secret')
    expect(ids(lintToken(hmacToken({}, big, dictionary[1]!), { now }))).toContain('weak-hmac-secret')
    // an explicit count is honoured whatever the size
    expect(ids(lintToken(hmacToken({}, big, dictionary[15]!), { now, weakSecretQuickCheck: 16 }))).toContain(
      'weak-hmac-secret',
    )
  })

  it('builds the same finding from a findWeakSecret result', async () => {
    const match = (await findWeakSecret(hmacToken({}, claims, 'changeme', 'HS384')))!
    const finding = weakSecretFinding(match)
    expect(finding).toMatchObject({ id: 'weak-hmac-secret', severity: 'high' })
    expect(finding.message).toContain('HS384')
  })
})

describe('a recovered secret in a report that is shared', () => {
  const jwtio =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'
  const message = (context: Parameters<typeof lintToken>[1]) =>
    lintToken(jwtio, context).find((f) => f.id === 'weak-hmac-secret')!.message

  it('is masked with maskFoundSecrets (a scan), named without it (Inspect, signet lint)', () => {
    expect(message({ now, maskFoundSecrets: true })).toContain(
      'the well-known secret "yo***************et" (masked here',
    )
    expect(message({ now, maskFoundSecrets: true })).not.toContain('your-256-bit-secret')
    expect(message({ now })).toContain('the well-known secret "your-256-bit-secret"')
  })

  it('a short secret is masked whole, and the base64 variant too', () => {
    const finding = weakSecretFinding(
      { secret: 'secret', variant: 'base64-decoded', alg: 'HS256', signatureIndex: 0, candidatesTried: 1 },
      'signature',
      true,
    )
    expect(finding.message).toContain('the base64-decoded bytes of the well-known secret "******"')
    expect(finding.message).not.toMatch(/"secret"/)
  })
})
