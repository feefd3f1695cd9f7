import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jwksFindingIds, lintJwks, maxJwksKeys, type JwksFindingId } from '#shared/jwks/lint'
import { isEd25519Point, isOnNistCurve } from '#shared/jwks/lint/curves'
import { serializeJwks } from '#shared/jwks/serialize'

type Jwk = Record<string, unknown>
const b64u = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url')
const fromB64u = (text: string) => Buffer.from(text, 'base64url')

function rsa(bits = 2048, kid = `rsa-${bits}`): Jwk {
  const jwk = generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ format: 'jwk' }) as Jwk
  return { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n: jwk.n, e: jwk.e }
}
function ec(crv: 'P-256' | 'P-384' | 'P-521' = 'P-256', kid = `ec-${crv}`): Jwk {
  const named = { 'P-256': 'prime256v1', 'P-384': 'secp384r1', 'P-521': 'secp521r1' }[crv]
  const jwk = generateKeyPairSync('ec', { namedCurve: named }).publicKey.export({ format: 'jwk' }) as Jwk
  const alg = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[crv]
  return { kty: 'EC', use: 'sig', alg, kid, crv, x: jwk.x, y: jwk.y }
}
function ed(kid = 'ed'): Jwk {
  const jwk = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as Jwk
  return { kty: 'OKP', use: 'sig', alg: 'EdDSA', kid, crv: 'Ed25519', x: jwk.x }
}

/** A real self-signed certificate from the system openssl, with its key's public JWK. */
function certified(dir: string, name: string): { jwk: Jwk; x5c: string; der: Buffer } {
  const keyFile = join(dir, `${name}.key`)
  const certFile = join(dir, `${name}.pem`)
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      `/CN=${name}`,
      '-days',
      '30',
    ],
    { stdio: 'ignore' },
  )
  const cert = new X509Certificate(readFileSync(certFile))
  const jwk = cert.publicKey.export({ format: 'jwk' }) as Jwk
  return { jwk: { n: jwk.n, e: jwk.e }, x5c: cert.raw.toString('base64'), der: cert.raw }
}

const ids = (report: { findings: { id: string }[] }) => report.findings.map((f) => f.id)

