import { describe, expect, it } from 'vitest'
import { signatureSizeNote, timeClaimTone, unregisteredNameNote } from '#renderer/features/inspector/describe'

describe('signatureSizeNote', () => {
  it('confirms lengths the algorithm fixes', () => {
    expect(signatureSizeNote('HS256', 32)).toEqual({
      tone: 'ok',
      text: 'HS256 signatures are 32 bytes: the length matches.',
    })
    expect(signatureSizeNote('ES512', 132).tone).toBe('ok')
    expect(signatureSizeNote('EdDSA', 64).tone).toBe('ok')
  })

  it('flags a wrong length, and recognises a DER-encoded ECDSA signature', () => {
    expect(signatureSizeNote('HS256', 31)).toEqual({
      tone: 'warn',
      text: 'HS256 signatures are 32 bytes, but this one is 31 bytes.',
    })
    expect(signatureSizeNote('ES256', 71).text).toContain('DER-encoded')
  })

  it('reads the RSA key size off an RSA signature', () => {
    expect(signatureSizeNote('RS256', 256).text).toContain('2048-bit RSA key')
    expect(signatureSizeNote('PS512', 512).text).toContain('4096-bit')
  })

  it('speaks plainly about none, missing alg, empty signatures and unknown algorithms', () => {
    expect(signatureSizeNote('none', 0).text).toContain('anyone could have written')
    expect(signatureSizeNote('none', 8).tone).toBe('warn')
    expect(signatureSizeNote(undefined, 32).text).toContain('no "alg"')
    expect(signatureSizeNote('RS256', 0)).toMatchObject({ tone: 'warn' })
    expect(signatureSizeNote('XS999', 10)).toMatchObject({ tone: 'neutral' })
  })
})

describe('unregisteredNameNote', () => {
  it('tells public (URI) claim names from private ones, and explains unknown headers', () => {
    expect(unregisteredNameNote('http://example.com/is_root', 'claim')).toContain('Public claim')
    expect(unregisteredNameNote('tenant', 'claim')).toContain('Private claim')
    expect(unregisteredNameNote('x-custom', 'header')).toContain('"crit"')
  })
})

describe('timeClaimTone', () => {
  const now = 1_700_000_000
  it('an expired exp is bad, a future one fine', () => {
    expect(timeClaimTone('exp', now - 1, now)).toBe('bad')
    expect(timeClaimTone('exp', now + 60, now)).toBe('ok')
  })
  it('a future nbf or iat is a warning', () => {
    expect(timeClaimTone('nbf', now + 60, now)).toBe('warn')
    expect(timeClaimTone('nbf', now - 60, now)).toBe('ok')
    expect(timeClaimTone('iat', now + 60, now)).toBe('warn')
    expect(timeClaimTone('iat', now - 60, now)).toBe('neutral')
    expect(timeClaimTone('updated_at', now + 60, now)).toBe('neutral')
  })
})
