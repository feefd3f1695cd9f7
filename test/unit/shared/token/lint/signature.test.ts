import { generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { encodeBase64url } from '#shared/encoding/base64url'
import { lintToken } from '#shared/token/lint'
import { parseDerSignature } from '#shared/token/lint/rules/signature'
import { compact, find, ids, now } from './tokens'

const claims = { sub: 'u1', aud: 'api', iat: now, exp: now + 600 }

/** Raw R‖S → DER, as a misconfigured signer would emit it. */
function toDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2
  const integer = (bytes: Uint8Array) => {
    let start = 0
    while (start < bytes.length - 1 && bytes[start] === 0) start++
    const trimmed = bytes.subarray(start)
    const body = trimmed[0]! & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed
    return Uint8Array.of(0x02, body.length, ...body)
  }
  const content = Uint8Array.of(...integer(raw.subarray(0, half)), ...integer(raw.subarray(half)))
  return content.length < 0x80
    ? Uint8Array.of(0x30, content.length, ...content)
    : Uint8Array.of(0x30, 0x81, content.length, ...content)
}

async function signed(alg: 'ES256' | 'ES384' | 'ES512') {
  const { privateKey } = await generateKeyPair(alg)
  const token = await new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).sign(privateKey)
  const [h, p, s] = token.split('.') as [string, string, string]
  const raw = Uint8Array.from(Buffer.from(s, 'base64url'))
  return { token, h, p, raw }
}

describe('lint — signatures', () => {
  it.each(['ES256', 'ES384', 'ES512'] as const)(
    'accepts a genuine %s signature without signature findings',
    async (alg) => {
      const { token } = await signed(alg)
      expect(
        ids(lintToken(token, { now })).filter((id) => id.startsWith('ecdsa') || id.startsWith('signature')),
      ).toEqual([])
    },
  )

  it.each(['ES256', 'ES384', 'ES512'] as const)('recognises a DER-encoded %s signature', async (alg) => {
    const { h, p, raw } = await signed(alg)
    const der = toDer(raw)
    expect(parseDerSignature(der)).not.toBeNull()
    const finding = find(lintToken(`${h}.${p}.${encodeBase64url(der)}`, { now }), 'ecdsa-der')!
    expect(finding.severity).toBe('medium')
    expect(finding.message).toContain(`${der.length}-byte`)
  })

  it('flags r = 0 and s = 0 (psychic signatures) as high, raw or DER', () => {
    const zero = lintToken(compact({ alg: 'ES256' }, claims, encodeBase64url(new Uint8Array(64))), { now })
    const finding = find(zero, 'ecdsa-zero')!
    expect(finding.severity).toBe('high')
    expect(finding.title).toMatch(/r and s/)
    expect(finding.reference).toContain('CVE-2022-21449')
    const der = Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00)
    expect(
      find(lintToken(compact({ alg: 'ES256' }, claims, encodeBase64url(der)), { now }), 'ecdsa-zero'),
    ).toBeDefined()
    const sOnly = new Uint8Array(64).fill(7, 0, 32)
    expect(
      find(lintToken(compact({ alg: 'ES256' }, claims, encodeBase64url(sOnly)), { now }), 'ecdsa-zero')?.title,
    ).toMatch(/ s equal/)
  })

  it('flags r or s at or above the group order', () => {
    const raw = new Uint8Array(64).fill(0xff)
    expect(
      find(lintToken(compact({ alg: 'ES256' }, claims, encodeBase64url(raw)), { now }), 'ecdsa-out-of-range')?.severity,
    ).toBe('high')
  })

  it('flags an ECDSA signature of the wrong length that is not DER', () => {
    const finding = find(
      lintToken(compact({ alg: 'ES384' }, claims, encodeBase64url(new Uint8Array(64).fill(1))), { now }),
      'signature-length',
    )!
    expect(finding.message).toContain('64 bytes; ES384 signatures are exactly 96')
  })

  it('flags alg none with a signature left on (RFC 7518 §3.6), and not an unsecured token with none', () => {
    const finding = find(lintToken(compact({ alg: 'none' }, claims, 'c2ln'), { now }), 'alg-none-signature')
    expect(finding).toMatchObject({ severity: 'high', reference: expect.stringContaining('RFC 7518 §3.6') })
    expect(finding?.message).toContain('3 bytes')
    expect(find(lintToken(compact({ alg: 'none' }, claims, ''), { now }), 'alg-none-signature')).toBeUndefined()
    expect(find(lintToken(compact({ alg: 'HS256' }, claims, ''), { now }), 'signature-missing')?.severity).toBe('high')
  })

  it('flags a stripped signature, a truncated HMAC and a small RSA modulus', () => {
    expect(find(lintToken(compact({ alg: 'RS256' }, claims, ''), { now }), 'signature-missing')?.severity).toBe('high')
    expect(
      find(
        lintToken(compact({ alg: 'HS256' }, claims, encodeBase64url(new Uint8Array(16).fill(1))), { now }),
        'signature-length',
      )?.message,
    ).toMatch(/truncated/)
    const rsa1024 = find(
      lintToken(compact({ alg: 'RS256' }, claims, encodeBase64url(new Uint8Array(128).fill(1))), { now }),
      'rsa-key-small',
    )!
    expect(rsa1024.title).toContain('1024-bit')
    expect(
      ids(lintToken(compact({ alg: 'RS256' }, claims, encodeBase64url(new Uint8Array(256).fill(1))), { now })),
    ).not.toContain('rsa-key-small')
  })

  it('parses only strict DER', () => {
    expect(parseDerSignature(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02))).toEqual({ r: 1n, s: 2n })
    expect(parseDerSignature(Uint8Array.of(0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02))).toBeNull()
    expect(parseDerSignature(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02, 0x00))).toBeNull()
    expect(parseDerSignature(Uint8Array.of(0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02))).toBeNull()
  })
})
