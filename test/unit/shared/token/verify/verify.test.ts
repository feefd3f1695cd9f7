import { readFileSync } from 'node:fs'
import {
  CompactSign,
  exportJWK,
  exportPKCS8,
  exportSPKI,
  FlattenedSign,
  generateKeyPair,
  importPKCS8,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed, secretKeySource, x5cKeySource } from '#shared/key-material/source'
import type { KeySource } from '#shared/key-material/types'
import { parsePolicy, type PolicyInput } from '#shared/validation-policy/policy'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { encodeBase64url } from '#shared/encoding/base64url'
import { decodeToken } from '#shared/token/decode'
import { buildTrace } from '#shared/token/verify/build-trace'
import type { Check, CheckId } from '#shared/token/verify/check'
import { validateClaims } from '#shared/token/verify/validate-claims'
import { verifySignature } from '#shared/token/verify/verify-signature'
import { verifyToken } from '#shared/token/verify/verify-token'

const now = 1_900_000_000
const secret = new TextEncoder().encode('an HMAC secret that is at least thirty-two bytes long')

let ec: { publicKey: CryptoKey; privateKey: CryptoKey }
let ecJwk: JWK
let ecSource: KeySource
let rsa: { publicKey: CryptoKey; privateKey: CryptoKey }

beforeAll(async () => {
  ec = await generateKeyPair('ES256', { extractable: true })
  ecJwk = { ...(await exportJWK(ec.publicKey)), kid: 'ec-1' }
  ecSource = await source(JSON.stringify(ecJwk))
  rsa = await generateKeyPair('RS256', { extractable: true })
})

async function source(text: string, at = now): Promise<KeySource> {
  return keySourceFromParsed(await parseKeyText(text), { at })
}

function policy(input: PolicyInput = {}) {
  return parsePolicy(input)
}

async function es256(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'ec-1', ...header }).sign(ec.privateKey)
}

function find(checks: Check[], id: CheckId): Check {
  const found = checks.find((c) => c.id === id)
  if (!found) throw new Error(`no ${id} check`)
  return found
}

const b64 = (value: unknown) =>
  encodeBase64url(new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)))