let dir: string
let rsaKey: Jwk
let ecKey: Jwk
let edKey: Jwk
let certA: ReturnType<typeof certified>
let certB: ReturnType<typeof certified>
let corpus: [JwksFindingId, string | object][]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-jwks-lint-'))
  rsaKey = rsa()
  ecKey = ec()
  edKey = ed()
  certA = certified(dir, 'a')
  certB = certified(dir, 'b')
  const set = (...keys: unknown[]) => ({ keys })
  const with_ = (base: Jwk, change: Jwk) => ({ ...base, ...change })
  const without = (base: Jwk, member: string) =>
    Object.fromEntries(Object.entries(base).filter(([name]) => name !== member))
  const x = fromB64u(ecKey.x as string)
  const y = Buffer.from(fromB64u(ecKey.y as string))
  y[y.length - 1]! ^= 1
  const n = Buffer.from(fromB64u(rsaKey.n as string))
  const evenN = Buffer.from(n)
  evenN[evenN.length - 1]! &= 0xfe
  const huge = randomBytes(2051)
  huge[0]! |= 0x80
  huge[huge.length - 1]! |= 1
  let notEd = Buffer.alloc(32)
  for (let i = 2; i < 256; i++) {
    notEd = Buffer.alloc(32)
    notEd[0] = i
    if (!isEd25519Point(notEd)) break
  }
  const wycheproof = JSON.parse(
    readFileSync(new URL('../../../../../shared/vectors/wycheproof/json_web_key_test.json', import.meta.url), 'utf8'),
  ) as { testGroups: { comment: string; public?: { keys: Jwk[] } }[] }
  const roca = wycheproof.testGroups
    .find((g) => g.comment === 'jws_rsa_roca_key')!
    .public!.keys.find((k) => k.kty === 'RSA')!
  const rsaPrivate = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) as Jwk
  const plain = JSON.stringify(set(rsaKey))
  corpus = [
    ['not-a-jwks', rsaKey],
    ['duplicate-member', plain.replace('"kid":', '"kid":"first","kid":')],
    ['key-not-object', set(rsaKey, 'not a key')],
    ['private-member', set({ ...rsaPrivate, kid: 'leaky', use: 'sig', alg: 'RS256' })],
    ['symmetric-key', set({ kty: 'oct', kid: 'hmac', use: 'sig', alg: 'HS256', k: b64u(randomBytes(32)) })],
    ['kty-missing', set(without(rsaKey, 'kty'))],
    ['member-type', set(with_(rsaKey, { kid: 42 }))],
    ['member-missing', set(without(rsaKey, 'e'))],
    ['kid-duplicate', set(with_(rsaKey, { kid: 'same' }), with_(ecKey, { kid: 'same' }))],
    ['alg-kty-mismatch', set(with_(ecKey, { alg: 'RS256' }))],
    ['alg-crv-mismatch', set(with_(ecKey, { alg: 'ES384' }))],
    [
      'base64url-invalid',
      set(with_(rsaKey, { n: `${(rsaKey.n as string).slice(0, 20)}+${(rsaKey.n as string).slice(21)}` })),
    ],
    ['rsa-modulus-small', set(rsa(1024))],
    ['rsa-modulus-over-budget', set(with_(rsaKey, { n: b64u(huge) }))],
    ['rsa-exponent-invalid', set(with_(rsaKey, { e: 'AQ' }))],
    ['rsa-modulus-invalid', set(with_(rsaKey, { n: b64u(evenN) }))],
    ['rsa-roca', set({ kty: 'RSA', kid: 'roca', use: 'sig', alg: 'RS256', n: roca.n, e: roca.e })],
    ['ec-coordinate-length', set(with_(ecKey, { x: b64u(x.subarray(1)) }))],
    ['ec-point-not-on-curve', set(with_(ecKey, { y: b64u(y) }))],
    ['okp-point-invalid', set(with_(edKey, { x: b64u(notEd) }))],
    ['x5c-invalid', set(with_(rsaKey, { x5c: ['not-base64url-but-it-should-be-base64_'] }))],
    ['x5c-key-mismatch', set({ kty: 'RSA', kid: 'a', use: 'sig', alg: 'RS256', ...certA.jwk, x5c: [certB.x5c] })],
    [
      'x5t-mismatch',
      set({
        kty: 'RSA',
        kid: 'a',
        use: 'sig',
        alg: 'RS256',
        ...certA.jwk,
        x5c: [certA.x5c],
        x5t: b64u(createHash('sha1').update(certB.der).digest()),
      }),
    ],
    [
      'x5t-s256-mismatch',
      set({
        kty: 'RSA',
        kid: 'a',
        use: 'sig',
        alg: 'RS256',
        ...certA.jwk,
        x5c: [certA.x5c],
        'x5t#S256': b64u(createHash('sha256').update(certB.der).digest()),
      }),
    ],
    ['kid-missing', set(without(rsaKey, 'kid'))],
    ['use-unknown', set(with_(rsaKey, { use: 'signing' }))],
    ['key-ops-unknown', set(with_(without(rsaKey, 'use'), { key_ops: ['verify', 'verify'] }))],
    ['use-key-ops-disagree', set(with_(rsaKey, { key_ops: ['encrypt'] }))],
    ['alg-unknown', set(with_(rsaKey, { alg: 'RS999' }))],
    ['alg-use-mismatch', set(with_(rsaKey, { use: 'enc' }))],
    ['base64url-padding', set(with_(ecKey, { x: `${ecKey.x as string}=` }))],
    [
      'base64url-noncanonical',
      set(with_(ecKey, { x: `${(ecKey.x as string).slice(0, -1)}${(ecKey.x as string).endsWith('B') ? 'C' : 'B'}` })),
    ],
    ['rsa-exponent-unusual', set(with_(rsaKey, { e: 'Aw' }))],
    ['rsa-leading-zero', set(with_(rsaKey, { n: b64u(Buffer.concat([Buffer.from([0]), n])) }))],
    ['curve-unknown', set(with_(ecKey, { crv: 'secp256k1', alg: undefined }))],
    ['enc-key-in-signing-set', set(rsaKey, { ...rsa(2048, 'enc'), use: 'enc', alg: 'RSA-OAEP-256' })],
    ['use-missing', set(without(rsaKey, 'use'))],
    ['alg-missing', set(without(rsaKey, 'alg'))],
    ['empty-set', set()],
    ['kty-unknown', set(rsaKey, { kty: 'AKP', kid: 'pq', alg: 'ML-DSA-44', pub: 'AAAA' })],
  ]
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('lintJwks corpus: one bad JWKS per finding id', () => {
  it('covers every finding id', () => {
    expect(new Set(corpus.map(([id]) => id))).toEqual(new Set(Object.keys(jwksFindingIds)))
    expect(corpus.length).toBeGreaterThanOrEqual(25)
  })

  it("reports each sample's finding with its severity, pointer, message and remedy", async () => {
    for (const [id, sample] of corpus) {
      const report = await lintJwks(typeof sample === 'string' ? sample : JSON.stringify(sample))
      const hit = report.findings.find((f) => f.id === id)
      expect(hit, `${id}: got ${ids(report).join(', ')}`).toBeDefined()
      expect(hit!.severity).toBe(jwksFindingIds[id])
      expect(hit!.pointer).toMatch(/^(\/[^/]*)*$/)
      expect(hit!.message.length).toBeGreaterThan(20)
      expect(hit!.remedy.length).toBeGreaterThan(5)
      expect(report.ok).toBe(!report.findings.some((f) => f.severity === 'high'))
    }
  })

  it('points at the exact member (RFC 6901)', async () => {
    const find = async (id: JwksFindingId) =>
      (await lintJwks(JSON.stringify(corpus.find(([i]) => i === id)![1]))).findings.find((f) => f.id === id)!
    expect((await find('private-member')).pointer).toBe('/keys/0/d')
    expect((await find('rsa-exponent-invalid')).pointer).toBe('/keys/0/e')
    expect((await find('kid-duplicate')).pointer).toBe('/keys/1/kid')
    expect((await find('key-not-object')).pointer).toBe('/keys/1')
    expect((await find('ec-point-not-on-curve')).pointer).toBe('/keys/0')
    expect((await find('x5c-invalid')).pointer).toBe('/keys/0/x5c/0')
    const dup = (await lintJwks(corpus.find(([i]) => i === 'duplicate-member')![1] as string)).findings.find(
      (f) => f.id === 'duplicate-member',
    )!
    expect(dup.pointer).toBe('/keys/0/kid')
    const escaped = await lintJwks(JSON.stringify({ keys: [{ ...rsaKey, 'a/b~c': 1, d: 'x' }] }))
    expect(escaped.findings.find((f) => f.id === 'private-member')!.pointer).toBe('/keys/0/d')
  })

  it('never echoes private material in a finding', async () => {
    const sample = corpus.find(([id]) => id === 'private-member')![1] as { keys: Jwk[] }
    const report = await lintJwks(JSON.stringify(sample))
    const text = JSON.stringify(report)
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi'])
      expect(text).not.toContain(sample.keys[0]![member] as string)
  })
})

