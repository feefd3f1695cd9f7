import { describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { decodeToken } from '#shared/token/decode'
import { encodeBase64url } from '#shared/encoding/base64url'

// RFC 7519 §3.1 example (CRLFs inside the JSON are part of the example).
const rfc7519 =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'

const b64 = (text: string) => encodeBase64url(new TextEncoder().encode(text))

function expectError(input: string, code: string): SignetError {
  try {
    decodeToken(input)
  } catch (error) {
    expect(error).toBeInstanceOf(SignetError)
    expect((error as SignetError).code).toBe(code)
    return error as SignetError
  }
  throw new Error(`expected ${code}, but the token decoded`)
}

describe('decodeToken — compact JWS', () => {
  it('decodes the RFC 7519 §3.1 example', () => {
    const token = decodeToken(rfc7519)
    expect(token.type).toBe('jws')
    expect(token.form).toBe('jws-compact')
    if (token.type !== 'jws') return
    expect(token.signatures[0]!.joseHeader).toEqual({ typ: 'JWT', alg: 'HS256' })
    expect(token.payload.kind).toBe('claims')
    if (token.payload.kind === 'claims') {
      expect(token.payload.claims).toEqual({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true })
    }
    expect(token.signatures[0]!.signatureLength).toBe(32)
    expect(token.spans.map((s) => s.name)).toEqual(['header', 'payload', 'signature'])
    expect(token.spans[1]!.start).toBe(rfc7519.indexOf('.') + 1)
  })

  it('tolerates Bearer, surrounding whitespace and line wrapping, and says so', () => {
    const wrapped = `  Bearer ${rfc7519.slice(0, 50)}\n  ${rfc7519.slice(50)}\n`
    const token = decodeToken(wrapped)
    expect(token.token).toBe(rfc7519)
    expect(token.notes.normalized).toEqual(
      expect.arrayContaining([
        'a leading "Bearer " prefix',
        'trailing whitespace',
        'whitespace inside the token (line wrapping)',
      ]),
    )
  })

  it('labels alg none as an unsecured JWT', () => {
    const token = decodeToken(`${b64('{"alg":"none"}')}.${b64('{"sub":"a"}')}.`)
    expect(token.form).toBe('unsecured-jwt')
    expect(token.label).toMatch(/Unsecured/)
  })

  it('keeps a __proto__ member as data', () => {
    const token = decodeToken(`${b64('{"alg":"HS256"}')}.${b64('{"__proto__":{"admin":true}}')}.c2ln`)
    if (token.type !== 'jws' || token.payload.kind !== 'claims') throw new Error('expected claims')
    expect(Object.getPrototypeOf(token.payload.claims)).toBe(Object.prototype)
    expect(Object.keys(token.payload.claims)).toEqual(['__proto__'])
  })

  it('shows a non-JSON payload as text and a b64:false payload unencoded', () => {
    const text = decodeToken(`${b64('{"alg":"HS256"}')}.${b64('hello world')}.c2ln`)
    expect(text.type === 'jws' && text.payload.kind).toBe('text')
    const unencoded = decodeToken(`${b64('{"alg":"HS256","b64":false,"crit":["b64"]}')}.$02.c2ln`)
    expect(unencoded.type === 'jws' && unencoded.unencodedPayload).toBe(true)
    expect(unencoded.type === 'jws' && unencoded.payload.kind === 'text' && unencoded.payload.text).toBe('$02')
  })

  it('recognises a detached payload', () => {
    const token = decodeToken(`${b64('{"alg":"HS256"}')}..c2ln`)
    expect(token.type === 'jws' && token.payload.kind).toBe('detached')
  })

  it('records non-canonical base64url', () => {
    // 16 bytes encode to 22 characters whose last one carries 4 unused bits: flipping the lowest
    // keeps the decoded bytes but makes the text one no canonical encoder would write.
    const header = b64('{"alg":"HS256" }')
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const tweaked = header.slice(0, -1) + alphabet[alphabet.indexOf(header.at(-1)!) ^ 1]
    const token = decodeToken(`${tweaked}.${b64('{}')}.c2ln`)
    expect(token.notes.nonCanonicalSegments).toEqual(['header'])
  })
})

describe('decodeToken — malformed input names the segment, offset and expectation', () => {
  it('empty input', () => {
    expectError('   \n', 'ERR_TOKEN_EMPTY')
  })

  it('wrong number of segments', () => {
    const error = expectError('abc.def', 'ERR_TOKEN_SEGMENT_COUNT')
    expect(error.message).toMatch(/found 2/)
    expectError('a.b.c.d', 'ERR_TOKEN_SEGMENT_COUNT')
    expectError('a.b.c.d.e.f', 'ERR_TOKEN_SEGMENT_COUNT')
  })

  it('bad base64url character, with its offset in the original input', () => {
    const broken = rfc7519.slice(0, 60) + '*' + rfc7519.slice(61)
    const error = expectError(`Bearer ${broken}`, 'ERR_TOKEN_BASE64URL')
    expect(error.location).toMatchObject({ segment: 'payload', offset: 60 + 'Bearer '.length })
    expect(error.message).toContain('"*" at offset 67')
  })

  it('padding and standard base64 characters are explained', () => {
    expect(expectError(`${b64('{"alg":"HS256"}')}=.e30.c2ln`, 'ERR_TOKEN_BASE64URL').message).toMatch(/padding/)
    expect(expectError(`${b64('{"alg":"HS256"}')}.e30+.c2ln`, 'ERR_TOKEN_BASE64URL').message).toMatch(
      /base64url uses "-"/,
    )
  })

  it('header that is not JSON', () => {
    const error = expectError(`${b64('{"alg":HS256}')}.e30.c2ln`, 'ERR_TOKEN_JSON')
    expect(error.location?.segment).toBe('header')
    expect(error.message).toMatch(/header is not valid JSON/)
  })

  it('header that is JSON but not an object', () => {
    const error = expectError(`${b64('["HS256"]')}.e30.c2ln`, 'ERR_TOKEN_NOT_OBJECT')
    expect(error.message).toMatch(/array/)
  })

  it('payload that is JSON but not an object', () => {
    expect(
      expectError(`${b64('{"alg":"HS256"}')}.${b64('[1,2]')}.c2ln`, 'ERR_TOKEN_NOT_OBJECT').location?.segment,
    ).toBe('payload')
  })

  it('payload that starts like JSON and is damaged', () => {
    expectError(`${b64('{"alg":"HS256"}')}.${b64('{"sub":"a",')}.c2ln`, 'ERR_TOKEN_JSON')
  })

  it('duplicate member names are an error, or notes when allowed', () => {
    const token = `${b64('{"alg":"HS256","alg":"none"}')}.e30.c2ln`
    const error = expectError(token, 'ERR_TOKEN_DUPLICATE_MEMBER')
    expect(error.message).toContain('"alg"')
    const lenient = decodeToken(token, { allowDuplicateMembers: true })
    expect(lenient.notes.duplicateMembers).toMatchObject([{ segment: 'header', member: 'alg' }])
  })

  it('truncated base64url length', () => {
    expect(expectError(`${b64('{"alg":"HS256"}')}.e30.c2lnX`, 'ERR_TOKEN_BASE64URL').message).toMatch(
      /impossible base64url length/,
    )
  })

  it('header bytes that are not UTF-8', () => {
    expectError(`${encodeBase64url(new Uint8Array([0xff, 0xfe, 0x7b]))}.e30.c2ln`, 'ERR_TOKEN_JSON')
  })
})

describe('decodeToken — JWE and JSON serializations', () => {
  it('compact JWE: header and part sizes', () => {
    const token = decodeToken(
      `${b64('{"alg":"RSA-OAEP","enc":"A256GCM"}')}.${encodeBase64url(new Uint8Array(256))}.${encodeBase64url(new Uint8Array(12))}.${encodeBase64url(new Uint8Array(40))}.${encodeBase64url(new Uint8Array(16))}`,
    )
    expect(token.type).toBe('jwe')
    if (token.type !== 'jwe') return
    expect(token.form).toBe('jwe-compact')
    expect(token.joseHeader).toEqual({ alg: 'RSA-OAEP', enc: 'A256GCM' })
    expect([token.recipients[0]!.encryptedKeyLength, token.ivLength, token.ciphertextLength, token.tagLength]).toEqual([
      256, 12, 40, 16,
    ])
  })

  it('JWS JSON general serialization with two signatures', () => {
    const json = JSON.stringify({
      payload: b64('{"iss":"joe"}'),
      signatures: [
        { protected: b64('{"alg":"RS256"}'), header: { kid: '2010-12-29' }, signature: 'c2ln' },
        { protected: b64('{"alg":"ES256"}'), header: { kid: 'e9bc097a' }, signature: 'c2ln' },
      ],
    })
    const token = decodeToken(json)
    expect(token.form).toBe('jws-json-general')
    if (token.type !== 'jws') return
    expect(token.signatures.map((s) => s.joseHeader)).toEqual([
      { alg: 'RS256', kid: '2010-12-29' },
      { alg: 'ES256', kid: 'e9bc097a' },
    ])
  })

  it('JWS JSON flattened serialization', () => {
    const token = decodeToken(
      JSON.stringify({
        payload: b64('{"a":1}'),
        protected: b64('{"alg":"ES256"}'),
        header: { kid: 'k' },
        signature: 'c2ln',
      }),
    )
    expect(token.form).toBe('jws-json-flattened')
  })

  it('rejects a header parameter in both protected and unprotected parts', () => {
    const json = JSON.stringify({
      payload: 'e30',
      protected: b64('{"alg":"ES256"}'),
      header: { alg: 'none' },
      signature: 'c2ln',
    })
    expectError(json, 'ERR_TOKEN_DUPLICATE_MEMBER')
  })

  it('JWE JSON general serialization', () => {
    const token = decodeToken(
      JSON.stringify({
        protected: b64('{"enc":"A128CBC-HS256"}'),
        unprotected: { jku: 'https://server.example.com/keys.jwks' },
        recipients: [
          { header: { alg: 'RSA1_5', kid: '2011-04-29' }, encrypted_key: 'AAAA' },
          { header: { alg: 'A128KW', kid: '7' }, encrypted_key: 'AAAA' },
        ],
        iv: 'AAAA',
        ciphertext: 'AAAA',
        tag: 'AAAA',
      }),
    )
    expect(token.form).toBe('jwe-json-general')
    if (token.type !== 'jwe') return
    expect(token.recipients).toHaveLength(2)
    expect(token.joseHeader).toMatchObject({
      enc: 'A128CBC-HS256',
      alg: 'RSA1_5',
      jku: 'https://server.example.com/keys.jwks',
    })
  })

  it('JSON that is neither JWS nor JWE', () => {
    expect(expectError('{"hello":"world"}', 'ERR_TOKEN_MALFORMED').message).toMatch(/neither a JWS/)
    expectError('{"payload":"e30","signatures":[]}', 'ERR_TOKEN_MALFORMED')
    expectError('{"payload":"e30",', 'ERR_TOKEN_JSON')
  })
})
