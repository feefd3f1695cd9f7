import { CompactEncrypt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import type { KeySource } from '#shared/key-material/types'
import { parsePolicy, type Policy } from '#shared/validation-policy/policy'
import { encodeBase64url } from '#shared/encoding/base64url'
import { decodeToken } from '#shared/token/decode'
import type { DecryptionInput } from '#shared/token/decrypt'
import { inspectToken } from '#shared/token/inspect'
import { analyseToken } from '#shared/token/analyse-token'
import { traceAt } from '#shared/token/trace-at'

/**
 * The inspector splits inspectToken into an async analysis (once per token and key) and a sync
 * trace at an instant (on every timeline move). The split must not change a single check: each
 * case is compared with inspectToken itself, at several instants.
 */

const now = 1_790_000_000
let signer: { publicKey: CryptoKey; privateKey: CryptoKey }
let jwks: { keys: JWK[] }
let source: KeySource
let token: string
const wrap = new Uint8Array(32).map((_, i) => i * 7 + 1)
const wrapJwk = JSON.stringify({ kty: 'oct', k: encodeBase64url(wrap) })
const policy: Policy = parsePolicy({ issuer: ['https://issuer.example'], maxLifetime: 3600, clockSkew: 30 })
const instants = [now - 7200, now, now + 1799, now + 1800 + 10, now + 1800 + 31, now + 86400]

beforeAll(async () => {
  signer = await generateKeyPair('ES256', { extractable: true })
  const other = await generateKeyPair('ES256', { extractable: true })
  jwks = {
    keys: [
      { ...(await exportJWK(other.publicKey)), kid: 'a' },
      { ...(await exportJWK(signer.publicKey)), kid: 'b' },
    ],
  }
  source = keySourceFromParsed(await parseKeyText(JSON.stringify(jwks)))
  token = await new SignJWT({ sub: 'alice' })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer('https://issuer.example')
    .setIssuedAt(now - 60)
    .setNotBefore(now - 60)
    .setExpirationTime(now + 1800)
    .sign(signer.privateKey)
})

async function expectSameAsInspect(
  input: string,
  options: { verification: KeySource | null; decryption: DecryptionInput | null; allowRsa1_5?: boolean },
) {
  const decoded = decodeToken(input)
  const analysis = await analyseToken(decoded, {
    verification: options.verification,
    decryption: options.decryption,
    allowRsa1_5: options.allowRsa1_5 ?? false,
    policy,
  })
  for (const at of instants) {
    const expected = await inspectToken(input, {
      verificationKeys: options.verification,
      ...(options.decryption ? { decryption: options.decryption } : {}),
      allowRsa1_5: options.allowRsa1_5 ?? false,
      policy,
      at,
    })
    const actual = traceAt(analysis, policy, at)
    expect(actual.trace, `at ${at}`).toEqual(expected.trace)
    expect(actual.layers.flatMap((layer) => layer.checks)).toEqual(expected.trace.checks)
  }
  return analysis
}

describe('analyze + traceAt', () => {
  it('a JWS with a JWKS: the same trace as inspectToken at every instant, expiry included', async () => {
    const analysis = await expectSameAsInspect(token, { verification: source, decryption: null })
    expect(analysis.layers).toHaveLength(1)
    expect(traceAt(analysis, policy, now).trace.verdict).toBe('valid')
    expect(traceAt(analysis, policy, now + 1800 + 10).trace.checks.find((c) => c.id === 'exp')?.status).toBe('warn')
    expect(traceAt(analysis, policy, now + 1800 + 31).trace.verdict).toBe('invalid')
    expect(traceAt(analysis, policy, now - 7200).trace.checks.find((c) => c.id === 'nbf')?.status).toBe('fail')
  })

  it('is fast enough to run on every cursor move', async () => {
    const analysis = await analyseToken(decodeToken(token), {
      verification: source,
      decryption: null,
      allowRsa1_5: false,
      policy,
    })
    const started = performance.now()
    for (let i = 0; i < 2000; i++) traceAt(analysis, policy, now + i * 10)
    const perCall = (performance.now() - started) / 2000
    // Generous for a shared CI core; measured here around 0.02 ms.
    expect(perCall).toBeLessThan(1)
  })

  it('a JWS with no key: unverified, like inspectToken', async () => {
    const analysis = await expectSameAsInspect(token, { verification: null, decryption: null })
    expect(traceAt(analysis, policy, now).trace.verdict).toBe('unverified')
  })

  it('a nested JWE: two layers, decrypted then verified, one trace', async () => {
    const nested = await new CompactEncrypt(new TextEncoder().encode(token))
      .setProtectedHeader({ alg: 'A256KW', enc: 'A256GCM', cty: 'JWT' })
      .encrypt(wrap)
    const decryption = { keys: await parseKeyText(wrapJwk) }
    const analysis = await expectSameAsInspect(nested, { verification: source, decryption })
    expect(analysis.layers.map((layer) => layer.kind)).toEqual(['jwe', 'jws'])
    expect(analysis.end).toEqual({ kind: 'jws' })
    const traced = traceAt(analysis, policy, now)
    expect(traced.trace.verdict).toBe('valid')
    expect(traced.layers[0]!.checks.some((c) => c.id === 'decrypt' && c.status === 'pass')).toBe(true)
    expect(traced.layers[1]!.checks.some((c) => c.id === 'signature' && c.status === 'pass')).toBe(true)
    expect(traced.view?.claims?.sub).toBe('alice')
  })

  it('a JWE without a key, and with the wrong key', async () => {
    const nested = await new CompactEncrypt(new TextEncoder().encode(token))
      .setProtectedHeader({ alg: 'A256KW', enc: 'A256GCM', cty: 'JWT' })
      .encrypt(wrap)
    const locked = await expectSameAsInspect(nested, { verification: source, decryption: null })
    expect(locked.end).toEqual({ kind: 'undecrypted' })
    expect(traceAt(locked, policy, now).trace.verdict).toBe('unverified')
    const wrong = await expectSameAsInspect(nested, {
      verification: source,
      decryption: {
        keys: await parseKeyText(JSON.stringify({ kty: 'oct', k: encodeBase64url(new Uint8Array(32).fill(9)) })),
      },
    })
    expect(wrong.end).toEqual({ kind: 'decrypt-failed' })
    expect(traceAt(wrong, policy, now).trace.verdict).toBe('invalid')
  })

  it('an encrypted JWT that is not signed: claims checked at the instant; "dir" authenticates, RSA-OAEP does not', async () => {
    const claims = JSON.stringify({ iss: 'https://issuer.example', iat: now - 10, exp: now + 600 })
    const dir = await new CompactEncrypt(new TextEncoder().encode(claims))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(wrap)
    const analysis = await expectSameAsInspect(dir, {
      verification: null,
      decryption: { keys: await parseKeyText(wrapJwk) },
    })
    expect(analysis.end.kind).toBe('plaintext')
    expect(traceAt(analysis, policy, now).trace.verdict).toBe('valid')
    expect(traceAt(analysis, policy, now + 700).trace.verdict).toBe('invalid')

    const rsa = await generateKeyPair('RSA-OAEP-256', { extractable: true })
    const oaep = await new CompactEncrypt(new TextEncoder().encode(claims))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(rsa.publicKey)
    const privateJwk = JSON.stringify(await exportJWK(rsa.privateKey))
    const unsigned = await expectSameAsInspect(oaep, {
      verification: null,
      decryption: { keys: await parseKeyText(privateJwk) },
    })
    expect(traceAt(unsigned, policy, now).trace).toMatchObject({
      verdict: 'unverified',
      reason: expect.stringContaining('not signed'),
    })
  })
})
