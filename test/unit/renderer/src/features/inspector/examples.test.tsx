import { compactDecrypt, compactVerify, flattenedVerify, generalVerify, importJWK } from 'jose'
import { describe, expect, it } from 'vitest'
import { exampleTokens } from '#renderer/features/inspector/examples'
import { decodeToken } from '#shared/token/decode'

/** The keys the RFCs publish for their examples (RFC 7515 §A.1–A.3, RFC 7516 §A.3). */
const rfcKeys = {
  hs256: { kty: 'oct', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow' },
  rs256: {
    kty: 'RSA',
    e: 'AQAB',
    n: 'ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ',
  },
  es256: {
    kty: 'EC',
    crv: 'P-256',
    x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
    y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  },
  a128kw: { kty: 'oct', k: 'GawgguFyGrWKav7AX4VKUg' },
}

const example = (id: string) => {
  const found = exampleTokens.find((e) => e.id === id)
  if (!found) throw new Error(`no example ${id}`)
  return found.token
}

describe('the example tokens', () => {
  it('each decode, in the form their label promises', () => {
    const forms = Object.fromEntries(exampleTokens.map((e) => [e.id, decodeToken(e.token).form]))
    expect(forms).toEqual({
      'rfc7519-jwt': 'jws-compact',
      'rfc7519-unsecured': 'unsecured-jwt',
      'rfc7516-jwe': 'jwe-compact',
      'rfc7515-json-general': 'jws-json-general',
      'rfc7515-json-flattened': 'jws-json-flattened',
    })
  })

  it('are the genuine RFC examples: the signatures verify with the RFC keys', async () => {
    await compactVerify(example('rfc7519-jwt'), await importJWK(rfcKeys.hs256, 'HS256'))
    const general = JSON.parse(example('rfc7515-json-general')) as Parameters<typeof generalVerify>[0]
    const rsa = await importJWK(rfcKeys.rs256, 'RS256')
    const ec = await importJWK(rfcKeys.es256, 'ES256')
    // generalVerify accepts the first signature the key verifies: check each key finds its own.
    expect((await generalVerify(general, rsa)).protectedHeader).toEqual({ alg: 'RS256' })
    expect((await generalVerify(general, ec)).protectedHeader).toEqual({ alg: 'ES256' })
    await flattenedVerify(JSON.parse(example('rfc7515-json-flattened')) as Parameters<typeof flattenedVerify>[0], ec)
  })

  it('the JWE decrypts with the RFC key', async () => {
    const { plaintext } = await compactDecrypt(example('rfc7516-jwe'), await importJWK(rfcKeys.a128kw, 'A128KW'))
    expect(new TextDecoder().decode(plaintext)).toBe('Live long and prosper.')
  })
})
