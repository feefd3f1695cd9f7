import { createHmac } from 'node:crypto'
import { exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed, secretKeySource } from '#shared/key-material/source'
import { parsePolicy } from '#shared/validation-policy/policy'
import { encodeBase64url } from '#shared/encoding/base64url'
import type { Check, CheckId } from '#shared/token/verify/check'
import { verifyToken } from '#shared/token/verify/verify-token'

/** Issue 10 item 6 and issue 12 item 14: the verdicts were right, the explanations were not. */

const at = 1_900_000_000
const find = (checks: Check[], id: CheckId) => checks.find((c) => c.id === id)!

/** R‖S (RFC 7518 §3.4) → ASN.1 DER SEQUENCE { INTEGER r, INTEGER s }, as X.509 and TLS write it. */
function toDer(raw: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let i = 0
    while (i < bytes.length - 1 && bytes[i] === 0) i++
    const trimmed = bytes.slice(i)
    const body = trimmed[0]! & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed
    return Uint8Array.of(0x02, body.length, ...body)
  }
  const r = integer(raw.slice(0, 32))
  const s = integer(raw.slice(32))
  return Uint8Array.of(0x30, r.length + s.length, ...r, ...s)
}

/** jose will not sign with an unknown crit, so this signs by hand (RFC 7515 §5.1). */
function hs256(header: object, payload: string, key: string): string {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(payload).toString('base64url')}`
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`
}