describe('lintJwks on the layouts of well-known issuers, rebuilt with our own keys', () => {
  const highOrMedium = (report: Awaited<ReturnType<typeof lintJwks>>) =>
    report.findings.filter((f) => f.severity === 'high' || f.severity === 'medium')
  const strip = (jwk: Jwk) => ({ n: jwk.n, e: jwk.e })

  it('Google (RS256, e/kty/kid/n/alg/use)', async () => {
    const keys = [rsa(2048, 'g1'), rsa(2048, 'g2')].map((k) => ({
      e: k.e,
      kty: 'RSA',
      kid: k.kid,
      n: k.n,
      alg: 'RS256',
      use: 'sig',
    }))
    expect((await lintJwks(JSON.stringify({ keys }))).findings).toEqual([])
  })

  it('Microsoft Entra (x5t + x5c + issuer, no alg)', async () => {
    const keys = [certA, certB].map((c, i) => ({
      kty: 'RSA',
      use: 'sig',
      kid: `entra-${i}`,
      x5t: b64u(createHash('sha1').update(c.der).digest()),
      ...strip(c.jwk),
      x5c: [c.x5c],
      cloud_instance_name: 'microsoftonline.com',
      issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
    }))
    const report = await lintJwks(JSON.stringify({ keys }))
    expect(highOrMedium(report)).toEqual([])
    expect(ids(report)).toEqual(['alg-missing', 'alg-missing'])
  })

  it('Auth0 (alg/kty/use/n/e/kid/x5t/x5c)', async () => {
    const keys = [
      {
        alg: 'RS256',
        kty: 'RSA',
        use: 'sig',
        ...strip(certA.jwk),
        kid: 'auth0-1',
        x5t: b64u(createHash('sha1').update(certA.der).digest()),
        x5c: [certA.x5c],
      },
    ]
    expect((await lintJwks(JSON.stringify({ keys }))).findings).toEqual([])
  })

  it('Okta (kty/alg/kid/use/e/n)', async () => {
    const keys = [rsa(2048, 'okta-1')].map((k) => ({
      kty: 'RSA',
      alg: 'RS256',
      kid: k.kid,
      use: 'sig',
      e: k.e,
      n: k.n,
    }))
    expect((await lintJwks(JSON.stringify({ keys }))).findings).toEqual([])
  })

  it('AWS Cognito (alg/e/kid/kty/n/use, two keys)', async () => {
    const keys = [rsa(2048, 'cog-1'), rsa(2048, 'cog-2')].map((k) => ({
      alg: 'RS256',
      e: k.e,
      kid: k.kid,
      kty: 'RSA',
      n: k.n,
      use: 'sig',
    }))
    expect((await lintJwks(JSON.stringify({ keys }))).findings).toEqual([])
  })

  it('Apple (kty/kid/use/alg/n/e)', async () => {
    const keys = [rsa(2048, 'apple-1')].map((k) => ({
      kty: 'RSA',
      kid: k.kid,
      use: 'sig',
      alg: 'RS256',
      n: k.n,
      e: k.e,
    }))
    expect((await lintJwks(JSON.stringify({ keys }))).findings).toEqual([])
  })

  it("Signet's own canonical export (RSA, P-256, P-384, P-521, Ed25519)", async () => {
    const text = serializeJwks([rsaKey, ecKey, ec('P-384'), ec('P-521'), edKey])
    expect((await lintJwks(text)).findings).toEqual([])
  })
})

