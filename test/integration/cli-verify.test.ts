import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CompactEncrypt,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importPKCS8,
  SignJWT,
  type CryptoKey,
  type JWK,
} from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'

/** `signet verify | decrypt | thumbprint` as a pipeline runs them: the real CLI, real files, exit codes. */

const fixtures = new URL('../unit/shared/key-material/fixtures/', import.meta.url)
const fixture = (name: string) => readFileSync(new URL(name, fixtures), 'utf8')
const der = (pem: string) => pem.replace(/-----[^-]+-----/g, '').replace(/\s/g, '')
const now = Math.floor(Date.now() / 1000)

let dir: string
const file = (name: string, content: string) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

let ec: { publicKey: CryptoKey; privateKey: CryptoKey }
let ecJwk: JWK
let token: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-cli-verify-'))
  ec = await generateKeyPair('ES256', { extractable: true })
  ecJwk = { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', use: 'sig' }
  file('ec.jwk', JSON.stringify(ecJwk))
  token = await new SignJWT({ sub: 'alice', aud: 'api' })
    .setProtectedHeader({ alg: 'ES256', kid: 'ec-1', typ: 'JWT' })
    .setIssuer('https://issuer.example')
    .setIssuedAt(now - 60)
    .setExpirationTime(now + 600)
    .sign(ec.privateKey)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet verify', () => {
  it('exits 0 for a valid token and prints the trace with the verdict last', async () => {
    const result = await runCli([
      'verify',
      token,
      '--key',
      join(dir, 'ec.jwk'),
      '--iss',
      'https://issuer.example',
      '--aud',
      'api',
    ])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe('JWS · compact  ES256  kid=ec-1')
    expect(result.stdout).toMatch(/✓ Signature +The ES256 signature verifies with ec\.jwk kid=ec-1 \(EC P-256\)\./)
    expect(result.stdout).toMatch(/✓ Issuer \(iss\) +Issued by "https:\/\/issuer\.example"/)
    expect(lines.at(-1)).toMatch(/^VALID {2}Signature verified with ec\.jwk kid=ec-1/)
  })

  it('exits 1 when rejected, and the trace says why', async () => {
    const expired = await runCli(['verify', token, '--key', join(dir, 'ec.jwk'), '--at', String(now + 3600)])
    expect(expired.code).toBe(1)
    expect(expired.stdout).toMatch(/✗ Expiry \(exp\) +Expired 50 minutes ago/)
    expect(expired.stdout.trimEnd().split('\n').at(-1)).toMatch(/^INVALID {2}Expiry \(exp\)/)

    const audience = await runCli([
      'verify',
      token,
      '--key',
      join(dir, 'ec.jwk'),
      '--aud',
      'billing',
      '--aud',
      'reports',
    ])
    expect(audience.code).toBe(1)
    expect(audience.stdout).toContain('none of which is an accepted audience ("billing", "reports")')

    const other = file(
      'other.jwk',
      JSON.stringify({
        ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)),
        kid: 'ec-1',
      }),
    )
    const wrongKey = await runCli(['verify', token, '--key', other])
    expect(wrongKey.code).toBe(1)
    expect(wrongKey.stdout).toMatch(/✗ Signature +The signature does not match/)
  })

  it('exits 2 for usage errors and unreadable input, with one line on stderr', async () => {
    const badPolicy = file('bad-policy.json', '{"audiance": ["api"]}')
    const cases: [string[], RegExp][] = [
      [['verify', token], /^signet: ERR_USAGE: No key given/],
      [
        ['verify', token, '--key', join(dir, 'ec.jwk'), '--secret', 'x'],
        /^signet: ERR_USAGE: Give exactly one key option, not --key and --secret/,
      ],
      [
        ['verify', token, '--key', join(dir, 'missing.jwk')],
        /^signet: ERR_FILE_UNREADABLE: Cannot read the key file ".*missing\.jwk": no such file/,
      ],
      [['verify', 'not.a-token', '--key', join(dir, 'ec.jwk')], /^signet: ERR_TOKEN_SEGMENT_COUNT/],
      [['verify', token, '--key', join(dir, 'ec.jwk'), '--at', 'yesterday'], /^signet: ERR_TIME_INVALID/],
      [
        ['verify', token, '--key', join(dir, 'ec.jwk'), '--policy', badPolicy],
        /^signet: ERR_POLICY_INVALID: .*unknown field "audiance"/,
      ],
      [['verify', token, '--key', badPolicy], /^signet: ERR_KEY_INVALID: .*no "kty"/],
    ]
    for (const [args, stderr] of cases) {
      const result = await runCli(args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stdout).toBe('')
      expect(result.stderr).toMatch(stderr)
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
    }
  })

  it('prints {verdict, checks, header, claims, key} with --json, and nothing secret', async () => {
    const secret = 'a shared HMAC secret of more than thirty-two bytes'
    const hs = await new SignJWT({ sub: 'bob' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(now + 60)
      .sign(new TextEncoder().encode(secret))
    const result = await runCli(['verify', '-', '--secret-file', file('secret.txt', `${secret}\n`), '--json'], {
      input: hs,
    })
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(Object.keys(report)).toEqual([
      'schemaVersion',
      'verdict',
      'reason',
      'checks',
      'header',
      'claims',
      'key',
      'at',
    ])
    expect(report.verdict).toBe('valid')
    expect(report.header).toEqual({ alg: 'HS256' })
    expect(report.claims.sub).toBe('bob')
    expect(report.key).toMatchObject({ origin: 'secret', kty: 'oct', secretEncoding: 'utf8', bits: 8 * secret.length })
    expect(report.checks.find((c: { id: string }) => c.id === 'signature').status).toBe('pass')
    expect(result.stdout).not.toContain(secret)
    expect(result.stdout).not.toContain(Buffer.from(secret).toString('base64url'))
    expect(result.stdout).not.toMatch(/"k":/)
  })

  it('reads a policy file, and lets flags override its fields', async () => {
    const policy = file(
      'policy.json',
      JSON.stringify({
        name: 'prod',
        issuer: ['https://issuer.example'],
        audience: ['billing'],
        maxTokenAge: 30,
        clockSkew: 0,
      }),
    )
    const strict = await runCli(['verify', token, '--key', join(dir, 'ec.jwk'), '--policy', policy, '--json'])
    expect(strict.code).toBe(1)
    const failed = JSON.parse(strict.stdout)
      .checks.filter((c: { status: string }) => c.status === 'fail')
      .map((c: { id: string }) => c.id)
    expect(failed).toEqual(['max-age', 'aud'])
    const relaxed = await runCli([
      'verify',
      token,
      '--key',
      join(dir, 'ec.jwk'),
      '--policy',
      policy,
      '--aud',
      'api',
      '--at',
      String(now - 40),
    ])
    expect(relaxed.code).toBe(0)
  })

  it('with --jwks and no kid in the token, names the key that verified', async () => {
    const other = {
      ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)),
      kid: 'ec-0',
    }
    const rsa = {
      ...(await exportJWK((await generateKeyPair('RS256', { extractable: true })).publicKey)),
      kid: 'rsa-1',
    }
    const jwks = file('jwks.json', JSON.stringify({ keys: [rsa, other, ecJwk] }))
    const noKid = await new SignJWT({ sub: 'k' })
      .setProtectedHeader({ alg: 'ES256' })
      .setExpirationTime(now + 60)
      .sign(ec.privateKey)
    const result = await runCli(['verify', noKid, '--jwks', jwks, '--json'])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.key.kid).toBe('ec-1')
    expect(report.key.label).toBe('jwks.json: key kid=ec-1 (EC P-256)')
    expect(report.checks.find((c: { id: string }) => c.id === 'key-select').message).toContain(
      'the 2 keys in the set that can verify ES256 are tried in turn',
    )
    expect((await runCli(['verify', noKid, '--jwks', join(dir, 'ec.jwk')])).stderr).toMatch(
      /ERR_USAGE: .* is not a JWK Set/,
    )
  })

  it("verifies with a PEM certificate, and with a CA certificate that anchors the token's x5c chain", async () => {
    const leafKey = await importPKCS8(fixture('leaf.key'), 'RS256')
    const leafCert = file('leaf.pem', fixture('leaf.pem'))
    const signed = await new SignJWT({ sub: 'svc' })
      .setProtectedHeader({ alg: 'RS256' })
      .setExpirationTime(now + 60)
      .sign(leafKey)
    const direct = await runCli(['verify', signed, '--key', leafCert])
    expect(direct.code).toBe(0)
    expect(direct.stdout).toContain('leaf.pem (certificate O=Signet Test, CN=tokens.signet.test, RSA 2048)')

    const withChain = await new SignJWT({ sub: 'svc' })
      .setProtectedHeader({ alg: 'RS256', x5c: [der(fixture('leaf.pem')), der(fixture('ca.pem'))] })
      .setExpirationTime(now + 60)
      .sign(leafKey)
    const anchored = await runCli(['verify', withChain, '--key', file('ca.pem', fixture('ca.pem')), '--json'])
    expect(anchored.code).toBe(0)
    const report = JSON.parse(anchored.stdout)
    expect(report.key.origin).toBe('x5c')
    expect(report.checks.find((c: { id: string }) => c.id === 'x5c-chain')).toMatchObject({ status: 'pass' })
    const unrelated = await runCli(['verify', withChain, '--key', file('other-ca.pem', fixture('other-ca.pem'))])
    expect(unrelated.code).toBe(1)
  })
})

