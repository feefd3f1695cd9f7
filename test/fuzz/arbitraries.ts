import fc from 'fast-check'
import { encodeBase64url } from '#shared/encoding/base64url'

/**
 * Structured-random inputs: near-valid tokens and keys, because random bytes rarely get past the
 * first check. Each mutates one thing a real attacker or a damaged copy would.
 */

const encoder = new TextEncoder()
export const b64 = (text: string) => encodeBase64url(encoder.encode(text))

/** JSON values with the nasty cases in reach: huge and tiny numbers, deep nesting, odd keys. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'xsmall', maxDepth: 3 },
    fc.constantFrom(null, true, false, 0, -0, 1e20, 8.64e12, 8.64e12 + 1, -1, 1.5, Number.MAX_SAFE_INTEGER + 2),
    fc.double(),
    fc.integer(),
    fc.string(),
    fc.constantFrom('__proto__', 'constructor', '\u0000', '\u202e', 'A'.repeat(300)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(
      fc.oneof(fc.string(), fc.constantFrom('__proto__', 'alg', 'b64', 'crit', 'exp', 'kid', 'p2c', 'enc', 'zip')),
      tie('value'),
      { maxKeys: 3 },
    ),
  ),
})).value

const algs = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'PS256',
  'ES256',
  'ES384',
  'EdDSA',
  'none',
  'dir',
  'A128KW',
  'RSA-OAEP',
  'ECDH-ES',
  'PBES2-HS256+A128KW',
  'RSA1_5',
  'nonsense',
]
const encs = ['A128GCM', 'A256GCM', 'A128CBC-HS256', 'A256CBC-HS512', 'X']

export const header: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    alg: fc.oneof(fc.constantFrom(...algs), jsonValue),
    enc: fc.constantFrom(...encs),
    typ: fc.constantFrom('JWT', 'at+jwt', 'dpop+jwt', 'JOSE'),
    kid: fc.string(),
    b64: fc.oneof(fc.boolean(), jsonValue),
    crit: fc.oneof(fc.constant(['b64']), fc.array(fc.string(), { maxLength: 3 }), jsonValue),
    zip: fc.constant('DEF'),
    // small: a PBES2 attempt spends p2c iterations, and the fuzz run is time-boxed
    p2c: fc.integer({ min: -5, max: 2000 }),
    p2s: fc.constantFrom('c2FsdA', '', 'AAAAAAAAAAAAAAAAAAAAAA'),
    jwk: jsonValue,
    x5c: fc.array(fc.base64String({ maxLength: 40 }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
)

const claims = fc.record(
  {
    sub: jsonValue,
    iss: jsonValue,
    aud: jsonValue,
    exp: jsonValue,
    nbf: jsonValue,
    iat: jsonValue,
    jti: fc.string(),
    extra: jsonValue,
  },
  { requiredKeys: [] },
)

const segment = fc.oneof(
  fc.base64String({ maxLength: 64 }).map((s) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')),
  fc.string({ maxLength: 20 }),
)

/** A header or payload as text, sometimes not JSON at all, sometimes JSON with a duplicate member. */
const jsonText = (value: fc.Arbitrary<unknown>) =>
  fc.oneof(
    value.map((v) => JSON.stringify(v) ?? 'null'),
    value.map((v) => {
      const text = JSON.stringify(v) ?? '{}'
      return text.startsWith('{') && text.length > 2
        ? `{"alg":"HS256",${text.slice(1)}`.replace(/}$/, ',"alg":"none"}')
        : text
    }),
    fc.string({ maxLength: 40 }),
    // number literals JSON.stringify cannot write: beyond double range, beyond 2^53
    fc
      .constantFrom('1e400', '-1e400', '99999999999999999999999', '1e-400', '1E+999', '0.1e2')
      .map((n) => `{"alg":"HS256","exp":${n},"nbf":${n},"iat":${n}}`),
    fc.integer({ min: 1, max: 400 }).map((depth) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`),
  )

/** Compact JWS/JWE, damaged in one of the ways pasting and attackers damage them. */
export const compactToken: fc.Arbitrary<string> = fc
  .tuple(
    jsonText(header),
    jsonText(claims),
    segment,
    segment,
    segment,
    fc.nat(6),
    fc.string({ maxLength: 12 }),
    fc.boolean(),
  )
  .map(([h, p, s1, s2, s3, damage, noise, jwe]) => {
    const token = jwe ? [b64(h), s1, s2, s3, b64(p).slice(0, 20)].join('.') : `${b64(h)}.${b64(p)}.${s1}`
    switch (damage) {
      case 0:
        return token
      case 1:
        return `${token}=`
      case 2:
        return `${token.slice(0, token.length >> 1)}\n ${token.slice(token.length >> 1)}`
      case 3:
        return `2026-11-30 INFO token=${token} ${noise}`
      case 4:
        return `Authorization: Bearer ${token}`
      case 5:
        return `${h}.${p}.${s2}` // unencoded, as RFC 7797 allows with b64:false
      default:
        return token.replace(/[A-Za-z]/, noise.slice(0, 1))
    }
  })

/** JWS and JWE JSON serializations with odd member types and counts. */
export const jsonToken: fc.Arbitrary<string> = fc
  .record(
    {
      payload: fc.oneof(jsonText(claims).map(b64), jsonValue),
      protected: fc.oneof(jsonText(header).map(b64), jsonValue),
      header: fc.oneof(header, jsonValue),
      signature: fc.oneof(segment, jsonValue),
      signatures: fc.array(
        fc.record(
          { protected: jsonText(header).map(b64), header: fc.oneof(header, jsonValue), signature: segment },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      ),
      ciphertext: segment,
      iv: segment,
      tag: segment,
      recipients: fc.array(fc.record({ header, encrypted_key: segment }, { requiredKeys: [] }), { maxLength: 3 }),
      unprotected: fc.oneof(header, jsonValue),
      aad: segment,
    },
    { requiredKeys: [] },
  )
  .map((document) => JSON.stringify(document))

export const anyTokenInput: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: compactToken, weight: 5 },
  { arbitrary: jsonToken, weight: 3 },
  { arbitrary: fc.string({ maxLength: 200 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 1 },
)

const jwkMembers = {
  kty: fc.constantFrom('RSA', 'EC', 'OKP', 'oct', 'AKP', 'X'),
  crv: fc.constantFrom('P-256', 'P-384', 'P-521', 'Ed25519', 'X25519', 'secp256k1', 'Ed448'),
  n: fc.oneof(segment, fc.constant(encodeBase64url(new Uint8Array(256).fill(0xc5)))),
  e: fc.constantFrom('AQAB', 'AQ', 'Ag', '', 'AAAA'),
  d: segment,
  x: segment,
  y: segment,
  k: segment,
  p: segment,
  q: segment,
  dp: segment,
  dq: segment,
  qi: segment,
  use: fc.oneof(fc.constantFrom('sig', 'enc'), jsonValue),
  key_ops: fc.oneof(
    fc.array(fc.constantFrom('sign', 'verify', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'deriveBits'), {
      maxLength: 3,
    }),
    jsonValue,
  ),
  alg: fc.oneof(fc.constantFrom(...algs), jsonValue),
  kid: fc.oneof(fc.string(), jsonValue),
  x5c: fc.array(fc.base64String({ maxLength: 60 }), { maxLength: 2 }),
}

export const jwk = fc.record(jwkMembers, { requiredKeys: [] })

/** Key text: JWKs, JWK Sets, PEM armour around random bytes, and plain noise. */
export const keyText: fc.Arbitrary<string> = fc.oneof(
  jwk.map((value) => JSON.stringify(value)),
  fc.array(jwk, { maxLength: 4 }).map((keys) => JSON.stringify({ keys })),
  fc
    .tuple(
      fc.constantFrom(
        'PUBLIC KEY',
        'PRIVATE KEY',
        'RSA PUBLIC KEY',
        'RSA PRIVATE KEY',
        'EC PRIVATE KEY',
        'CERTIFICATE',
        'ENCRYPTED PRIVATE KEY',
        'X',
      ),
      fc.uint8Array({ maxLength: 300 }),
    )
    .map(
      ([label, bytes]) =>
        `-----BEGIN ${label}-----\n${btoa(String.fromCharCode(...bytes)).replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`,
    ),
  jsonValue.map((value) => JSON.stringify(value) ?? ''),
  fc.string({ maxLength: 200 }),
)
