import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { CompactEncrypt, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'

/**
 * `signet scan` over a generated corpus, as a user runs it: a HAR with tokens in every field kind
 * (base64 bodies and percent-encoding included), logs with odd delimiters and a gzipped log,
 * decoys, a JWE, an unsecured JWT, duplicates across files, a binary file. The scan must find
 * exactly the planted tokens at their locations, its verdicts must match `signet verify` one by one,
 * and no full token may appear in the default output.
 */

const now = Math.floor(Date.now() / 1000)
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const sha = (token: string) => createHash('sha256').update(token).digest('hex')

let dir: string
const planted = new Map<string, string>()
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name)
  writeFileSync(path, content)
  return path
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-cli-scan-'))
  mkdirSync(join(dir, 'corpus', 'logs'), { recursive: true })
  const ec = await generateKeyPair('ES256', { extractable: true })
  const rsa = await generateKeyPair('RS256', { extractable: true })
  const ed = await generateKeyPair('EdDSA', { extractable: true })
  const stranger = await generateKeyPair('PS256', { extractable: true })
  const jwks = {
    keys: [
      { ...(await exportJWK(ec.publicKey)), kid: 'ec' },
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa' },
      { ...(await exportJWK(ed.publicKey)), kid: 'ed' },
    ],
  }
  file('jwks.json', JSON.stringify(jwks))
  const sign = (alg: string, kid: string, key: CryptoKey, claims: Record<string, unknown>) =>
    new SignJWT({ iss: `https://${kid}.example`, aud: 'api', ...claims })
      .setProtectedHeader({ alg, kid, typ: 'JWT' })
      .setIssuedAt(now - 60)
      .sign(key)
  const tokens = {
    header: await sign('ES256', 'ec', ec.privateKey, { exp: now + 600, n: 1 }),
    cookie: await sign('RS256', 'rsa', rsa.privateKey, { exp: now - 3600 }),
    query: await sign('EdDSA', 'ed', ed.privateKey, { exp: now + 600, n: 3 }),
    post: await sign('PS256', 'rsa', stranger.privateKey, { exp: now + 600 }),
    param: await sign('ES256', 'ec', ec.privateKey, { exp: now + 600, n: 5 }),
    setCookie: await sign('ES256', 'ec', ec.privateKey, { exp: now + 600, n: 6 }),
    respCookie: await sign('ES256', 'ec', ec.privateKey, { exp: now + 600, n: 7 }),
    redirect: await sign('ES256', 'ec', ec.privateKey, { exp: now + 600, n: 8 }),
    base64Body: await sign('ES256', 'ec', ec.privateKey, { exp: now + 600, n: 9 }),
    jwe: await new CompactEncrypt(new TextEncoder().encode('{"sub":"secret"}'))
      .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM' })
      .encrypt((await generateKeyPair('RSA-OAEP-256')).publicKey),
    unsecured: `${b64({ alg: 'none' })}.${b64({ sub: 'nobody', exp: now + 600 })}.`,
    pipe: await sign('ES256', 'ec', ec.privateKey, { exp: now + 600, n: 12 }),
    gz: await sign('EdDSA', 'ed', ed.privateKey, { exp: now + 600, n: 13 }),
  }
  for (const [name, token] of Object.entries(tokens)) planted.set(sha(token), name)
  const har = {
    log: {
      version: '1.2',
      entries: [
        {
          request: {
            url: `https://api.example/x?access_token=${tokens.query.replace(/\./g, '%2E')}`,
            queryString: [{ name: 'access_token', value: tokens.query.replace(/\./g, '%2E') }],
            headers: [{ name: 'Authorization', value: `Bearer ${tokens.header}` }],
            cookies: [{ name: 'session', value: tokens.cookie }],
            postData: {
              mimeType: 'application/json',
              text: JSON.stringify({ token: tokens.post }),
              params: [{ name: 'assertion', value: tokens.param }],
            },
          },
          response: {
            headers: [{ name: 'Set-Cookie', value: `sid=${tokens.setCookie}; HttpOnly` }],
            cookies: [{ name: 'rt', value: tokens.respCookie }],
            redirectURL: `https://app.example/cb#id_token=${tokens.redirect}&state=1`,
            content: {
              mimeType: 'application/json',
              text: Buffer.from(JSON.stringify({ access_token: tokens.base64Body })).toString('base64'),
              encoding: 'base64',
            },
          },
        },
        {
          request: { url: 'https://api.example/y', headers: [] },
          response: { headers: [], content: { text: `<p>${tokens.jwe}</p>` } },
        },
      ],
    },
  }
  file('corpus/capture.har', JSON.stringify(har, null, 1))
  file(
    'corpus/logs/gateway.log',
    [
      `ts=1 level=info msg="auth ok" token=${tokens.header}|next=1`,
      `ts=2 decoys eyJub3QiOiJoZWFkZXIifQ.eyJ4IjoxfQ.abcd v1.2.3 eyJhbGciOiJIUzI1NiJ9.e30 ${b64({ alg: 'HS256' })}.${b64({ a: 1 })}.sig.extra`,
      `ts=3 [${tokens.pipe}];<${tokens.unsecured}>`,
      `ts=4 dup\t"${tokens.cookie}",`,
    ].join('\n'),
  )
  file('corpus/logs/old.log.gz', gzipSync(`first line\nrotated ${tokens.gz} end\n${tokens.header}\n`))
  file('corpus/logs/blob.bin', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(` ${tokens.post} `)]))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface ScanJson {
  summary: {
    tokens: { distinct: number; occurrences: number }
    inputs: { scanned: number; binary: number }
    byVerdict: Record<string, number>
    exitCode: number
  }
  tokens: {
    sha256: string
    verdict: string
    verifyVerdict: string | null
    redacted: string
    token?: string
    locations: Record<string, unknown>[]
  }[]
}

