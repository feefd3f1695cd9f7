import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findJsonSerializations } from '#shared/scan/json-serialization'
import { redactedLength, redactToken } from '#shared/scan/redact'

// A redacted token shows a prefix of header.payload and never a signature character, whatever the
// serialization (compact, flattened or general JWS JSON, any member order) and whatever the sizes.

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
const json = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** What a redacted token may show: a prefix of this, then "…". */
function expectPrefixOf(redacted: string, signed: string): void {
  expect(redacted.endsWith('…')).toBe(true)
  const shown = redacted.slice(0, -1)
  expect(signed.startsWith(shown)).toBe(true)
  expect(shown.length).toBeLessThanOrEqual(redactedLength)
  // a short signed part is never shown whole
  if (signed.length > 0) expect(shown.length).toBeLessThan(signed.length)
}

describe('redactToken', () => {
  it('a flattened JWS JSON with a tiny payload shows no signature character (the finder re-serializes payload first)', () => {
    // {"payload":"","header":{"alg":""},"signature":"… is 47 characters: a 48-character prefix of the
    // JSON text would show the signature's first character, and each shorter member one more.
    const signature = 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz'
    const found = findJsonSerializations({ auth: { payload: '', header: { alg: '' }, signature } })
    expect(found).toHaveLength(1)
    expect(found[0]!.token.indexOf(signature)).toBeLessThan(redactedLength)
    const redacted = redactToken(found[0]!.token)
    expect(redacted).not.toContain('z')
    expect(redacted).toBe('…')
    const protectedHeader = json({ alg: 'HS256' })
    const withProtected = findJsonSerializations({ payload: 'e30', protected: protectedHeader, signature })[0]!.token
    expect(redactToken(withProtected)).not.toContain('z')
    expectPrefixOf(redactToken(withProtected), `${protectedHeader}.e30`)
  })

  it('compact JWS: a prefix of header.payload', () => {
    const token = `${json({ alg: 'ES256' })}.${json({ sub: 'a' })}.${'s'.repeat(86)}`
    expectPrefixOf(redactToken(token), token.split('.').slice(0, 2).join('.'))
  })

  it('JWE JSON: its protected header only; text that is no token: nothing', () => {
    const protectedHeader = json({ alg: 'dir', enc: 'A128GCM' })
    const jwe = JSON.stringify({ protected: protectedHeader, iv: 'aaaa', ciphertext: 'cccc', tag: 'tttt' })
    expectPrefixOf(redactToken(jwe), protectedHeader)
    expect(redactToken('{"signature":"abcd"')).toBe('…')
    expect(redactToken('{"payload":{"x":"y"},"signature":"abcd"}')).toBe('…')
  })

  it('property: any sizes, any serialization, any member order — a prefix of protected.payload, never the signature', () => {
    const bytes = (max: number) => fc.uint8Array({ minLength: 0, maxLength: max })
    fc.assert(
      fc.property(
        fc.record({
          header: fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 12 }), { maxKeys: 4 }),
          payload: bytes(300),
          signature: bytes(600),
          form: fc.constantFrom('compact', 'flattened', 'general'),
          order: fc.shuffledSubarray(['payload', 'protected', 'signature'], { minLength: 3, maxLength: 3 }),
        }),
        ({ header, payload, signature, form, order }) => {
          const members: Record<string, string> = {
            protected: json({ alg: 'HS256', ...header }),
            payload: b64(payload),
            signature: b64(signature),
          }
          const signed = `${members.protected}.${members.payload}`
          let token: string
          if (form === 'compact') token = `${signed}.${members.signature}`
          else if (form === 'flattened') token = JSON.stringify(Object.fromEntries(order.map((k) => [k, members[k]])))
          else
            token = JSON.stringify({
              payload: members.payload,
              signatures: [{ signature: members.signature, protected: members.protected }],
            })
          const redacted = redactToken(token)
          expectPrefixOf(redacted, signed)
          expect(redacted).not.toContain('"')
        },
      ),
      { numRuns: 2000 },
    )
  })
})
