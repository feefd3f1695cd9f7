import { spawn } from 'node:child_process'
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli, signetBin, type CliResult } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

/**
 * Terminal escape injection (issue #10.3): hostile text from tokens, key files, the store, the audit
 * log, backups and file names goes through EVERY human output of the real CLI, and no raw control
 * or bidi character may reach stdout or stderr (colour is off in a pipe, so none at all; our own
 * styling is checked in the unit test of write.ts).
 */
beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

// CR + erase line + green "VALID": the attack from the issue; then C1 CSI, a bidi override, an isolate, LRM.
const hostile = '\r\u001b[2K\u001b[32mVALID  signature ok\u001b[0m\u009b2K\u202eevil\u2066x\u2069\u200e\u061c\u0007'
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const forbidden = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

function expectClean(result: CliResult, what: string): void {
  for (const [stream, text] of [
    ['stdout', result.stdout],
    ['stderr', result.stderr],
  ] as const) {
    const match = forbidden.exec(text)
    expect(
      match,
      `${what}: raw U+${match?.[0].charCodeAt(0).toString(16).padStart(4, '0')} on ${stream}: ${JSON.stringify(text.slice(Math.max(0, (match?.index ?? 0) - 40), (match?.index ?? 0) + 20))}`,
    ).toBeNull()
  }
}

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const secret = 'correct horse battery staple, long enough for HS256!'

function hs256(header: object, claims: object): string {
  const input = `${b64(header)}.${b64(claims)}`
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
}

const token = hs256(
  {
    alg: 'HS256',
    typ: `JWT${hostile}`,
    kid: `kid${hostile}`,
    crit: [`x${hostile}`],
    [`x${hostile}`]: 1,
    [`name${hostile}`]: hostile,
  },
  {
    iss: `https://iss${hostile}`,
    aud: [`aud${hostile}`],
    sub: hostile,
    exp: 4102444800,
    [`claim${hostile}`]: { [`nested${hostile}`]: hostile },
  },
)

let dir: string
let dataDir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-escapes-'))
  dataDir = mkdtempSync(join(tmpdir(), `signet-escapes-data-\u001b[31m-`))
})

