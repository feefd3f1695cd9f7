import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { SignetError } from '#shared/errors'
import { privateJwkMembers } from '#shared/key-material/jwk'
import { parseKeyText } from '#shared/key-material/parse-key'
import { toPem } from '#shared/key-material/pem'

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')

async function expectCode(text: string, code: string, message?: RegExp): Promise<void> {
  try {
    await parseKeyText(text)
  } catch (error) {
    expect(error).toBeInstanceOf(SignetError)
    expect((error as SignetError).code).toBe(code)
    if (message) expect((error as SignetError).message).toMatch(message)
    return
  }
  throw new Error(`expected ${code}`)
}

/** Nothing a description holds may be private: it is what the UI shows and --json prints. */
function expectNoPrivateMaterial(value: unknown): void {
  const json = JSON.stringify(value)
  for (const member of privateJwkMembers) expect(json).not.toMatch(new RegExp(`"${member}":`))
}

describe('parseKeyText — PEM', () => {
  const rsa = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  })
  const ec = generateKeyPairSync('ec', {
    namedCurve: 'P-384',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'sec1', format: 'pem' },
  })
  const ed = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  })

  it('reads a PKCS#1 RSA public key by wrapping it into SPKI', async () => {
    const parsed = await parseKeyText(rsa.publicKey, { name: 'rsa.pem' })
    const key = parsed.keys[0]!
    expect(parsed.format).toBe('pem')
    expect(key.description).toMatchObject({ origin: 'pem-pkcs1', kty: 'RSA', bits: 2048, fromPrivateKey: false })
    expect(key.description.label).toBe('rsa.pem (PKCS#1 RSA public key, RSA 2048)')
    expect(key.description.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('reads a PKCS#1 RSA private key and describes only its public half', async () => {
    const fromPrivate = (await parseKeyText(rsa.privateKey)).keys[0]!
    const fromPublic = (await parseKeyText(rsa.publicKey)).keys[0]!
    expect(fromPrivate.description.origin).toBe('pem-pkcs1-private')
    expect(fromPrivate.description.fromPrivateKey).toBe(true)
    expect(fromPrivate.jwk.d).toBeTypeOf('string')
    expect(fromPrivate.description.thumbprint).toBe(fromPublic.description.thumbprint)
    expectNoPrivateMaterial(fromPrivate.description)
  })

  it('reads a SEC1 EC private key, with or without a leading EC PARAMETERS block', async () => {
    const parsed = await parseKeyText(ec.privateKey)
    expect(parsed.keys[0]!.description).toMatchObject({
      origin: 'pem-sec1',
      kty: 'EC',
      crv: 'P-384',
      fromPrivateKey: true,
    })
    const spki = (await parseKeyText(ec.publicKey)).keys[0]!
    expect(parsed.keys[0]!.description.thumbprint).toBe(spki.description.thumbprint)
    // `openssl ecparam -genkey` output: the curve is named in a separate block first.
    const parameters = toPem('EC PARAMETERS', new Uint8Array([0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22]))
    const withParameters = await parseKeyText(parameters + ec.privateKey)
    expect(withParameters.keys).toHaveLength(1)
    expect(withParameters.notes[0]).toMatch(/EC PARAMETERS/)
  })

  it('reads Ed25519 SPKI and PKCS#8', async () => {
    expect((await parseKeyText(ed.publicKey)).keys[0]!.description).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      origin: 'pem-spki',
    })
    expect((await parseKeyText(ed.privateKey)).keys[0]!.description).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      origin: 'pem-pkcs8',
      fromPrivateKey: true,
    })
  })

  it('reads an X.509 certificate: its key, and who it names', async () => {
    const key = (await parseKeyText(fixture('leaf.pem'), { name: 'leaf.pem' })).keys[0]!
    expect(key.description.origin).toBe('x509')
    expect(key.description.certificate).toMatchObject({
      subject: 'O=Signet Test, CN=tokens.signet.test',
      issuer: 'O=Signet Test, CN=Signet Test Root CA',
      serialNumber: '10:92',
      isCa: false,
      publicKey: 'RSA 2048',
      signatureAlgorithm: 'ecdsa-with-SHA256',
    })
    expect(key.certificateDer).toBeInstanceOf(Uint8Array)
    expect((await parseKeyText(fixture('ca.pem'))).keys[0]!.description.certificate).toMatchObject({
      selfIssued: true,
      isCa: true,
    })
  })

  it('refuses encrypted keys with a way out, and damaged PEM with the reason', async () => {
    await expectCode(
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----',
      'ERR_KEY_UNSUPPORTED',
      /openssl pkey/,
    )
    await expectCode(
      '-----BEGIN PUBLIC KEY-----\nnot base64!\n-----END PUBLIC KEY-----',
      'ERR_KEY_INVALID',
      /not valid base64/,
    )
    await expectCode(
      '-----BEGIN PUBLIC KEY-----\nMAMCAQA=\n-----END PUBLIC KEY-----',
      'ERR_KEY_INVALID',
      /does not parse/,
    )
    await expectCode(
      '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PRIVATE KEY-----',
      'ERR_KEY_INVALID',
      /ends with "END PRIVATE KEY"/,
    )
    await expectCode(
      '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----',
      'ERR_KEY_INVALID',
      /holds no key/,
    )
  })

  // Found by the fuzz suite (seed 1674178205): asn1js throws a plain Error on an empty GeneralizedTime
  // (`18 00`, base64 GAA=) or UTCTime (`17 00`, FwA=) instead of reporting it; every BER read is guarded.
  it.each([
    ['RSA PUBLIC KEY', 'GAA='],
    ['RSA PUBLIC KEY', 'FwA='],
    ['RSA PRIVATE KEY', 'GAA='],
    ['PUBLIC KEY', 'GAA='],
    ['PRIVATE KEY', 'GAA='],
    ['EC PRIVATE KEY', 'GAA='],
    ['CERTIFICATE', 'GAA='],
  ])('refuses BEGIN %s holding %s (an empty ASN.1 time) as damaged, not with a crash', async (label, body) => {
    await expectCode(`-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`, 'ERR_KEY_INVALID', /does not parse/)
  })

  it('an EC PARAMETERS block holding an empty ASN.1 time names no curve: the key after it says so', async () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const sec1 = pair.privateKey.export({ type: 'sec1', format: 'pem' }).toString()
    const text = `-----BEGIN EC PARAMETERS-----\nGAA=\n-----END EC PARAMETERS-----\n${sec1}`
    const parsed = await parseKeyText(text)
    expect(parsed.keys).toHaveLength(1)
  })

  it('refuses a secp256k1 key as unsupported, saying why', async () => {
    const k1 = generateKeyPairSync('ec', {
      namedCurve: 'secp256k1',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    })
    await expectCode(k1.publicKey, 'ERR_KEY_UNSUPPORTED', /secp256k1/)
  })
})

