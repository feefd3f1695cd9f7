import { publicEncrypt, constants, generateKeyPairSync, createPublicKey } from 'node:crypto'
import { CompactEncrypt, exportJWK, generateKeyPair, SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import { encodeBase64url } from '#shared/encoding/base64url'
import { decryptToken, maxPbes2Count } from '#shared/token/decrypt'
import { inspectToken } from '#shared/token/inspect'

const text = (value: string) => new TextEncoder().encode(value)
const now = 1_900_000_000

describe('decryptToken', () => {
  it('decrypts RSA-OAEP-256 with a PEM private key and reports the key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    })
    const jwe = await new CompactEncrypt(text('hello'))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(createPublicKey(publicKey))
    const result = await decryptToken(jwe, { keys: await parseKeyText(privateKey, { name: 'enc.pem' }) })
    expect(result.status).toBe('decrypted')
    expect(result.text).toBe('hello')
    expect(result.key?.label).toBe('enc.pem (PKCS#8 private key, RSA 2048)')
    expect(result.checks.map((c) => c.id)).toEqual(['encoding', 'crit', 'jwe-alg', 'key-select', 'key-use', 'decrypt'])
  })

  it('says a public key cannot decrypt', async () => {
    const { publicKey } = await generateKeyPair('ECDH-ES', { extractable: true })
    const jwe = await new CompactEncrypt(text('x'))
      .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM' })
      .encrypt(publicKey)
    const result = await decryptToken(jwe, { keys: await parseKeyText(JSON.stringify(await exportJWK(publicKey))) })
    expect(result.status).toBe('failed')
    expect(result.reason).toMatch(/it is a public key; decryption needs the private key/)
  })

  it('decrypts PBES2 with a password, and caps p2c', async () => {
    const ok = await new CompactEncrypt(text('pw'))
      .setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' })
      .setKeyManagementParameters({ p2c: 4096 })
      .encrypt(text('hunter2'))
    expect((await decryptToken(ok, { password: 'hunter2' })).text).toBe('pw')
    expect((await decryptToken(ok, { password: 'wrong' })).status).toBe('failed')
    const heavy = await new CompactEncrypt(text('pw'))
      .setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' })
      .setKeyManagementParameters({ p2c: maxPbes2Count + 1 })
      .encrypt(text('hunter2'))
    const started = performance.now()
    const refused = await decryptToken(heavy, { password: 'hunter2' })
    expect(refused.status).toBe('failed')
    expect(refused.reason).toMatch(/p2c is 1,000,001, above Signet's limit/)
    // Refused from the header, before any PBKDF2 work: 1,000,001 iterations would take seconds.
    expect(performance.now() - started).toBeLessThan(3000)
  })

  it('refuses RSA1_5 unless asked, and flags it when asked', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const cek = crypto.getRandomValues(new Uint8Array(16))
    const header = encodeBase64url(text(JSON.stringify({ alg: 'RSA1_5', enc: 'A128GCM' })))
    const iv = crypto.getRandomValues(new Uint8Array(12))
    const key = await crypto.subtle.importKey('raw', cek, 'AES-GCM', false, ['encrypt'])
    const sealed = new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: text(header) }, key, text('legacy')),
    )
    // Node refuses PKCS#1 v1.5 *decryption* (CVE-2023-46809) but still encrypts with it, which is all a test sender needs.
    const encryptedKey = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, cek)
    const jwe = [
      header,
      encodeBase64url(encryptedKey),
      encodeBase64url(iv),
      encodeBase64url(sealed.slice(0, -16)),
      encodeBase64url(sealed.slice(-16)),
    ].join('.')
    const keys = await parseKeyText(JSON.stringify(privateKey.export({ format: 'jwk' })))
    const refused = await decryptToken(jwe, { keys })
    expect(refused.status).toBe('failed')
    expect(refused.reason).toMatch(/RSA1_5 \(PKCS#1 v1\.5\) is refused/)
    const allowed = await decryptToken(jwe, { keys }, { allowRsa1_5: true })
    expect(allowed.text).toBe('legacy')
    expect(allowed.flags).toEqual(['rsa1_5'])
    expect(allowed.checks.find((c) => c.id === 'jwe-alg')?.status).toBe('warn')
    // A damaged encrypted key fails like a wrong key: one error for every kind of damage.
    const damaged = jwe.replace(/\.(.)/, (_, c: string) => `.${c === 'A' ? 'B' : 'A'}`)
    expect((await decryptToken(damaged, { keys }, { allowRsa1_5: true })).reason).toMatch(
      /wrong key, or the token was altered/,
    )
  })

  it('is a usage error to decrypt a JWS or to give no key', async () => {
    const jws = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(text('x'.repeat(32)))
    await expect(decryptToken(jws, { password: 'x' })).rejects.toMatchObject({ code: 'ERR_JWE_NOT_ENCRYPTED' })
    const jwe = await new CompactEncrypt(text('x'))
      .setProtectedHeader({ alg: 'dir', enc: 'A128GCM' })
      .encrypt(new Uint8Array(16))
    await expect(decryptToken(jwe, {})).rejects.toBeInstanceOf(SignetError)
  })
})

describe('inspectToken — nested tokens as layers', () => {
  it('decrypts the outer JWE, then verifies and validates the inner JWS', async () => {
    const signing = await generateKeyPair('EdDSA', { extractable: true })
    const encryption = await generateKeyPair('ECDH-ES+A256KW', { extractable: true })
    const inner = await new SignJWT({ sub: 'nested' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setExpirationTime(now + 60)
      .sign(signing.privateKey)
    const outer = await new CompactEncrypt(text(inner))
      .setProtectedHeader({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', cty: 'JWT' })
      .encrypt(encryption.publicKey)
    const inspection = await inspectToken(outer, {
      decryption: { keys: await parseKeyText(JSON.stringify(await exportJWK(encryption.privateKey))) },
      verificationKeys: keySourceFromParsed(await parseKeyText(JSON.stringify(await exportJWK(signing.publicKey)))),
      at: now,
    })
    expect(inspection.layers.map((l) => l.kind)).toEqual(['jwe', 'jws'])
    expect(inspection.claims).toMatchObject({ sub: 'nested' })
    expect(inspection.trace.verdict).toBe('valid')
    expect(inspection.trace.checks.filter((c) => c.id === 'encoding')).toHaveLength(2)
    const expired = await inspectToken(outer, {
      decryption: { keys: await parseKeyText(JSON.stringify(await exportJWK(encryption.privateKey))) },
      verificationKeys: keySourceFromParsed(await parseKeyText(JSON.stringify(await exportJWK(signing.publicKey)))),
      at: now + 3600,
    })
    expect(expired.trace.verdict).toBe('invalid')
  })

  it('calls an unsigned encrypted JWT "unverified" when anyone could have encrypted it', async () => {
    const encryption = await generateKeyPair('RSA-OAEP', { extractable: true })
    const jwe = await new CompactEncrypt(text(JSON.stringify({ sub: 'x', exp: now + 60 })))
      .setProtectedHeader({ alg: 'RSA-OAEP', enc: 'A128GCM' })
      .encrypt(encryption.publicKey)
    const inspection = await inspectToken(jwe, {
      decryption: { keys: await parseKeyText(JSON.stringify(await exportJWK(encryption.privateKey))) },
      at: now,
    })
    expect(inspection.layers).toHaveLength(1)
    expect(inspection.claims).toMatchObject({ sub: 'x' })
    expect(inspection.trace.verdict).toBe('unverified')
    expect(inspection.trace.reason).toMatch(/not signed/)
  })
})