describe('verifyToken — the trace', () => {
  it('passes a good token with every check explained, and names the key', async () => {
    const token = await es256(
      { iss: 'https://issuer.example', aud: 'api', sub: 'alice', iat: now - 60, exp: now + 600 },
      { typ: 'at+jwt' },
    )
    const report = await verifyToken(
      token,
      ecSource,
      policy({
        issuer: ['https://issuer.example'],
        audience: ['api'],
        subject: 'alice',
        typ: 'application/at+jwt',
        requiredClaims: ['sub'],
      }),
      { at: now },
    )
    expect(report.trace.verdict).toBe('valid')
    expect(report.key?.kid).toBe('ec-1')
    const ids = report.trace.checks.map((c) => c.id)
    expect(ids).toEqual([
      'encoding',
      'crit',
      'b64',
      'key-select',
      'alg-allowed',
      'key-type',
      'key-use',
      'key-strength',
      'signature',
      'exp',
      'nbf',
      'iat',
      'max-age',
      'lifetime',
      'iss',
      'aud',
      'sub',
      'typ',
      'required',
    ])
    for (const id of ['signature', 'exp', 'iss', 'aud', 'sub', 'typ', 'required'] as const)
      expect(find(report.trace.checks, id).status).toBe('pass')
    expect(report.trace.reason).toMatch(/Signature verified with pasted JWK kid=ec-1/)
  })

  it('never accepts alg none, even with a key and whatever the policy says', async () => {
    const token = `${b64({ alg: 'none' })}.${b64({ sub: 'mallory' })}.`
    const report = await verifyToken(token, ecSource, defaultPolicy(), { at: now })
    expect(report.trace.verdict).toBe('invalid')
    expect(find(report.trace.checks, 'alg-allowed')).toMatchObject({ status: 'fail' })
    expect(find(report.trace.checks, 'alg-allowed').message).toMatch(/never accepts an unsigned token/)
    expect(() => policy({ algorithms: ['none'] })).toThrow(/can never be allowed/)
  })

  it('refuses HS256 signed with the bytes of an RSA public key (key confusion)', async () => {
    const pem = await exportSPKI(rsa.publicKey)
    const forged = await new CompactSign(new TextEncoder().encode('{"admin":true}'))
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(pem))
    const report = await verifyToken(forged, await source(pem), defaultPolicy(), { at: now })
    expect(report.trace.verdict).toBe('invalid')
    expect(find(report.trace.checks, 'key-type').message).toMatch(/key-confusion attack/)
    expect(find(report.trace.checks, 'signature').status).toBe('fail')
    expect(find(report.trace.checks, 'signature').detail).toMatchObject({ attempts: [{ outcome: 'not-attempted' }] })
  })

  it('limits algorithms to the policy list when one is set', async () => {
    const token = await es256({ exp: now + 60 })
    const report = await verifyToken(token, ecSource, policy({ algorithms: ['RS256', 'PS256'] }), { at: now })
    expect(find(report.trace.checks, 'alg-allowed')).toMatchObject({ status: 'fail' })
    expect(report.trace.reason).toMatch(/not in the policy's allowed list \(RS256, PS256\)/)
  })

  it('rejects unknown critical extensions and accepts b64:false (RFC 7797)', async () => {
    const critical = await new CompactSign(new TextEncoder().encode('{}'))
      .setProtectedHeader({ alg: 'ES256', crit: ['exp-ext'], 'exp-ext': 1 } as never)
      .sign(ec.privateKey)
      .catch(() => null)
    const unknownCrit = critical ?? `${b64({ alg: 'ES256', crit: ['exp-ext'], 'exp-ext': 1 })}.${b64('{}')}.AAAA`
    const report = await verifyToken(unknownCrit, ecSource, defaultPolicy(), { at: now })
    expect(find(report.trace.checks, 'crit')).toMatchObject({ status: 'fail' })
    expect(find(report.trace.checks, 'crit').message).toMatch(/"exp-ext", which Signet does not implement/)

    const unencoded = await new FlattenedSign(new TextEncoder().encode('$02'))
      .setProtectedHeader({ alg: 'ES256', b64: false, crit: ['b64'] })
      .sign(ec.privateKey)
    const compact = `${unencoded.protected}.$02.${unencoded.signature}`
    const ok = await verifyToken(compact, ecSource, defaultPolicy(), { at: now })
    expect(find(ok.trace.checks, 'b64')).toMatchObject({ status: 'pass' })
    expect(find(ok.trace.checks, 'signature')).toMatchObject({ status: 'pass' })
    expect(ok.trace.verdict).toBe('valid')
  })

  it('is "unverified", not valid, when no key is given', async () => {
    const report = await verifyToken(await es256({ exp: now + 60 }), null, defaultPolicy(), { at: now })
    expect(report.trace.verdict).toBe('unverified')
    expect(find(report.trace.checks, 'signature').status).toBe('skipped')
  })

  it('fails a token whose kid is not in the set, naming the kids it has', async () => {
    const set = await source(JSON.stringify({ keys: [ecJwk] }))
    const report = await verifyToken(await es256({}, { kid: 'other' }), set, defaultPolicy(), { at: now })
    expect(find(report.trace.checks, 'key-select')).toMatchObject({ status: 'fail' })
    expect(report.trace.reason).toMatch(/No key in the set has kid "other" \(the set has "ec-1"\)/)
  })

  it('with no kid, tries every fitting key of a set and names the one that verified', async () => {
    const other = {
      ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)),
      kid: 'ec-0',
    }
    const rsaJwk = { ...(await exportJWK(rsa.publicKey)), kid: 'rsa' }
    const set = await source(JSON.stringify({ keys: [rsaJwk, other, ecJwk] }))
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(ec.privateKey)
    const report = await verifyToken(token, set, defaultPolicy(), { at: now })
    expect(report.trace.verdict).toBe('valid')
    expect(report.key?.kid).toBe('ec-1')
    expect(find(report.trace.checks, 'key-select').message).toMatch(
      /the 2 keys in the set that can verify ES256 are tried in turn/,
    )
    expect(find(report.trace.checks, 'signature').message).toMatch(/kid=ec-1 .*\(1 other key tried first\)/)
  })

  it('verifies with the public half of a private key, and never hands jose the private one', async () => {
    const pem = await exportPKCS8(ec.privateKey)
    const fromPrivate = await source(pem)
    const selection = await fromPrivate.select({ alg: 'ES256' })
    expect(selection.candidates[0]!.jwk.d).toBeUndefined()
    const report = await verifyToken(await es256({}), fromPrivate, defaultPolicy(), { at: now })
    expect(report.trace.verdict).toBe('valid')
    expect(report.key).toMatchObject({ origin: 'pem-pkcs8', fromPrivateKey: true })
  })

  it("warns, and still tries, when a single key's kid differs from the token's", async () => {
    const report = await verifyToken(await es256({}, { kid: 'renamed' }), ecSource, defaultPolicy(), { at: now })
    expect(find(report.trace.checks, 'key-select')).toMatchObject({ status: 'warn' })
    expect(report.trace.verdict).toBe('valid')
  })

  it('verifies HMAC with an auto-detected secret, trying other readings', async () => {
    const hexSecret = Buffer.from(secret).toString('hex')
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(secret)
    const asHex = await verifyToken(token, secretKeySource(hexSecret), defaultPolicy(), { at: now })
    expect(asHex.trace.verdict).toBe('valid')
    expect(asHex.key?.secretEncoding).toBe('hex')
    const textToken = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(hexSecret))
    const asText = await verifyToken(textToken, secretKeySource(hexSecret), defaultPolicy(), { at: now })
    expect(asText.key?.secretEncoding).toBe('utf8')
    const forced = await verifyToken(textToken, secretKeySource(hexSecret, 'hex'), defaultPolicy(), { at: now })
    expect(forced.trace.verdict).toBe('invalid')
  })

  it('flags a short HMAC secret even when the signature matches', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('secret'))
    const report = await verifyToken(token, secretKeySource('secret'), defaultPolicy(), { at: now })
    expect(find(report.trace.checks, 'signature').status).toBe('pass')
    expect(find(report.trace.checks, 'key-strength')).toMatchObject({ status: 'fail' })
    expect(report.trace.verdict).toBe('invalid')
  })

  it('rejects a token with whitespace inside, although it can be read', async () => {
    const token = await es256({})
    const wrapped = `${token.slice(0, 30)}\n${token.slice(30)}`
    const report = await verifyToken(wrapped, ecSource, defaultPolicy(), { at: now })
    expect(find(report.trace.checks, 'encoding')).toMatchObject({ status: 'fail' })
    expect(find(report.trace.checks, 'signature')).toMatchObject({ status: 'pass' })
    const bearer = await verifyToken(`Bearer ${token}\n`, ecSource, defaultPolicy(), { at: now })
    expect(find(bearer.trace.checks, 'encoding')).toMatchObject({ status: 'pass' })
  })

  it('verifies the JSON serialization and fails unknown unprotected header parameters', async () => {
    const signed = await new FlattenedSign(new TextEncoder().encode('{"sub":"a"}'))
      .setProtectedHeader({ alg: 'ES256' })
      .setUnprotectedHeader({ kid: 'ec-1' })
      .sign(ec.privateKey)
    const good = await verifyToken(JSON.stringify(signed), ecSource, defaultPolicy(), { at: now })
    expect(find(good.trace.checks, 'unprotected-header')).toMatchObject({ status: 'warn' })
    expect(good.trace.verdict).toBe('valid')
    const tampered = JSON.stringify({ ...signed, header: { kid: 'ec-1', role: 'admin' } })
    const bad = await verifyToken(tampered, ecSource, defaultPolicy(), { at: now })
    expect(find(bad.trace.checks, 'unprotected-header')).toMatchObject({ status: 'fail' })
    expect(bad.trace.verdict).toBe('invalid')
  })
})

