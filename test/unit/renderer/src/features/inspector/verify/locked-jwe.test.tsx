import { describe, expect, it } from 'vitest'
import { lockedJweSummary, whatDecrypts } from '#renderer/features/inspector/verify/locked-jwe'

describe('a locked JWE says what opens it', () => {
  it('names the token’s alg, enc and kid as given', () => {
    expect(lockedJweSummary({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' })).toBe(
      'Encrypted for RSA-OAEP-256 / A256GCM, kid “enc-1”',
    )
    expect(lockedJweSummary({ alg: 'ECDH-ES', enc: 'A128GCM' })).toBe('Encrypted for ECDH-ES / A128GCM, no kid')
    expect(lockedJweSummary({})).toBe('Encrypted for an unnamed algorithm / an unnamed content encryption, no kid')
  })

  it('asks for a password, a shared key or a private key by the key management algorithm (RFC 7518 §4.1)', () => {
    expect(whatDecrypts('PBES2-HS256+A128KW')).toBe('the password')
    expect(whatDecrypts('dir')).toBe('the shared symmetric key')
    expect(whatDecrypts('A256KW')).toBe('the shared symmetric key')
    expect(whatDecrypts('A128GCMKW')).toBe('the shared symmetric key')
    expect(whatDecrypts('RSA-OAEP')).toBe('the recipient’s private key')
    expect(whatDecrypts('ECDH-ES+A256KW')).toBe('the recipient’s private key')
    expect(whatDecrypts(undefined)).toBe('the recipient’s private key')
  })
})