describe('curve membership', () => {
  it('accepts real keys on every curve and rejects a flipped bit', () => {
    for (const crv of ['P-256', 'P-384', 'P-521'] as const) {
      for (let i = 0; i < 5; i++) {
        const key = ec(crv)
        const x = BigInt(`0x${fromB64u(key.x as string).toString('hex')}`)
        const y = BigInt(`0x${fromB64u(key.y as string).toString('hex')}`)
        expect(isOnNistCurve(crv, x, y)).toBe(true)
        expect(isOnNistCurve(crv, x, y ^ 1n)).toBe(false)
      }
    }
    for (let i = 0; i < 20; i++) expect(isEd25519Point(fromB64u(ed().x as string))).toBe(true)
  })
})

describe('budgets', () => {
  it('refuses oversized, deep and over-long sets with their own codes', async () => {
    await expect(lintJwks(' '.repeat(1024 * 1024 + 1))).rejects.toMatchObject({ code: 'ERR_JWKS_TOO_LARGE' })
    await expect(lintJwks(`{"keys":${'['.repeat(100)}${']'.repeat(100)}}`)).rejects.toMatchObject({
      code: 'ERR_JWKS_TOO_DEEP',
    })
    await expect(
      lintJwks(JSON.stringify({ keys: Array.from({ length: maxJwksKeys + 1 }, () => ({})) })),
    ).rejects.toMatchObject({ code: 'ERR_JWKS_TOO_MANY_KEYS', message: expect.stringContaining('at most 1,000 keys') })
    await expect(lintJwks('{"keys": [')).rejects.toMatchObject({ code: 'ERR_JWKS_JSON' })
  })
})