describe('signet scan', () => {
  it('finds exactly the planted tokens, with their locations, and verdicts that match signet verify', async () => {
    const result = await runCli(
      ['scan', join(dir, 'corpus'), '--jwks', join(dir, 'jwks.json'), '--json', '--show-tokens', '--jobs', '2'],
      { timeoutMs: 60_000 },
    )
    expect(result.stderr).toBe('')
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as ScanJson
    expect(new Set(report.tokens.map((t) => planted.get(t.sha256) ?? `unplanted ${t.sha256}`))).toEqual(
      new Set(planted.values()),
    )
    expect(report.summary.inputs).toMatchObject({ scanned: 3, binary: 1 })
    const byName = new Map(report.tokens.map((t) => [planted.get(t.sha256)!, t]))
    const har = join(dir, 'corpus', 'capture.har')
    const log = join(dir, 'corpus', 'logs', 'gateway.log')
    const gz = join(dir, 'corpus', 'logs', 'old.log.gz')
    expect(byName.get('header')!.locations).toEqual(
      expect.arrayContaining([
        { file: har, entry: 0, field: 'request.headers[Authorization]' },
        { file: log, line: 1, column: 37 },
        { file: gz, line: 3, column: 1 },
      ]),
    )
    expect(byName.get('query')!.locations).toEqual([
      { file: har, entry: 0, field: 'request.url', percentEncoded: true },
      { file: har, entry: 0, field: 'request.queryString[access_token]', percentEncoded: true },
    ])
    expect(byName.get('cookie')!.locations).toEqual(
      expect.arrayContaining([
        { file: har, entry: 0, field: 'request.cookies[session]' },
        { file: log, line: 4, column: 11 },
      ]),
    )
    expect(byName.get('post')!.locations).toEqual([{ file: har, entry: 0, field: 'request.postData.text' }])
    expect(byName.get('param')!.locations).toEqual([
      { file: har, entry: 0, field: 'request.postData.params[assertion]' },
    ])
    expect(byName.get('setCookie')!.locations).toEqual([{ file: har, entry: 0, field: 'response.headers[Set-Cookie]' }])
    expect(byName.get('respCookie')!.locations).toEqual([{ file: har, entry: 0, field: 'response.cookies[rt]' }])
    expect(byName.get('redirect')!.locations).toEqual([{ file: har, entry: 0, field: 'response.redirectURL' }])
    expect(byName.get('base64Body')!.locations).toEqual([
      { file: har, entry: 0, field: 'response.content.text(base64)' },
    ])
    expect(byName.get('jwe')!.locations).toEqual([{ file: har, entry: 1, field: 'response.content.text' }])
    expect(byName.get('pipe')!.locations).toEqual([{ file: log, line: 3, column: 7 }])
    expect(byName.get('gz')!.locations).toEqual([{ file: gz, line: 2, column: 9 }])
    expect(byName.get('jwe')!.verdict).toBe('encrypted')
    expect(byName.get('cookie')!.verdict).toBe('expired')
    expect(byName.get('post')!.verdict).toBe('invalid')
    expect(byName.get('header')!.verdict).toBe('valid')

    for (const token of report.tokens) {
      if (token.verdict === 'encrypted') continue
      const verify = await runCli(['verify', token.token!, '--jwks', join(dir, 'jwks.json'), '--json'])
      const verdict = (JSON.parse(verify.stdout) as { verdict: string }).verdict
      expect(token.verifyVerdict, planted.get(token.sha256)).toBe(verdict)
      expect(verify.code).toBe(verdict === 'valid' ? 0 : 1)
    }
  }, 120_000)

  it('never prints a full token by default, in any format', async () => {
    for (const format of [[], ['--json'], ['--ndjson'], ['--sarif']]) {
      const result = await runCli(['scan', join(dir, 'corpus'), '--jwks', join(dir, 'jwks.json'), ...format], {
        timeoutMs: 60_000,
      })
      expect(result.code).toBe(1)
      const output = result.stdout + result.stderr
      // SARIF lists only findings and failures; the other formats list every token
      for (const [hash, name] of format[0] === '--sarif' ? [] : planted) {
        expect(output.includes(hash.slice(0, 16)), `${name} is reported`).toBe(true)
      }
      const tokenLike = output.match(/e[wy][A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{16,}/g) ?? []
      expect(tokenLike, `format ${format.join('') || 'human'}`).toEqual([])
    }
  }, 120_000)

  it('streams --ndjson, writes SARIF 2.1.0, finds the same with one worker and from standard input', async () => {
    const ndjson = await runCli(['scan', join(dir, 'corpus'), '--ndjson', '--jobs', '1'], { timeoutMs: 60_000 })
    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; sha256?: string; verdict?: string })
    expect(lines.at(-1)!.type).toBe('summary')
    expect(new Set(lines.filter((l) => l.type === 'token').map((l) => l.sha256))).toEqual(new Set(planted.keys()))
    expect(
      lines.filter((l) => l.type === 'token' && l.verdict !== 'encrypted').every((l) => l.verdict === 'unverifiable'),
    ).toBe(true)

    const sarif = JSON.parse((await runCli(['scan', join(dir, 'corpus'), '--sarif'])).stdout) as {
      version: string
      runs: { results: { ruleId: string; locations: unknown[] }[] }[]
    }
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0]!.results.some((r) => r.ruleId === 'alg-none' || r.ruleId.startsWith('alg'))).toBe(true)

    const stdin = await runCli(['scan', '-', '--json'], {
      input: `x ${[...planted.values()].length} eyJub3QiOiJoZWFkZXIifQ.eyJ4IjoxfQ.abcd`,
    })
    expect((JSON.parse(stdin.stdout) as ScanJson).tokens).toEqual([])
    expect(stdin.code).toBe(0)
  }, 120_000)

  it('exits 2 with a clear error for a missing path and for conflicting formats', async () => {
    const missing = await runCli(['scan', join(dir, 'nope')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/ERR_FILE_UNREADABLE: Cannot read ".*nope": no such file or directory/)
    const both = await runCli(['scan', dir, '--json', '--sarif'])
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/ERR_USAGE/)
  })
})
