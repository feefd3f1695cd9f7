import { describe, expect, it } from 'vitest'
import { detectImportFormat } from '#renderer/features/keys/import-format'

const pem = (label: string, extra = '') =>
  `-----BEGIN ${label}-----\n${extra}MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END ${label}-----\n`

describe('detectImportFormat', () => {
  it('names each PEM private key form and asks for a passphrase only when it is encrypted', () => {
    expect(detectImportFormat(pem('PRIVATE KEY'))).toMatchObject({
      format: 'pkcs8',
      needsPassphrase: false,
      problem: null,
    })
    expect(detectImportFormat(pem('ENCRYPTED PRIVATE KEY'))).toMatchObject({
      format: 'pkcs8-encrypted',
      needsPassphrase: true,
    })
    expect(detectImportFormat(pem('RSA PRIVATE KEY'))).toMatchObject({
      format: 'pkcs1',
      family: 'RSA',
      needsPassphrase: false,
    })
    expect(
      detectImportFormat(pem('RSA PRIVATE KEY', 'Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\n')),
    ).toMatchObject({ format: 'pkcs1-encrypted', needsPassphrase: true })
    expect(detectImportFormat(pem('EC PRIVATE KEY'))).toMatchObject({ format: 'sec1', family: 'EC' })
  })

  it('offers the algorithms that fit the key family', () => {
    expect(detectImportFormat(pem('RSA PRIVATE KEY')).algorithms).toEqual([
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
    ])
    expect(detectImportFormat(pem('EC PRIVATE KEY')).algorithms).toEqual(['ES256', 'ES384', 'ES512'])
    expect(detectImportFormat(pem('PRIVATE KEY')).algorithms).toHaveLength(13)
  })

  it('reads private JWKs, keeps their alg, and refuses public ones with the reason', () => {
    expect(detectImportFormat('{"kty":"OKP","crv":"Ed25519","x":"a","d":"b"}')).toMatchObject({
      format: 'jwk-private',
      family: 'OKP',
      algorithms: ['EdDSA'],
      problem: null,
    })
    expect(detectImportFormat('{"kty":"RSA","n":"a","e":"AQAB","d":"x","alg":"PS384"}').algorithms).toEqual(['PS384'])
    expect(detectImportFormat('{"kty":"oct","k":"c2VjcmV0"}')).toMatchObject({
      format: 'jwk-private',
      family: 'oct',
      algorithms: ['HS256', 'HS384', 'HS512'],
    })
    const pub = detectImportFormat('{"kty":"EC","crv":"P-256","x":"a","y":"b"}')
    expect(pub.format).toBe('jwk-public')
    expect(pub.problem).toContain('no private members')
  })

  it('accepts a JWK Set of exactly one key, and says why not otherwise', () => {
    expect(detectImportFormat('{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b","d":"c"}]}').format).toBe(
      'jwk-private',
    )
    expect(detectImportFormat('{"keys":[{},{}]}')).toMatchObject({
      format: 'jwks',
      problem: expect.stringContaining('one key at a time'),
    })
  })

  it('explains what it cannot use', () => {
    expect(detectImportFormat('')).toMatchObject({ format: 'empty', problem: null })
    expect(detectImportFormat(pem('PUBLIC KEY')).problem).toContain('public material')
    expect(detectImportFormat(pem('CERTIFICATE')).format).toBe('pem-public')
    expect(detectImportFormat('{"kty": ').problem).toContain('does not parse')
    expect(detectImportFormat('{"kty":"EC2"}').problem).toContain('not "EC2"')
    expect(detectImportFormat('ssh-ed25519 AAAA…').format).toBe('unknown')
  })
})