describe('the verify trace names the true cause', () => {
  it("a kid no key carries falls back to the set's kid-less key, and verifies (RFC 7515 §4.1.4: kid is a hint)", async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true })
    const token = await new SignJWT({ sub: 'a' })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-2026' })
      .sign(rsa.privateKey)
    const jwks = JSON.stringify({ keys: [await exportJWK(rsa.publicKey)] })
    const report = await verifyToken(token, keySourceFromParsed(await parseKeyText(jwks)), parsePolicy({}), { at })
    expect(report.trace.verdict).toBe('valid')
    const selection = find(report.trace.checks, 'key-select')
    expect(selection.status).toBe('warn')
    expect(selection.message).toMatch(
      /No key in the set has kid "key-2026".*only a hint.*without a kid.*tried; keys with another kid are not/,
    )
    expect(report.trace.checks.map((c) => c.message).join(' ')).not.toMatch(/did not supply/)
  })

  it('a key with another kid is not tried, and the message says the signer is missing, not that the token is altered', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true })
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'RS256', kid: 'key-2026' }).sign(rsa.privateKey)
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(rsa.publicKey)), kid: 'key-2025' }] })
    const report = await verifyToken(token, keySourceFromParsed(await parseKeyText(jwks)), parsePolicy({}), { at })
    expect(report.trace.verdict).toBe('invalid')
    expect(find(report.trace.checks, 'key-select').message).toMatch(
      /no key without a kid can verify RS256: the key that signed the token is not in the set you gave/,
    )
    expect(report.trace.reason).not.toMatch(/altered/)
  })

  it('a DER-encoded ES256 signature is structurally wrong, not a mismatch', async () => {
    const ec = await generateKeyPair('ES256', { extractable: true })
    const good = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).sign(ec.privateKey)
    const [h, p, sig] = good.split('.') as [string, string, string]
    const der = toDer(Uint8Array.from(Buffer.from(sig, 'base64url')))
    expect(der.length).toBeGreaterThanOrEqual(70)
    const token = `${h}.${p}.${encodeBase64url(der)}`
    const report = await verifyToken(
      token,
      keySourceFromParsed(await parseKeyText(JSON.stringify(await exportJWK(ec.publicKey)))),
      parsePolicy({}),
      { at },
    )
    const signature = find(report.trace.checks, 'signature')
    expect(report.trace.verdict).toBe('invalid')
    expect(signature.message).toMatch(
      new RegExp(
        `structurally wrong: DER-encoded ECDSA signature \\(${der.length} bytes\\), expected 64-byte R‖S \\(RFC 7518 §3.4\\)`,
      ),
    )
    expect(signature.message).not.toMatch(/altered|another key/)
    expect(signature.detail?.cause).toBe('malformed')
    expect(report.trace.reason).toMatch(/^Signature: The signature is structurally wrong/)
  })

  it('a truncated HMAC is structurally wrong too', async () => {
    const secret = 'an HMAC secret that is at least thirty-two bytes long'
    const good = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret))
    const token = good.slice(0, -11)
    const report = await verifyToken(token, secretKeySource(secret, 'utf8'), parsePolicy({}), { at })
    expect(find(report.trace.checks, 'signature').message).toMatch(
      /structurally wrong: the HS256 signature is \d+ bytes, expected the full 32-byte HMAC/,
    )
  })

  it('an unknown crit with a secret that also reads as base64url: the signature is still computed, and the verdict blames crit', async () => {
    // 43 characters that decode as base64url to 32 bytes; the token is signed with the text's UTF-8 bytes.
    const secret = 'Zk9vQmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo'
    const token = hs256({ alg: 'HS256', crit: ['exp-ext'], 'exp-ext': 1 }, '{"sub":"a"}', secret)
    const source = secretKeySource(secret, 'auto')
    expect(source.keys.length).toBe(2)
    const report = await verifyToken(token, source, parsePolicy({}), { at })
    expect(report.trace.verdict).toBe('invalid')
    expect(report.trace.reason).toMatch(/^Critical extensions: The token requires extension "exp-ext"/)
    const signature = find(report.trace.checks, 'signature')
    expect(signature.status).toBe('pass')
    expect(signature.message).toMatch(/verifies with secret \(UTF-8/)
    expect(signature.message).not.toMatch(/matches none/)
    // Key strength is judged on the reading that verified (43 UTF-8 bytes), not the 32-byte base64url one.
    expect(find(report.trace.checks, 'key-strength').message).toMatch(/The secret is 43 bytes/)
  })

  it('when every attempt errs, the signature "could not be checked", and says why', async () => {
    const token = hs256(
      { alg: 'HS256', crit: ['missing-ext'] },
      'x',
      'an HMAC secret that is at least thirty-two bytes long',
    )
    const report = await verifyToken(
      token,
      secretKeySource('an HMAC secret that is at least thirty-two bytes long', 'utf8'),
      parsePolicy({}),
      { at },
    )
    const signature = find(report.trace.checks, 'signature')
    expect(signature.detail?.cause).toBe('unchecked')
    expect(signature.message).toMatch(/could not be checked/)
    expect(signature.message).not.toMatch(/altered|does not match/)
  })

  it('a right but weak HMAC secret: the reason says the signature matches and the key is too weak under the policy', async () => {
    const weak = 'short-secret'
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(weak))
    const report = await verifyToken(token, secretKeySource(weak, 'utf8'), parsePolicy({}), { at })
    expect(report.trace.verdict).toBe('invalid')
    expect(report.trace.reason).toMatch(
      /^The signature matches secret \(UTF-8[^)]*12 bytes\), but the key is too weak under the policy: the secret is 12 bytes; HS256 needs at least 32/,
    )
    // The minimum is a policy setting: a legacy 12-byte secret can be accepted, with a warning.
    const lenient = await verifyToken(token, secretKeySource(weak, 'utf8'), parsePolicy({ minHmacKeyBytes: 12 }), {
      at,
    })
    expect(lenient.trace.verdict).toBe('valid')
    expect(find(lenient.trace.checks, 'key-strength')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/accepted because the policy's minimum is 12, but below the 32 bytes RFC 7518/),
    })
    const strict = await verifyToken(
      token,
      secretKeySource('an HMAC secret that is at least thirty-two bytes long', 'utf8'),
      parsePolicy({ minHmacKeyBytes: 64 }),
      { at },
    )
    expect(find(strict.trace.checks, 'signature').status).toBe('fail')
    expect(strict.trace.reason).toMatch(/^Signature: The signature does not match/)
  })

  it('leads with the most important failure: a signature mismatch before expiry', async () => {
    const secret = new TextEncoder().encode('an HMAC secret that is at least thirty-two bytes long')
    const token = await new SignJWT({ exp: at - 3600 }).setProtectedHeader({ alg: 'HS256' }).sign(secret)
    const report = await verifyToken(
      token,
      secretKeySource('another HMAC secret, also thirty-two bytes or more', 'utf8'),
      parsePolicy({}),
      { at },
    )
    expect(report.trace.reason).toMatch(/^Signature: The signature does not match .*\(1 more check failed\)$/)
  })
})