describe('signet decrypt', () => {
  it('prints the plaintext of a JWE, exactly', async () => {
    const enc = await generateKeyPair('RSA-OAEP-256', { extractable: true })
    const key = file('enc.pem', await exportPKCS8(enc.privateKey))
    const jwe = await new CompactEncrypt(new TextEncoder().encode('line one\nline two'))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt(enc.publicKey)
    const result = await runCli(['decrypt', jwe, '--key', key])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe('line one\nline two')

    const inner = await new SignJWT({ sub: 'nested' })
      .setProtectedHeader({ alg: 'ES256' })
      .setExpirationTime(now + 60)
      .sign(ec.privateKey)
    const nested = await new CompactEncrypt(new TextEncoder().encode(inner))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' })
      .encrypt(enc.publicKey)
    const inspected = await runCli(['decrypt', nested, '--key', key])
    expect(inspected.code).toBe(0)
    expect(inspected.stdout).toContain('the content is a nested token')
    expect(inspected.stdout).toContain('sub  "nested"')
    expect(inspected.stdout.trimEnd().split('\n').at(-1)).toMatch(/^UNVERIFIED/)
  })

  it('decrypts with a password file, and exits 1 when the password is wrong', async () => {
    const jwe = await new CompactEncrypt(new TextEncoder().encode('{"sub":"pw"}'))
      .setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' })
      .encrypt(new TextEncoder().encode('hunter2'))
    const ok = await runCli(['decrypt', jwe, '--password-file', file('pw.txt', 'hunter2\n'), '--json'])
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({
      status: 'decrypted',
      plaintext: '{"sub":"pw"}',
      plaintextEncoding: 'utf8',
    })
    const wrong = await runCli(['decrypt', jwe, '--password-file', file('wrong.txt', 'hunter3')])
    expect(wrong.code).toBe(1)
    expect(wrong.stdout).toMatch(
      /✗ Decryption +Does not decrypt with the password: wrong key, or the token was altered\./,
    )
    expect((await runCli(['decrypt', jwe])).code).toBe(2)
    expect((await runCli(['decrypt', token, '--key', join(dir, 'ec.jwk')])).stderr).toMatch(/ERR_JWE_NOT_ENCRYPTED/)
  })
})

describe('signet thumbprint', () => {
  it('prints the RFC 7638 thumbprint of a JWK file or of standard input', async () => {
    const rfc = {
      kty: 'RSA',
      e: 'AQAB',
      n: '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw',
    }
    const fromFile = await runCli(['thumbprint', file('rfc7638.jwk', JSON.stringify(rfc))])
    expect(fromFile).toMatchObject({ code: 0, stdout: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs\n', stderr: '' })
    const fromStdin = await runCli(['thumbprint', '-'], { input: JSON.stringify(rfc) })
    expect(fromStdin.stdout).toBe(fromFile.stdout)
    const broken = await runCli(['thumbprint', '-'], { input: '{"kty":"EC","crv":"P-256"}' })
    expect(broken.code).toBe(2)
    expect(broken.stderr).toMatch(/^signet: ERR_KEY_INVALID: .*needs "x"/)
  })
})
