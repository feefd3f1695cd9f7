import { X509Certificate, createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { lintJwks } from '#shared/jwks/lint'
import { keyTestContext } from '../../../../support/key-context'
import type { SigningAlgorithm } from '#shared/managed-keys/types'

async function setWithKey(alg: SigningAlgorithm, bits?: number) {
  const t = keyTestContext()
  await t.call('sets:create', { name: 'payments-prod' })
  const { key } = await t.call('keys:generate', {
    set: 'payments-prod',
    alg,
    activate: true,
    ...(bits ? { bits } : {}),
  })
  return { t, key }
}

describe('keys:certificate', () => {
  it.each<SigningAlgorithm>(['ES256', 'ES384', 'ES512', 'RS256', 'PS384', 'EdDSA'])(
    'issues a self-signed %s certificate over the key itself, stored as x5c and x5t#S256, that the JWKS lint finds consistent',
    async (alg) => {
      const { t, key } = await setWithKey(alg)
      const result = await t.call('keys:certificate', { kid: key.kid, days: 30 })
      const jwk = result.key.publicJwk!
      const der = Buffer.from((jwk.x5c as string[])[0]!, 'base64')
      const cert = new X509Certificate(der)
      // self-signed: its own public key verifies its signature, and that key is the managed key
      expect(cert.verify(cert.publicKey)).toBe(true)
      expect(cert.publicKey.export({ format: 'jwk' })).toMatchObject({
        kty: key.kty,
        ...(key.kty === 'RSA' ? { n: key.publicJwk!.n } : { x: key.publicJwk!.x }),
      })
      expect(cert.subject).toBe('CN=payments-prod')
      expect(cert.issuer).toBe('CN=payments-prod')
      expect(cert.ca).toBe(false)
      expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBe(30 * 86_400_000)
      expect(jwk['x5t#S256']).toBe(createHash('sha256').update(der).digest('base64url'))
      expect(result.certificate).toMatchObject({
        subject: 'CN=payments-prod',
        x5tS256: jwk['x5t#S256'],
        notBefore: t.clock.now().toISOString().replace('.000', ''),
      })
      expect(result.certificate.pem).toMatch(
        /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/,
      )
      // the thumbprint of the key (RFC 7638) is unchanged: it covers the key members only
      expect(result.key.thumbprint).toBe(key.thumbprint)
      const exported = await t.call('jwks:export', { set: 'payments-prod' })
      const published = JSON.parse(exported.jwks).keys[0]
      expect(published.x5c).toEqual(jwk.x5c)
      const report = await lintJwks(exported.jwks)
      expect(report.findings.filter((f) => f.id.startsWith('x5')).map((f) => f.id)).toEqual([])
      expect(report.ok).toBe(true)
      const audit = await t.call('audit:list', { actions: ['key.certificate'] })
      expect(JSON.stringify(audit)).toContain(result.certificate.serialNumber)
    },
  )

  it('takes a subject, replaces an earlier certificate with a warning, and never puts private material in the result', async () => {
    const { t, key } = await setWithKey('ES256')
    const first = await t.call('keys:certificate', { kid: key.kid })
    const second = await t.call('keys:certificate', { kid: key.kid, subject: 'auth.example.com', days: 1 })
    expect(first.warnings).toEqual([])
    expect(second.warnings.map((w) => w.code)).toEqual(['WARN_CERTIFICATE_REPLACED'])
    expect(second.certificate.subject).toBe('CN=auth.example.com')
    expect(second.certificate.serialNumber).not.toBe(first.certificate.serialNumber)
    expect(Date.parse(first.certificate.notAfter) - Date.parse(first.certificate.notBefore)).toBe(365 * 86_400_000)
    expect(JSON.stringify(second)).not.toMatch(/"d"\s*:|PRIVATE KEY/)
    const listed = await t.call('keys:list', undefined)
    expect(listed.keys[0]!.publicJwk!.x5c).toEqual(second.key.publicJwk!.x5c)
  })

  it('refuses HS keys, compromised keys, and out-of-bounds requests with clear codes', async () => {
    const { t, key } = await setWithKey('ES256')
    const hs = await t.call('keys:generate', { set: 'payments-prod', alg: 'HS256' })
    expect((await t.failure('keys:certificate', { kid: hs.key.kid })).code).toBe('ERR_KEY_SYMMETRIC')
    expect((await t.failure('keys:certificate', { kid: key.kid, days: 0 })).code).toBe('ERR_INVALID_ARGUMENT')
    expect((await t.failure('keys:certificate', { kid: key.kid, days: 3651 })).code).toBe('ERR_INVALID_ARGUMENT')
    expect((await t.failure('keys:certificate', { kid: key.kid, subject: 'x'.repeat(65) })).code).toBe(
      'ERR_INVALID_ARGUMENT',
    )
    expect((await t.failure('keys:certificate', { kid: key.kid, subject: 'a\nb' })).code).toBe('ERR_INVALID_ARGUMENT')
    expect((await t.failure('keys:certificate', { kid: 'nope' })).code).toBe('ERR_KEY_NOT_FOUND')
    await t.call('keys:compromise', { kid: key.kid, force: true, reason: 'laptop stolen' })
    expect((await t.failure('keys:certificate', { kid: key.kid })).code).toBe('ERR_KEY_COMPROMISED')
  })
})