describe('no raw control or bidi character reaches the terminal', () => {
  it('decode, verify, lint of a token full of control and bidi characters', async () => {
    const decode = await runCli(['decode', token])
    expect(decode.code).toBe(0)
    expect(decode.stdout).toContain('\\r\\e[2K\\e[32mVALID')
    expectClean(decode, 'decode')
    const verify = await runCli(['verify', token, '--secret', secret])
    expect(verify.code).toBe(1)
    expect(verify.stdout.trim().split('\n').at(-1)).toMatch(/^INVALID/)
    expectClean(verify, 'verify')
    for (const args of [
      ['verify', token, '--secret', secret, '--iss', hostile, '--aud', hostile, '--typ', hostile],
      ['lint', token],
      ['decode', `${token}${hostile}`],
      ['verify', hostile, '--secret', 'x'],
    ]) {
      expectClean(await runCli(args), args.join(' '))
    }
  }, 240_000)

  it('decrypt of a JWE whose header is hostile, and of a nested hostile JWS', async () => {
    const jwe = `${b64({ alg: 'dir', enc: 'A256GCM', kid: hostile, [hostile]: hostile })}..${b64('123456789012')}.${b64('x')}.${b64('1234567890123456')}`
    const keyFile = join(dir, 'dir.jwk')
    writeFileSync(keyFile, JSON.stringify({ kty: 'oct', k: Buffer.alloc(32, 7).toString('base64url'), kid: hostile }))
    const result = await runCli(['decrypt', jwe, '--key', keyFile])
    expect(result.code).not.toBe(0)
    expectClean(result, 'decrypt')
    expectClean(
      await runCli(['decrypt', jwe, '--password-file', join(dir, `missing${hostile}`)]),
      'decrypt missing file',
    )
  }, 240_000)

  it('thumbprint, and key files, JWKS and file names in verify', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' })
    const jwkFile = join(dir, 'hostile.jwk')
    writeFileSync(jwkFile, JSON.stringify({ ...ec, kid: hostile, alg: 'ES256', use: hostile }))
    const jwksFile = join(dir, 'hostile.jwks')
    writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...ec, kid: hostile }, { kty: hostile }] }))
    for (const args of [
      ['thumbprint', jwkFile],
      ['thumbprint', join(dir, `no-such${hostile}.jwk`)],
      ['verify', token, '--key', jwkFile],
      ['verify', token, '--jwks', jwksFile],
      ['verify', token, '--key', join(dir, `no-such${hostile}`)],
      [`--unknown${hostile}`],
      ['decode', '--json', `--x${hostile}`],
    ]) {
      expectClean(await runCli(args), args.join(' '))
    }
  }, 240_000)

  it('info, sets, keys list/export, audit list, jwks export, backup inspect with hostile store contents and paths', async () => {
    const d = ['--data-dir', dataDir]
    expectClean(await runCli(['info', ...d]), 'info')
    const created = await runCli([
      'sets',
      'create',
      'prod',
      '--issuer',
      'https://issuer.example',
      '--description',
      hostile,
      ...d,
    ])
    expect(created.code, created.stderr).toBe(0)
    expectClean(created, 'sets create')
    const imported = join(dir, 'import.jwk')
    writeFileSync(
      imported,
      JSON.stringify({
        ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }),
        kid: `k${hostile}`,
      }),
    )
    expectClean(await runCli(['keys', 'import', imported, '--set', 'prod', '--alg', 'ES256', ...d]), 'keys import')
    const generated = await runCli(['keys', 'generate', '--set', 'prod', '--alg', 'ES256', '--activate', ...d])
    expect(generated.code, generated.stderr).toBe(0)
    for (const args of [
      ['sets', 'create', 'x', '--issuer', `https://x${hostile}`],
      ['sets', 'list'],
      ['keys', 'list'],
      ['keys', 'export-public', `--kid=${hostile}`],
      ['keys', 'activate', `--kid=${hostile}`],
      ['audit', 'list'],
      ['audit', 'list', '--search', hostile],
      ['audit', 'verify'],
      ['jwks', 'export', '--set', 'prod'],
      ['sign', '--set', `p${hostile}`, '--claims', '-'],
    ]) {
      expectClean(await runCli([...args, ...d], { input: '{}' }), args.join(' '))
    }
    const pass = join(dir, 'pass.txt')
    writeFileSync(pass, 'a long and unguessable passphrase for the test')
    const backupFile = join(dir, `backup${hostile}.jwe`)
    const backup = await runCli(['backup', 'create', '--out', backupFile, '--passphrase-file', pass, ...d])
    expect(backup.code, backup.stderr).toBe(0)
    expectClean(backup, 'backup create')
    const inspected = await runCli(['backup', 'inspect', backupFile])
    expect(inspected.stdout).toMatch(/unverified until decrypted/i)
    expectClean(inspected, 'backup inspect')
    // A hand-edited summary in the unauthenticated header.
    const [header, ...rest] = readFileSync(backupFile, 'utf8').trim().split('.')
    const edited = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as { signet: Record<string, unknown> }
    edited.signet.app = hostile
    const editedFile = join(dir, 'edited.jwe')
    writeFileSync(editedFile, [b64(edited), ...rest].join('.'))
    expectClean(await runCli(['backup', 'inspect', editedFile]), 'backup inspect edited')
    expectClean(
      await runCli(['backup', 'restore', editedFile, '--passphrase-file', pass, '--dry-run', ...d]),
      'backup restore edited',
    )
  }, 240_000)

  it('scan, verify --tokens, status-list, jwks lint|diff|serve, store recover|acknowledge and audit repair', async () => {
    const d = ['--data-dir', mkdtempSync(join(tmpdir(), `signet-escapes-new-\u001b[2K\u202e-`))]
    // scan: a hostile token in a file whose name is hostile too, in a directory, a HAR and stdin
    const scanDir = join(dir, `scan${hostile.replace(/\//g, '')}`)
    mkdirSync(scanDir, { recursive: true })
    writeFileSync(
      join(scanDir, `log${hostile.replace(/\//g, '')}.txt`),
      `2026-11-30 INFO ${hostile} token=${token} ${hostile}\nAuthorization: Bearer ${token}\n`,
    )
    writeFileSync(
      join(dir, 'capture.har'),
      JSON.stringify({
        log: {
          entries: [
            {
              request: { url: `https://x/${hostile}`, headers: [{ name: hostile, value: `Bearer ${token}` }] },
              response: { headers: [] },
            },
          ],
        },
      }),
    )
    const tokens = join(dir, 'tokens.txt')
    writeFileSync(tokens, `${token}\n${hostile}\n${token}${hostile}\n`)
    for (const [args, input] of [
      [['scan', scanDir], undefined],
      [['scan', scanDir, '--secret', secret], undefined],
      [['scan', join(dir, 'capture.har')], undefined],
      [['scan', '-'], `${hostile}${token}\n`],
      [['scan', join(dir, `missing${hostile}`)], undefined],
      [['scan', scanDir, '--include', hostile], undefined],
      [['verify', '--tokens', tokens, '--secret', secret], undefined],
      [['verify', '--tokens', '-', '--secret', secret], `${token}\n${hostile}\n`],
      [['verify', '--tokens', join(dir, `missing${hostile}`), '--secret', secret], undefined],
    ] as const) {
      expectClean(await runCli([...args], input === undefined ? {} : { input }), args.join(' '))
    }

    // status lists: managed ones with hostile notes and names, and any issuer's hostile Status List Token
    await createProdWithActiveKey((args) => runCli([...args, ...d]), ['--issuer', 'https://issuer.example'])
    const listToken = `${b64({ alg: 'ES256', typ: `statuslist+jwt${hostile}`, kid: hostile })}.${b64({ sub: hostile, iat: 1, exp: hostile, ttl: hostile, status_list: { bits: 1, lst: 'eNrbuRgAAhcBXQ', aggregation_uri: hostile } })}.AAAA`
    const statuses = join(dir, 'statuses.json')
    writeFileSync(statuses, `[0, 1, ${JSON.stringify(hostile)}]`)
    for (const args of [
      ['status-list', 'create', 'revoked', '--set', 'prod', '--uri', `https://issuer.example/${hostile}`],
      [
        'status-list',
        'create',
        'revoked',
        '--set',
        'prod',
        '--uri',
        'https://issuer.example/status/1',
        '--size',
        '1024',
      ],
      ['status-list', 'create', `n${hostile}`, '--set', 'prod', '--uri', 'https://x'],
      ['status-list', 'set', 'revoked', '3,7-9', '--status', 'invalid', '--reason', hostile],
      ['status-list', 'set', 'revoked', hostile, '--status', hostile],
      ['status-list', 'get', 'revoked', '3'],
      ['status-list', 'get', 'revoked', hostile],
      ['status-list', 'list'],
      ['status-list', 'export', 'revoked'],
      ['status-list', 'export', `x${hostile}`],
      ['status-list', 'decode', listToken, '--idx', '1'],
      ['status-list', 'decode', hostile],
      ['status-list', 'decode', `eN${hostile}`, '--bits', '1'],
      ['status-list', 'encode', '--bits', '1', '--statuses', statuses],
      ['status-list', 'encode', '--bits', hostile, '--statuses', statuses],
    ]) {
      expectClean(await runCli([...args, ...d]), args.join(' '))
    }

    // jwks lint and diff of hostile key sets
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' })
    const oldJwks = join(dir, 'old.jwks')
    const newJwks = join(dir, 'new.jwks')
    writeFileSync(
      oldJwks,
      JSON.stringify({
        keys: [
          { ...ec, kid: hostile, alg: hostile, use: hostile },
          { kty: 'oct', k: 'AAAA', kid: `oct${hostile}` },
          { kty: hostile, [hostile]: hostile },
        ],
      }),
    )
    writeFileSync(
      newJwks,
      JSON.stringify({
        keys: [
          { ...ec, kid: `new${hostile}`, x5c: [hostile] },
          { ...ec, kid: `new${hostile}` },
        ],
      }),
    )
    for (const args of [
      ['jwks', 'lint', oldJwks],
      ['jwks', 'lint', newJwks],
      ['jwks', 'lint', join(dir, `missing${hostile}`)],
      ['jwks', 'diff', oldJwks, newJwks],
      ['jwks', 'diff', oldJwks, newJwks, '--set', 'prod', ...d],
      ['jwks', 'serve', '--set', `p${hostile}`, ...d],
      ['jwks', 'serve', '--host', hostile, ...d],
    ]) {
      expectClean(await runCli(args), args.join(' '))
    }
    // jwks serve itself: what it prints while it runs and when it stops
    const serve = spawn(process.execPath, [signetBin, ...d, 'jwks', 'serve'], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const served = { stdout: '', stderr: '', code: 0 as number | null }
    serve.stdout.setEncoding('utf8').on('data', (chunk: string) => (served.stdout += chunk))
    serve.stderr.setEncoding('utf8').on('data', (chunk: string) => (served.stderr += chunk))
    const deadline = Date.now() + 20_000
    while (!served.stderr.includes('serving') && Date.now() < deadline && serve.exitCode === null)
      await new Promise((resolve) => setTimeout(resolve, 100))
    serve.kill('SIGTERM')
    served.code = await new Promise<number | null>((resolve) => serve.on('close', resolve))
    expect(served.stderr).toContain('serving')
    expectClean(served as CliResult, 'jwks serve')

    // an unreadable store holding hostile bytes; a torn audit line holding hostile bytes
    writeFileSync(join(d[1]!, 'signet.json'), `{"sets": ${hostile}`)
    for (const args of [
      ['info'],
      ['keys', 'list'],
      ['store', 'recover'],
      ['info'],
      ['store', 'acknowledge'],
      ['store', 'acknowledge'],
    ]) {
      expectClean(await runCli([...args, ...d]), args.join(' '))
    }
    expect((await runCli(['sets', 'create', 'again', ...d])).code).toBe(0)
    appendFileSync(join(d[1]!, 'audit.log.jsonl'), `{"seq":99,"action":${JSON.stringify(hostile)},"x":"\u001b[2K`)
    for (const args of [
      ['audit', 'verify'],
      ['audit', 'list'],
      ['audit', 'repair'],
      ['audit', 'verify'],
      ['audit', 'repair'],
    ]) {
      expectClean(await runCli([...args, ...d]), args.join(' '))
    }
  }, 240_000)
})
