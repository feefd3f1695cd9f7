import { compactVerify, decodeProtectedHeader, exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose'
import { describe, expect, it } from 'vitest'
import { signLocally } from '#renderer/features/inspector/resign/sign-locally'

const claims = JSON.stringify({ sub: 'alice', admin: true })
const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as unknown

describe('signLocally', () => {
  it('signs with a pasted HMAC secret, read as the key panel reads it', async () => {
    const secret = 'a-very-long-shared-secret-of-at-least-32-bytes!'
    const token = await signLocally(
      { header: '{"alg":"HS256","typ":"JWT","kid":"k1"}', claims },
      { kind: 'pasted', text: secret },
    )
    const { payload, protectedHeader } = await compactVerify(token, new TextEncoder().encode(secret))
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT', kid: 'k1' })
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual({ sub: 'alice', admin: true })
  })

  it('signs with a PKCS#8 PEM and with a private JWK', async () => {
    const pair = await generateKeyPair('ES256', { extractable: true })
    const pem = await exportPKCS8(pair.privateKey)
    const fromPem = await signLocally({ header: '{"alg":"ES256"}', claims }, { kind: 'pasted', text: pem })
    await expect(compactVerify(fromPem, pair.publicKey)).resolves.toBeTruthy()
    const jwk = JSON.stringify(await exportJWK(pair.privateKey))
    const fromJwk = await signLocally({ header: '{"alg":"ES256"}', claims }, { kind: 'pasted', text: jwk })
    await expect(compactVerify(fromJwk, pair.publicKey)).resolves.toBeTruthy()
  })

  it('never quotes a broken private JWK in its error', async () => {
    const broken = '{"kty":"EC","crv":"P-256","d":"c2VjcmV0LXByaXZhdGUtc2NhbGFy" "x":"AA"}'
    const error = (await signLocally({ header: '{"alg":"ES256"}', claims }, { kind: 'pasted', text: broken }).then(
      () => null,
      (e: unknown) => e,
    )) as Error
    expect(error).toBeInstanceOf(Error)
    expect(error.message).toMatch(/not valid JSON \(unexpected string at line 1, column \d+\); its text is not shown/)
    expect(error.message).not.toMatch(/c2Vj|kty/)
  })

  it('makes an unsecured token only when asked, with alg none and an empty signature', async () => {
    const token = await signLocally({ header: '{"alg":"HS256","typ":"JWT"}', claims }, { kind: 'unsecured' })
    expect(token.endsWith('.')).toBe(true)
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'none', typ: 'JWT' })
    expect(payloadOf(token)).toEqual({ sub: 'alice', admin: true })
    await expect(
      signLocally({ header: '{"alg":"none"}', claims }, { kind: 'pasted', text: 'secret' }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_HEADER_INVALID', message: expect.stringContaining('Unsecured') })
  })

  it('says what is wrong with the header, the claims or the key', async () => {
    await expect(signLocally({ header: '{"alg":', claims }, { kind: 'pasted', text: 's' })).rejects.toMatchObject({
      code: 'ERR_SIGN_HEADER_INVALID',
    })
    await expect(signLocally({ header: '{"alg":"XS1"}', claims }, { kind: 'pasted', text: 's' })).rejects.toMatchObject(
      { code: 'ERR_SIGN_HEADER_INVALID', message: expect.stringContaining('"XS1"') },
    )
    await expect(
      signLocally({ header: '{"alg":"HS256"}', claims: '[1]' }, { kind: 'pasted', text: 's' }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_CLAIMS_INVALID', message: expect.stringContaining('an array') })
    await expect(
      signLocally({ header: '{"alg":"RS256"}', claims }, { kind: 'pasted', text: 'just a secret' }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_KEY_UNSUITABLE', message: expect.stringContaining('private RSA key') })
    const pair = await generateKeyPair('ES256', { extractable: true })
    await expect(
      signLocally({ header: '{"alg":"ES256"}', claims }, { kind: 'pasted', text: await exportSPKI(pair.publicKey) }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_KEY_UNSUITABLE', message: expect.stringContaining('not a private key') })
    await expect(
      signLocally(
        { header: '{"alg":"ES256"}', claims },
        { kind: 'pasted', text: JSON.stringify(await exportJWK(pair.publicKey)) },
      ),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_KEY_UNSUITABLE', message: expect.stringContaining('public key') })
    await expect(
      signLocally(
        { header: '{"alg":"RS256"}', claims },
        { kind: 'pasted', text: JSON.stringify(await exportJWK(pair.privateKey)) },
      ),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_KEY_UNSUITABLE', message: expect.stringContaining('RSA') })
    await expect(
      signLocally({ header: '{"alg":"HS256"}', claims }, { kind: 'pasted', text: 'x'.repeat(1024 * 1024 + 1) }),
    ).rejects.toMatchObject({ code: 'ERR_SIGN_KEY_UNSUITABLE', message: expect.stringContaining('at most') })
  })
})
