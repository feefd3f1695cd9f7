import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CompactEncrypt, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verificationSource } from '#cli/key-input'
import { analyseToken as cliScanAnalyse } from '#electron/services/scan/analyse'
import type { KeySource } from '#shared/key-material/types'
import { decodeToken } from '#shared/token/decode'
import { inspectToken } from '#shared/token/inspect'
import { mergePolicy, type Policy } from '#shared/validation-policy/policy'
import { defaultPolicy } from '#shared/validation-policy/default-policy'
import { analyseFound, ScanCollector, type ScanRow } from '#renderer/features/scan/scan-core'
import { scanKeySource } from '#renderer/features/scan/scan-key-source'

// The Scan screen's verdicts (jose, in the worker) against the two CLI paths over the same corpus,
// key and policy: `signet scan` (shared/scan/analyse-token through node:crypto) and `signet verify`
// (inspectToken's trace verdict). The screen's key is read as the worker reads it (scanKeySource),
// the CLI's from a file as `--jwks FILE` / `--secret-file FILE` read it.

const now = Math.floor(Date.now() / 1000)
const hour = 3600
const secret = 'k7Qp2vX9sL4mN8rT1wY6zB3cF5hJ0dGa' // 32 bytes: long enough for HS256
let dir: string
let jwks: { keys: JWK[] }
const corpus: Record<string, string> = {}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-parity-'))
  const rs = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 })
  const es = await generateKeyPair('ES256', { extractable: true })
  const stranger = await generateKeyPair('ES256', { extractable: true })
  const ed = await generateKeyPair('EdDSA', { extractable: true, crv: 'Ed25519' })
  const pub = async (key: CryptoKey, kid: string, alg: string) => ({ ...(await exportJWK(key)), kid, alg, use: 'sig' })
  jwks = {
    keys: [
      await pub(rs.publicKey, 'rs', 'RS256'),
      await pub(es.publicKey, 'es', 'ES256'),
      await pub(ed.publicKey, 'ed', 'EdDSA'),
    ],
  }
  const claims = { iss: 'https://issuer.example', sub: 'ada', aud: 'api' }
  const sign = (
    key: CryptoKey | Uint8Array,
    alg: string,
    kid: string | undefined,
    extra: { iat?: number; exp?: number; nbf?: number } = {},
  ) =>
    new SignJWT({ ...claims, ...extra })
      .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
      .setIssuedAt(extra.iat ?? now - 60)
      .setExpirationTime(extra.exp ?? now + hour)
      .sign(key)
  const hmac = new TextEncoder().encode(secret)
  corpus.rsValid = await sign(rs.privateKey, 'RS256', 'rs')
  corpus.esValid = await sign(es.privateKey, 'ES256', 'es')
  corpus.edValid = await sign(ed.privateKey, 'EdDSA', 'ed')
  corpus.esExpired = await sign(es.privateKey, 'ES256', 'es', { iat: now - 3 * hour, exp: now - 2 * hour })
  corpus.esNotYet = await sign(es.privateKey, 'ES256', 'es', { nbf: now + 2 * hour })
  corpus.esWrongKey = await sign(stranger.privateKey, 'ES256', 'es')
  corpus.unknownKid = await sign(stranger.privateKey, 'ES256', 'nobody')
  corpus.noKid = await sign(es.privateKey, 'ES256', undefined)
  corpus.hsValid = await sign(hmac, 'HS256', 'hs')
  corpus.hsWrong = await sign(new TextEncoder().encode('another-secret-of-32-bytes-long!'), 'HS256', 'hs')
  corpus.hsExpired = await sign(hmac, 'HS256', 'hs', { iat: now - 3 * hour, exp: now - hour })
  corpus.unsecured = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: now + hour })}.`
  corpus.duplicate = `${Buffer.from('{"alg":"ES256","kid":"other","kid":"es"}').toString('base64url')}.${b64(claims)}.${corpus.esValid.split('.')[2]}`
  corpus.jwe = await new CompactEncrypt(new TextEncoder().encode('hello'))
    .setProtectedHeader({ alg: 'dir', enc: 'A128GCM' })
    .encrypt(new Uint8Array(16))
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks))
  writeFileSync(join(dir, 'secret'), `${secret}\n`)
}, 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function screenRows(source: KeySource | null, policy: Policy): Promise<Map<string, ScanRow>> {
  const collector = new ScanCollector()
  await collector.addFile(
    new File(
      [
        Object.entries(corpus)
          .map(([name, token]) => `${name} Authorization: Bearer ${token}`)
          .join('\n'),
      ],
      'corpus.log',
    ),
    () => {},
  )
  const found = collector.result()
  const rows = new Map<string, ScanRow>()
  for (const token of found) rows.set(token.token, await analyseFound(token, source, policy, now))
  return rows
}

async function compare(
  screenSource: KeySource | null,
  cliSource: KeySource | null,
  policy: Policy,
): Promise<Record<string, string>> {
  const rows = await screenRows(screenSource, policy)
  expect(rows.size).toBe(Object.keys(corpus).length)
  const verdicts: Record<string, string> = {}
  for (const [name, token] of Object.entries(corpus)) {
    const row = rows.get(token)!
    const cli = await cliScanAnalyse(token, cliSource, policy, now)
    expect({ name, verdict: row.verdict }).toEqual({ name, verdict: cli.verdict })
    // what the table's columns show: the same claims and header values as the CLI's report
    const shown = (r: Pick<ScanRow, 'iss' | 'sub' | 'alg' | 'kid'>) => ({
      name,
      iss: r.iss,
      sub: r.sub,
      alg: r.alg,
      kid: r.kid,
    })
    expect(shown(row)).toEqual(shown(cli))
    if (cli.verifyVerdict !== null) {
      // signet verify: the whole inspection's trace verdict, through jose
      const verified = await inspectToken(decodeToken(token), { verificationKeys: cliSource, policy, at: now })
      expect({ name, verify: verified.trace.verdict }).toEqual({ name, verify: cli.verifyVerdict })
    }
    verdicts[name] = row.verdict
  }
  return verdicts
}

describe('Scan screen verdicts match signet scan and signet verify', () => {
  it('a JWKS (RS256, ES256, EdDSA) under the default policy', async () => {
    const screen = await scanKeySource(
      { kind: 'text', key: { text: JSON.stringify(jwks), fileName: null, encoding: 'auto' } },
      async () => {
        throw new Error('no remote verification for a pasted key')
      },
    )
    expect(screen.error).toBeNull()
    const verdicts = await compare(
      screen.source,
      await verificationSource({ jwks: join(dir, 'jwks.json') }, now),
      defaultPolicy(),
    )
    expect(verdicts).toMatchObject({
      rsValid: 'valid',
      esValid: 'valid',
      edValid: 'valid',
      esExpired: 'expired',
      esNotYet: 'invalid',
      esWrongKey: 'invalid',
      unknownKid: 'unverifiable',
      hsValid: 'unverifiable',
      unsecured: 'invalid',
      jwe: 'encrypted',
      duplicate: 'malformed',
    })
  })

  it('an HMAC secret, and a policy that requires another audience', async () => {
    const screen = await scanKeySource(
      { kind: 'text', key: { text: secret, fileName: null, encoding: 'auto' } },
      async () => {
        throw new Error('no remote verification for a pasted secret')
      },
    )
    const cli = await verificationSource({ secretFile: join(dir, 'secret') }, now)
    expect(await compare(screen.source, cli, defaultPolicy())).toMatchObject({
      hsValid: 'valid',
      hsWrong: 'invalid',
      hsExpired: 'expired',
    })
    const strict = mergePolicy(defaultPolicy(), { audience: ['other-api'] })
    expect(await compare(screen.source, cli, strict)).toMatchObject({ hsValid: 'invalid' })
  })

  it('no key: every signed token is unverifiable', async () => {
    const verdicts = await compare(null, null, defaultPolicy())
    const rows = await screenRows(null, defaultPolicy())
    // the Subject column: the "sub" claim of a JWS; a JWE's claims are encrypted
    expect([rows.get(corpus.rsValid!)!.sub, rows.get(corpus.jwe!)!.sub]).toEqual(['ada', null])
    expect(verdicts).toMatchObject({
      rsValid: 'unverifiable',
      hsValid: 'unverifiable',
      esExpired: 'unverifiable',
      jwe: 'encrypted',
    })
  })

  it('a pasted key that cannot be read is said so, and nothing is verified with it', async () => {
    const screen = await scanKeySource(
      { kind: 'text', key: { text: '{"kty":"EC"}', fileName: null, encoding: 'auto' } },
      async () => {
        throw new Error('unused')
      },
    )
    expect(screen.source).toBeNull()
    expect(screen.error).toMatch(/could not be read/)
  })
})
