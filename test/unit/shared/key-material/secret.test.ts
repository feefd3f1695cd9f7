import { describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { decodeAs, parseSecret } from '#shared/key-material/secret'

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

describe('parseSecret — auto-detection', () => {
  it('reads plain words as UTF-8 and says why', () => {
    const secret = parseSecret('correct horse battery staple')
    expect(secret.encoding).toBe('utf8')
    expect(text(secret.bytes)).toBe('correct horse battery staple')
    expect(secret.explanation).toMatch(/characters no binary encoding uses/)
    expect(secret.alternatives).toEqual([])
  })

  it('reads 64 hex digits as 32 bytes, keeping UTF-8 as the alternative', () => {
    const hex = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'
    const secret = parseSecret(hex)
    expect(secret.encoding).toBe('hex')
    expect(secret.bytes.length).toBe(32)
    expect(secret.bytes[1]).toBe(0x11)
    expect(secret.explanation).toMatch(/64 hex digits/)
    expect(secret.alternatives.map((a) => a.encoding)).toContain('utf8')
    expect(text(secret.alternatives.at(-1)!.bytes)).toBe(hex)
  })

  it('recognises base64url by "-" or "_" and base64 by "+", "/" or padding', () => {
    expect(
      parseSecret('AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow').encoding,
    ).toBe('base64url')
    const standard = parseSecret('q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJ+/8=')
    expect(standard.encoding).toBe('base64')
    expect(standard.explanation).toMatch(/"\+" or "\/"/)
  })

  it('treats short or lowercase words that happen to be valid base64 as text', () => {
    expect(parseSecret('secret').encoding).toBe('utf8')
    expect(parseSecret('mysecretpassword').encoding).toBe('utf8')
  })

  it('rejects non-canonical base64 as a binary reading (trailing bits set)', () => {
    // "QR" decodes to one byte whose canonical encoding is "QQ": not something an encoder wrote.
    expect(parseSecret('AbCdEfGhIjKlMnOpQR').encoding).toBe('utf8')
  })
})

describe('parseSecret — chosen encodings', () => {
  it('decodes exactly as chosen, whatever it looks like', () => {
    expect(parseSecret('secret', 'utf8').bytes.length).toBe(6)
    expect(parseSecret('c2VjcmV0', 'base64').bytes).toEqual(new TextEncoder().encode('secret'))
    expect(parseSecret('0xff00', 'hex').bytes).toEqual(new Uint8Array([0xff, 0]))
  })

  it('names the first bad character and its position', () => {
    try {
      decodeAs('00zz', 'hex')
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(SignetError)
      expect((error as SignetError).code).toBe('ERR_SECRET_INVALID')
      expect((error as SignetError).message).toMatch(/"z" at position 2 is not a hex digit/)
    }
    expect(() => decodeAs('abc', 'hex')).toThrow(/odd number of digits/)
    expect(() => decodeAs('ab+c', 'base64url')).toThrow(/"\+" at position 2/)
  })

  it('refuses an empty secret', () => {
    expect(() => parseSecret('')).toThrow(SignetError)
  })
})
