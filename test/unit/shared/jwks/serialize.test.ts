import { describe, expect, it } from 'vitest'
import { canonicalJwk, canonicalJwks, serializeJwks } from '#shared/jwks/serialize'

const ec = { y: 'Y', x: 'X', crv: 'P-256', kid: 'b-key', use: 'sig', alg: 'ES256', kty: 'EC' }
const rsa = { e: 'AQAB', n: 'N', kid: 'a-key', alg: 'RS256', kty: 'RSA', use: 'sig', 'x-extra': 1, ext: true }

describe('JWKS serialization', () => {
  it('orders members: RFC members in reading order, then the rest alphabetically', () => {
    expect(Object.keys(canonicalJwk(ec))).toEqual(['kty', 'use', 'alg', 'kid', 'crv', 'x', 'y'])
    expect(Object.keys(canonicalJwk(rsa))).toEqual(['kty', 'use', 'alg', 'kid', 'n', 'e', 'ext', 'x-extra'])
  })

  it('sorts keys by kid in code-unit order, independent of input order', () => {
    const upper = { ...ec, kid: 'Zeta' }
    expect(canonicalJwks([ec, rsa, upper]).keys.map((k) => k.kid)).toEqual(['Zeta', 'a-key', 'b-key'])
    expect(serializeJwks([ec, rsa, upper])).toBe(serializeJwks([upper, rsa, ec]))
  })

  it('is pretty-printed with a final newline', () => {
    const text = serializeJwks([ec])
    expect(text).toBe(
      `{\n  "keys": [\n    {\n      "kty": "EC",\n      "use": "sig",\n      "alg": "ES256",\n      "kid": "b-key",\n      "crv": "P-256",\n      "x": "X",\n      "y": "Y"\n    }\n  ]\n}\n`,
    )
    expect(serializeJwks([])).toBe('{\n  "keys": []\n}\n')
  })

  it('refuses to publish a key with a private member', () => {
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth']) {
      expect(() => serializeJwks([{ ...rsa, [member]: 'secret' }])).toThrow(
        expect.objectContaining({ code: 'ERR_KEY_INVALID', message: expect.stringContaining(`"${member}"`) }),
      )
    }
  })

  it('breaks kid ties by content so duplicate kids still serialize deterministically', () => {
    const one = { ...ec, kid: 'same', x: 'A' }
    const two = { ...ec, kid: 'same', x: 'B' }
    expect(serializeJwks([two, one])).toBe(serializeJwks([one, two]))
  })
})