describe('validateClaims — time, synchronous, re-run at any instant', () => {
  const claims = { iat: now, nbf: now, exp: now + 3600 }
  let signature: Awaited<ReturnType<typeof verifySignature>>
  let decoded: ReturnType<typeof decodeToken>

  beforeAll(async () => {
    decoded = decodeToken(await es256(claims))
    signature = await verifySignature(decoded, ecSource)
  })

  const statusAt = (at: number, id: CheckId, input: PolicyInput = {}) =>
    find(validateClaims(decoded, policy(input), at), id).status

  it('moves exp through pass, warn (within skew) and fail as time passes', () => {
    expect(statusAt(now + 3599, 'exp')).toBe('pass')
    expect(statusAt(now + 3600, 'exp')).toBe('warn')
    expect(statusAt(now + 3659, 'exp')).toBe('warn')
    expect(statusAt(now + 3660, 'exp')).toBe('fail')
    expect(statusAt(now + 3630, 'exp', { clockSkew: 0 })).toBe('fail')
  })

  it('treats nbf and iat the same way before the token starts', () => {
    expect(statusAt(now - 30, 'nbf')).toBe('warn')
    expect(statusAt(now - 61, 'nbf')).toBe('fail')
    expect(statusAt(now - 61, 'iat')).toBe('fail')
    expect(statusAt(now, 'iat')).toBe('pass')
  })

  it('applies maximum age and lifetime', () => {
    expect(statusAt(now + 600, 'max-age', { maxTokenAge: 900 })).toBe('pass')
    expect(statusAt(now + 1000, 'max-age', { maxTokenAge: 900 })).toBe('fail')
    expect(statusAt(now, 'lifetime', { maxLifetime: 3600 })).toBe('pass')
    expect(statusAt(now, 'lifetime', { maxLifetime: 1800 })).toBe('fail')
  })

  it('combines with the one signature result into a trace whose verdict follows the time', () => {
    expect(buildTrace(signature, validateClaims(decoded, defaultPolicy(), now + 10)).verdict).toBe('valid')
    const late = buildTrace(signature, validateClaims(decoded, defaultPolicy(), now + 7200))
    expect(late.verdict).toBe('invalid')
    expect(late.reason).toMatch(/^Expiry \(exp\): Expired 1 hour ago/)
  })

  it('is fast enough for a timeline drag', () => {
    const p = defaultPolicy()
    const start = performance.now()
    for (let i = 0; i < 10_000; i++) buildTrace(signature, validateClaims(decoded, p, now + i))
    const perCall = (performance.now() - start) / 10_000
    // A frame is 16 ms; the bound leaves room for a loaded CI core (measured ~0.02 ms). Speed is benchmarked in test/bench.
    expect(perCall).toBeLessThan(4)
  })

  it('refuses claims that are not NumericDates, and checks iss, aud, sub, required', async () => {
    const odd = decodeToken(await es256({ exp: '2030-01-01', iss: 'https://evil.example', aud: ['a', 'b'] }))
    const checks = validateClaims(
      odd,
      policy({ issuer: 'https://issuer.example', audience: ['b'], subject: 'alice', requiredClaims: ['jti', 'aud'] }),
      now,
    )
    expect(find(checks, 'exp')).toMatchObject({ status: 'fail' })
    expect(find(checks, 'exp').message).toMatch(/NumericDate/)
    expect(find(checks, 'iss')).toMatchObject({ status: 'fail' })
    expect(find(checks, 'aud')).toMatchObject({ status: 'pass' })
    expect(find(checks, 'sub')).toMatchObject({ status: 'fail' })
    expect(find(checks, 'required').message).toBe('Missing required claim "jti".')
  })
})