describe('parseKeyText — JWK and JWKS', () => {
  const ecJwk = {
    kty: 'EC',
    crv: 'P-256',
    x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
    y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    kid: 'a',
  }

  it('describes a JWK', async () => {
    const parsed = await parseKeyText(JSON.stringify(ecJwk))
    expect(parsed.format).toBe('jwk')
    expect(parsed.keys[0]!.description).toMatchObject({
      label: 'pasted JWK kid=a (EC P-256)',
      kty: 'EC',
      crv: 'P-256',
      kid: 'a',
      fromPrivateKey: false,
    })
  })

  it('never puts a secret into a description', async () => {
    const parsed = await parseKeyText(
      JSON.stringify({
        kty: 'oct',
        k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
      }),
    )
    const description = parsed.keys[0]!.description
    expect(description).toMatchObject({ kty: 'oct', bits: 512 })
    expect(description.thumbprint).toBeUndefined()
    expect(description.publicJwk).toBeUndefined()
    expectNoPrivateMaterial(description)
  })

  it('says which member of which key is wrong', async () => {
    await expectCode(
      JSON.stringify({ keys: [ecJwk, { kty: 'RSA', e: 'AQAB' }] }),
      'ERR_KEY_INVALID',
      /Key 2 of the JWK Set \(kty "RSA"\) needs "n"/,
    )
    await expectCode(
      JSON.stringify({ ...ecJwk, x: 'AAAA' }),
      'ERR_KEY_INVALID',
      /"x" of the JWK is 3 bytes; curve P-256 needs exactly 32/,
    )
    await expectCode(JSON.stringify({ ...ecJwk, key_ops: ['verify', 'verify'] }), 'ERR_KEY_INVALID', /key_ops/)
    await expectCode('{"kty":"EC","kty":"RSA"}', 'ERR_KEY_INVALID', /"kty" twice/)
    await expectCode('{"kty": "EC",', 'ERR_KEY_INVALID', /not valid JSON/)
    await expectCode('just text', 'ERR_KEY_INVALID', /--secret/)
  })

  it('skips keys of a published set it cannot use, and says so', async () => {
    const parsed = await parseKeyText(JSON.stringify({ keys: [{ kty: 'OKP', crv: 'X448', x: 'AAAA' }, ecJwk] }))
    expect(parsed.keys).toHaveLength(1)
    expect(parsed.notes[0]).toMatch(/key 1 of the JWK Set was skipped: .*X448/)
  })

  it('refuses ambiguous sets: mixed secret and public keys, mixed private and public', async () => {
    const secret = {
      kty: 'oct',
      k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow',
      kid: 's',
    }
    await expectCode(JSON.stringify({ keys: [secret, ecJwk] }), 'ERR_KEY_SET_AMBIGUOUS', /mixes 1 secret/)
    const privateEc = { ...ecJwk, kid: 'p', d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI' }
    await expectCode(JSON.stringify({ keys: [privateEc, ecJwk] }), 'ERR_KEY_SET_AMBIGUOUS', /private key/)
    // A shared kid is a SHOULD (RFC 7517 §4.5): the set is read, the keys are told apart, and a note says so.
    const duplicate = await parseKeyText(JSON.stringify({ keys: [ecJwk, { ...ecJwk }] }))
    expect(duplicate.keys.map((k) => k.description.label)).toEqual([
      expect.stringContaining('key 1 kid=a'),
      expect.stringContaining('key 2 kid=a'),
    ])
    expect(duplicate.notes.join(' ')).toMatch(/Keys 1, 2 of the JWK Set share kid "a"/)
    // Same kid for a signing key and an encryption key is a common, unambiguous pattern.
    const parsed = await parseKeyText(
      JSON.stringify({
        keys: [
          { ...ecJwk, use: 'sig' },
          { ...ecJwk, use: 'enc' },
        ],
      }),
    )
    expect(parsed.keys).toHaveLength(2)
    expect(parsed.notes).toEqual([])
  })
})
