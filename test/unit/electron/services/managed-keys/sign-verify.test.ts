import { generateKeyPairSync } from 'node:crypto'
import { compactDecrypt, decodeJwt, decodeProtectedHeader, importJWK, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { memoryKeychain } from '../../../../support/memory-keychain'
import { keyTestContext } from '../../../../support/key-context'

async function prodWithKey(
  alg: 'ES256' | 'HS256' | 'EdDSA' = 'ES256',
  policy: { maxTokenLifetime?: string; jwksCacheTime?: string } = {},
) {
  const keychain = memoryKeychain()
  const t = keyTestContext({ keychain })
  await t.call('sets:create', {
    name: 'prod',
    issuer: 'https://auth.example.com',
    defaultTokenLifetime: '15m',
    maxTokenLifetime: policy.maxTokenLifetime ?? '1h',
    ...(policy.jwksCacheTime ? { jwksCacheTime: policy.jwksCacheTime } : {}),
  })
  const { key } = await t.call('keys:generate', { set: 'prod', alg, activate: true })
  return { t, key, keychain }
}

describe('sign:token', () => {
  it('fills in iss, iat, exp, jti, kid and typ, and the token verifies with the published key', async () => {
    const { t, key } = await prodWithKey()
    const now = Math.floor(t.clock.now().getTime() / 1000)
    const signed = await t.call('sign:token', { set: 'prod', claims: { sub: 'alice', aud: 'api', scope: ['read'] } })
    expect(signed.header).toEqual({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    expect(signed.claims).toMatchObject({
      iss: 'https://auth.example.com',
      sub: 'alice',
      aud: 'api',
      iat: now,
      exp: now + 900,
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    })
    expect(signed.warnings).toEqual([])
    const verified = await jwtVerify(signed.token, await importJWK(key.publicJwk!, 'ES256'), {
      currentDate: t.clock.now(),
      issuer: 'https://auth.example.com',
      audience: 'api',
    })
    expect(verified.protectedHeader).toEqual(signed.header)
    expect(verified.payload).toEqual(signed.claims)
  })

  it('takes the lifetime, nbf, typ and cty it is given', async () => {
    const { t } = await prodWithKey()
    const now = Math.floor(t.clock.now().getTime() / 1000)
    const signed = await t.call('sign:token', {
      set: 'prod',
      claims: {},
      expiresIn: '30m',
      notBefore: '1m',
      typ: 'at+jwt',
      cty: 'json',
      jti: false,
    })
    expect(signed.claims).toEqual({ iss: 'https://auth.example.com', iat: now, nbf: now + 60, exp: now + 1800 })
    expect(decodeProtectedHeader(signed.token)).toMatchObject({ typ: 'at+jwt', cty: 'json' })
    const bare = await t.call('sign:token', { set: 'prod', claims: {}, typ: null })
    expect(decodeProtectedHeader(bare.token)).not.toHaveProperty('typ')
  })

  it("never signs beyond the set's maximum token lifetime", async () => {
    const { t } = await prodWithKey('ES256', { maxTokenLifetime: '1h' })
    const now = Math.floor(t.clock.now().getTime() / 1000)
    expect(await t.failure('sign:token', { set: 'prod', claims: {}, expiresIn: '2h' })).toMatchObject({
      code: 'ERR_SIGN_LIFETIME_EXCEEDED',
      message: expect.stringContaining('2h'),
    })
    expect((await t.failure('sign:token', { set: 'prod', claims: { exp: now + 3601 } })).code).toBe(
      'ERR_SIGN_LIFETIME_EXCEEDED',
    )
    expect((await t.call('sign:token', { set: 'prod', claims: { exp: now + 3600 } })).claims.exp).toBe(now + 3600)
  })

  it('refuses claims that contradict the set or themselves', async () => {
    const { t } = await prodWithKey()
    const now = Math.floor(t.clock.now().getTime() / 1000)
    const cases: [Record<string, unknown>, Record<string, unknown>, RegExp][] = [
      [{ iss: 'https://evil.example' }, {}, /issues as "https:\/\/auth.example.com"/],
      [{ exp: 'tomorrow' }, {}, /NumericDate/],
      [{ exp: now - 1 }, {}, /not in the future/],
      [{ exp: now + 60 }, { expiresIn: '5m' }, /not both/],
      [{ nbf: now + 2000, exp: now + 1000 }, {}, /never be valid/],
      [{ aud: [1] }, {}, /"aud"/],
      [{ sub: 42 }, {}, /"sub" must be a string/],
    ]
    for (const [claims, extra, message] of cases) {
      expect(await t.failure('sign:token', { set: 'prod', claims, ...extra })).toMatchObject({
        code: 'ERR_SIGN_CLAIMS_INVALID',
        message: expect.stringMatching(message),
      })
    }
  })

  it('signs with another key of the set only with a visible warning, and remembers how long its token lives', async () => {
    const { t } = await prodWithKey('ES256', { jwksCacheTime: '15m' })
    const { key: staged } = await t.call('keys:generate', { set: 'prod', alg: 'ES256' })
    const signed = await t.call('sign:token', { set: 'prod', kid: staged.kid, claims: {} })
    expect(signed.kid).toBe(staged.kid)
    expect(signed.warnings).toEqual([
      expect.objectContaining({
        code: 'WARN_NOT_ACTIVE_KEY',
        message: expect.stringContaining('not yet the signing key'),
      }),
    ])
    const listed = (await t.call('keys:list', { set: 'prod' })).keys.find((k) => k.kid === staged.kid)
    expect(listed!.signedUntil).toBe(new Date((signed.claims.exp as number) * 1000).toISOString())
    // A staged key that signed cannot be withdrawn while that token can be valid.
    expect((await t.failure('keys:unpublish', { kid: staged.kid })).code).toBe('ERR_LIFECYCLE_TOO_EARLY')
  })

  it('refuses compromised and destroyed keys, keys of other sets, and a set without an active key', async () => {
    const { t, key } = await prodWithKey()
    await t.call('sets:create', { name: 'other' })
    const { key: foreign } = await t.call('keys:generate', { set: 'other', alg: 'ES256' })
    expect((await t.failure('sign:token', { set: 'prod', kid: foreign.kid, claims: {} })).code).toBe(
      'ERR_KEY_NOT_FOUND',
    )
    expect((await t.failure('sign:token', { set: 'other', claims: {} })).code).toBe('ERR_SET_NO_ACTIVE_KEY')
    await t.call('keys:compromise', { kid: key.kid })
    expect((await t.failure('sign:token', { set: 'prod', kid: key.kid, claims: {} })).code).toBe('ERR_KEY_COMPROMISED')
    await t.call('keys:destroy', { kid: key.kid })
    expect((await t.failure('sign:token', { set: 'prod', kid: key.kid, claims: {} })).code).toBe('ERR_KEY_DESTROYED')
  })

  it('refuses to sign when the keychain entry no longer holds the recorded key', async () => {
    const { t, key, keychain } = await prodWithKey()
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })
    keychain.entries.set(key.id, JSON.stringify(other))
    expect((await t.failure('sign:token', { set: 'prod', claims: {} })).code).toBe('ERR_KEY_CUSTODY_MISMATCH')
    keychain.entries.delete(key.id)
    expect((await t.failure('sign:token', { set: 'prod', claims: {} })).code).toBe('ERR_KEY_SECRET_MISSING')
  })

  it('wraps the signed token in a JWE for a recipient public key', async () => {
    const { t, key } = await prodWithKey('EdDSA')
    const recipients = [
      ['rsa', generateKeyPairSync('rsa', { modulusLength: 2048 })],
      ['ec', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
      ['x25519', generateKeyPairSync('x25519')],
    ] as const
    for (const [type, recipient] of recipients) {
      const publicJwk = { ...recipient.publicKey.export({ format: 'jwk' }), kid: 'recipient-1' }
      const signed = await t.call('sign:token', { set: 'prod', claims: { sub: 'bob' }, encryptTo: { jwk: publicJwk } })
      expect(signed.encrypted).toEqual({ alg: type === 'rsa' ? 'RSA-OAEP-256' : 'ECDH-ES+A256KW', enc: 'A256GCM' })
      expect(decodeProtectedHeader(signed.token)).toMatchObject({ cty: 'JWT', kid: 'recipient-1' })
      const { plaintext } = await compactDecrypt(signed.token, recipient.privateKey)
      const inner = new TextDecoder().decode(plaintext)
      expect(decodeProtectedHeader(inner)).toMatchObject({ kid: key.kid, alg: 'EdDSA' })
      expect(decodeJwt(inner).sub).toBe('bob')
    }
  })

  it('refuses a recipient key that is private or cannot encrypt', async () => {
    const { t } = await prodWithKey()
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    expect(
      (
        await t.failure('sign:token', {
          set: 'prod',
          claims: {},
          encryptTo: { jwk: ec.privateKey.export({ format: 'jwk' }) },
        })
      ).code,
    ).toBe('ERR_SIGN_RECIPIENT_KEY')
    const ed = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' })
    expect((await t.failure('sign:token', { set: 'prod', claims: {}, encryptTo: { jwk: ed } })).message).toMatch(
      /Cannot encrypt to a OKP Ed25519 key/,
    )
    expect(
      (
        await t.failure('sign:token', {
          set: 'prod',
          claims: {},
          encryptTo: { jwk: ec.publicKey.export({ format: 'jwk' }), alg: 'RSA-OAEP-256' },
        })
      ).code,
    ).toBe('ERR_SIGN_RECIPIENT_KEY')
  })
})

describe('keys:verify-token', () => {
  it('verifies signature, issuer and time against the managed key, HS keys included', async () => {
    for (const alg of ['ES256', 'HS256'] as const) {
      const { t, key } = await prodWithKey(alg)
      const { token } = await t.call('sign:token', { set: 'prod', claims: { sub: 'alice' } })
      expect(await t.call('keys:verify-token', { token })).toMatchObject({
        valid: true,
        signatureValid: true,
        kid: key.kid,
        alg,
        set: 'prod',
        keyState: 'active',
        claims: { sub: 'alice' },
        problems: [],
      })
      t.clock.advance(900 + 61)
      expect(await t.call('keys:verify-token', { token })).toMatchObject({
        valid: false,
        signatureValid: true,
        problems: [{ code: 'TOKEN_EXPIRED' }],
      })
    }
  })

  it('tokens of a retired key verify while it is published; compromised keys fail them', async () => {
    const { t, key } = await prodWithKey()
    const { token } = await t.call('sign:token', { set: 'prod', claims: {} })
    await t.call('keys:rotate', { set: 'prod', immediately: true })
    expect(await t.call('keys:verify-token', { token })).toMatchObject({ valid: true, keyState: 'retired' })
    await t.call('keys:compromise', { kid: key.kid })
    expect(await t.call('keys:verify-token', { token })).toMatchObject({
      valid: false,
      signatureValid: true,
      problems: [{ code: 'KEY_COMPROMISED' }],
    })
  })

  it('reports altered tokens, unknown kids, alg none and JWEs', async () => {
    const { t } = await prodWithKey()
    const { token } = await t.call('sign:token', { set: 'prod', claims: { admin: false } })
    const [h, , s] = token.split('.')
    const forged = `${h}.${Buffer.from(JSON.stringify({ admin: true })).toString('base64url')}.${s}`
    expect(await t.call('keys:verify-token', { token: forged })).toMatchObject({
      valid: false,
      signatureValid: false,
      problems: [{ code: 'SIGNATURE_INVALID' }],
    })
    const unknown = `${Buffer.from(JSON.stringify({ alg: 'ES256', kid: 'nobody' })).toString('base64url')}.e30.${s}`
    expect((await t.call('keys:verify-token', { token: unknown })).problems).toEqual([
      expect.objectContaining({ code: 'KEY_UNKNOWN' }),
    ])
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.e30.`
    expect((await t.call('keys:verify-token', { token: none })).problems[0]!.code).toBe('ALG_NONE')
    expect((await t.failure('keys:verify-token', { token: 'not a token' })).code).toMatch(/^ERR_TOKEN_/)
    const recipient = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' })
    const { token: jwe } = await t.call('sign:token', { set: 'prod', claims: {}, encryptTo: { jwk: recipient } })
    expect((await t.call('keys:verify-token', { token: jwe })).problems[0]!.code).toBe('TOKEN_FORM')
  })

  it('refuses an algorithm swap (a token claiming HS256 under an ES256 kid)', async () => {
    const { t, key } = await prodWithKey()
    const { token } = await t.call('sign:token', { set: 'prod', claims: {} })
    const [, p, s] = token.split('.')
    const swapped = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: key.kid })).toString('base64url')}.${p}.${s}`
    expect(await t.call('keys:verify-token', { token: swapped })).toMatchObject({
      valid: false,
      signatureValid: false,
      problems: [{ code: 'ALG_MISMATCH' }],
    })
  })
})