describe('x5c chains', () => {
  const fixture = (name: string) =>
    readFileSync(new URL('../../key-material/fixtures/' + name, import.meta.url), 'utf8')
  const der = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, '')
  const at = Date.parse('2027-06-01T00:00:00Z') / 1000
  let token: string

  beforeAll(async () => {
    const leafKey = await importPKCS8(fixture('leaf.key'), 'RS256')
    token = await new SignJWT({ sub: 'x5c', exp: at + 60 })
      .setProtectedHeader({ alg: 'RS256', x5c: [der(fixture('leaf.pem')), der(fixture('ca.pem'))] })
      .sign(leafKey)
  })

  it('shows a self-contained chain but keeps the verdict "unverified"', async () => {
    const report = await verifyToken(token, x5cKeySource({ at }), defaultPolicy(), { at })
    expect(find(report.trace.checks, 'signature').status).toBe('pass')
    expect(find(report.trace.checks, 'x5c-chain')).toMatchObject({ status: 'warn' })
    expect(find(report.trace.checks, 'x5c-chain').detail).toMatchObject({
      notValidated: expect.arrayContaining([expect.stringMatching(/token’s author chose it/)]),
    })
    expect(report.trace.verdict).toBe('unverified')
  })

  it('trusts the chain when the CA certificate given as the key anchors it', async () => {
    const report = await verifyToken(token, await source(fixture('ca.pem'), at), defaultPolicy(), { at })
    expect(find(report.trace.checks, 'x5c-chain')).toMatchObject({ status: 'pass' })
    expect(report.key?.origin).toBe('x5c')
    expect(report.key?.certificate?.subject).toBe('O=Signet Test, CN=tokens.signet.test')
    expect(report.trace.verdict).toBe('valid')
  })

  it('does not trust it when an unrelated CA is given', async () => {
    const report = await verifyToken(token, await source(fixture('other-ca.pem'), at), defaultPolicy(), { at })
    expect(report.trace.verdict).toBe('invalid')
  })

  it('fails when the token carries no x5c to take a key from', async () => {
    const plain = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .sign(await importPKCS8(fixture('leaf.key'), 'RS256'))
    const report = await verifyToken(plain, x5cKeySource({ at }), defaultPolicy(), { at })
    expect(find(report.trace.checks, 'key-select')).toMatchObject({
      status: 'fail',
      message: 'The token carries no x5c certificate chain to take a key from.',
    })
  })

  it('reports an expired chain', async () => {
    const expired = await verifyToken(
      token,
      x5cKeySource({ at: Date.parse('2130-01-01T00:00:00Z') / 1000 }),
      defaultPolicy(),
      { at },
    )
    expect(find(expired.trace.checks, 'x5c-chain')).toMatchObject({ status: 'fail' })
    expect(find(expired.trace.checks, 'x5c-chain').message).toMatch(/expired 2126/)
  })
})
