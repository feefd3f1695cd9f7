import { createHmac, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { lintToken, type LintPublicKey } from '#shared/token/lint'
import { compact, find, hmacToken, ids, now } from './tokens'

const claims = { sub: 'admin', aud: 'api', exp: now + 600 }
const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString()
const jwk = publicKey.export({ format: 'jwk' })
const rsaKey: LintPublicKey = { kty: 'RSA', pem, jwk }

describe('lint — HS/RS key confusion', () => {
  it('confirms a token whose HMAC key is the PEM text, in each usual form', () => {
    for (const secret of [pem, pem.trim(), pem.replace(/\n/g, '\r\n')]) {
      const token = hmacToken({ typ: 'JWT' }, claims, secret)
      const finding = find(lintToken(token, { now, publicKey: rsaKey }), 'key-confusion-confirmed')
      expect(finding?.severity).toBe('high')
      expect(finding?.message).toMatch(/PEM text/)
      expect(finding?.message).not.toContain('BEGIN PUBLIC KEY')
    }
  })

  it('confirms one keyed with the DER bytes or the JWK JSON', () => {
    const der = publicKey.export({ type: 'spki', format: 'der' })
    expect(
      find(lintToken(hmacToken({}, claims, der), { now, publicKey: rsaKey }), 'key-confusion-confirmed')?.message,
    ).toMatch(/DER/)
    expect(
      find(lintToken(hmacToken({}, claims, JSON.stringify(jwk)), { now, publicKey: rsaKey }), 'key-confusion-confirmed')
        ?.message,
    ).toMatch(/JWK/)
  })

  it('signals (medium) an HS token with an asymmetric key that does not confirm', () => {
    const findings = lintToken(hmacToken({}, claims, 'some-other-secret-entirely-32byte'), { now, publicKey: rsaKey })
    expect(find(findings, 'key-confusion')?.severity).toBe('medium')
    expect(ids(findings)).not.toContain('key-confusion-confirmed')
  })

  it('says nothing about confusion without a public key', () => {
    expect(ids(lintToken(hmacToken({}, claims, pem), { now })).filter((id) => id.startsWith('key-confusion'))).toEqual(
      [],
    )
  })

  it('checks HS384 and HS512 too', () => {
    const input = `${Buffer.from(JSON.stringify({ alg: 'HS512' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`
    const token = `${input}.${createHmac('sha512', pem).update(input).digest('base64url')}`
    expect(ids(lintToken(token, { now, publicKey: rsaKey }))).toContain('key-confusion-confirmed')
  })

  it('flags algorithms that do not fit the key', () => {
    const signature = Buffer.alloc(64, 1).toString('base64url')
    expect(
      find(lintToken(compact({ alg: 'ES256' }, claims, signature), { now, publicKey: rsaKey }), 'alg-key-mismatch')
        ?.message,
    ).toMatch(/needs an EC key/)
    const p384 = { kty: 'EC', crv: 'P-384' }
    expect(
      find(lintToken(compact({ alg: 'ES256' }, claims, signature), { now, publicKey: p384 }), 'alg-key-mismatch')
        ?.message,
    ).toMatch(/P-256/)
    expect(
      find(
        lintToken(compact({ alg: 'RS256' }, claims, Buffer.alloc(256, 1).toString('base64url')), {
          now,
          publicKey: { ...rsaKey, alg: 'PS256' },
        }),
        'alg-key-mismatch',
      )?.message,
    ).toMatch(/PS256/)
    expect(
      ids(
        lintToken(compact({ alg: 'RS256' }, claims, Buffer.alloc(256, 1).toString('base64url')), {
          now,
          publicKey: rsaKey,
        }),
      ),
    ).not.toContain('alg-key-mismatch')
  })
})
