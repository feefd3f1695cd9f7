import {
  constants,
  createCipheriv,
  createHmac,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { spawn } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { jsonErrorSchema, jsonSchemas, type JsonCommand } from '#cli/output/json-schemas'
import { runCli, signetBin } from '../support/run-cli'
import { mapConcurrently } from '../support/run-process'

/**
 * Every CLI option through the real CLI (issue #10.13: --allow-rsa1-5 was parsed but never read):
 * each row runs a command without and with one option and asserts an observable difference.
 * Also: --json shapes against json-schemas.ts, JSON errors, one error style, kids starting with "-"
 * (issue #12.12), a closed stdout (#10.15).
 */
beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

/** Prints many commands' help pages from one process (see the script). */
const helpPages = fileURLToPath(new URL('../support/cli-help-pages.mjs', import.meta.url))

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const secret = 'correct horse battery staple, long enough for HS256!'
function hs256(header: object, claims: object, key: string | Buffer = secret): string {
  const input = `${b64(header)}.${b64(claims)}`
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`
}
const now = 1_800_000_000
const token = hs256(
  { alg: 'HS256', typ: 'JWT' },
  { iss: 'https://a.example', aud: 'api', sub: 'alice', iat: now, exp: now + 600 },
)

/** RFC 7516 compact JWE with RSA1_5 + A128GCM, built by hand: jose no longer writes RSA1_5. */
function rsa15Jwe(publicKey: KeyObject, plaintext: string): string {
  const cek = randomBytes(16)
  const iv = randomBytes(12)
  const header = b64({ alg: 'RSA1_5', enc: 'A128GCM' })
  const cipher = createCipheriv('aes-128-gcm', cek, iv).setAAD(Buffer.from(header))
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()])
  const encryptedKey = publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, cek)
  return [
    header,
    encryptedKey.toString('base64url'),
    iv.toString('base64url'),
    ciphertext.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
  ].join('.')
}

let dir: string
let d: string[]
const files: Record<string, string> = {}
let jwe: string
const kids: string[] = []

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signet-options-'))
  d = ['--data-dir', mkdtempSync(join(tmpdir(), 'signet-options-data-'))]
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  files.rsa = join(dir, 'rsa.jwk')
  writeFileSync(files.rsa, JSON.stringify(rsa.privateKey.export({ format: 'jwk' })))
  jwe = rsa15Jwe(rsa.publicKey, 'hello')
  files.secret = join(dir, 'secret.txt')
  writeFileSync(files.secret, secret)
  files.claims = join(dir, 'claims.json')
  writeFileSync(files.claims, '{"sub":"alice"}')
  files.jwk = join(dir, 'ec.jwk')
  writeFileSync(
    files.jwk,
    JSON.stringify(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' })),
  )
  expect((await runCli(['sets', 'create', 'prod', '--issuer', 'https://a.example', ...d])).code).toBe(0)
  for (let i = 0; i < 2; i++)
    kids.push(
      (
        await runCli(['keys', 'generate', '--set', 'prod', '--alg', 'ES256', ...(i === 0 ? ['--activate'] : []), ...d])
      ).stdout.trim(),
    )
}, 60_000)

describe('every option has an observable effect through the real CLI', () => {
  const at = ['--at', String(now + 60)]
  const rows: [string, () => string[], () => string[]][] = [
    ['decrypt --allow-rsa1-5', () => ['decrypt', jwe, '--key', files.rsa!], () => ['--allow-rsa1-5']],
    ['decrypt --json', () => ['decrypt', jwe, '--key', files.rsa!, '--allow-rsa1-5'], () => ['--json']],
    ['verify --iss', () => ['verify', token, '--secret', secret, ...at], () => ['--iss', 'https://other.example']],
    ['verify --aud', () => ['verify', token, '--secret', secret, ...at], () => ['--aud', 'other']],
    ['verify --sub', () => ['verify', token, '--secret', secret, ...at], () => ['--sub', 'bob']],
    ['verify --typ', () => ['verify', token, '--secret', secret, ...at], () => ['--typ', 'at+jwt']],
    ['verify --require', () => ['verify', token, '--secret', secret, ...at], () => ['--require', 'jti']],
    ['verify --alg', () => ['verify', token, '--secret', secret, ...at], () => ['--alg', 'HS512']],
    ['verify --at', () => ['verify', token, '--secret', secret, ...at], () => ['--at', String(now + 6000)]],
    ['verify --skew', () => ['verify', token, '--secret', secret, '--at', String(now + 630)], () => ['--skew', '0']],
    ['verify --secret-file', () => ['verify', token, '--secret', 'wrong', ...at], () => []],
    [
      'verify --secret-encoding',
      () => ['verify', token, '--secret', secret, ...at],
      () => ['--secret-encoding', 'hex'],
    ],
    ['verify --json', () => ['verify', token, '--secret', secret, ...at], () => ['--json']],
    ['decode --json', () => ['decode', token], () => ['--json']],
    ['lint --json', () => ['lint', token], () => ['--json']],
    ['thumbprint --json', () => ['thumbprint', files.jwk!], () => ['--json']],
    ['keys list --set', () => ['keys', 'list', ...d], () => ['--set', 'nope']],
    ['keys list --json', () => ['keys', 'list', ...d], () => ['--json']],
    ['keys export-public --pem', () => ['keys', 'export-public', `--kid=${kids[0]!}`, ...d], () => ['--pem']],
    [
      'keys export-public --thumbprint',
      () => ['keys', 'export-public', `--kid=${kids[0]!}`, ...d],
      () => ['--thumbprint'],
    ],
    ['keys export-public --json', () => ['keys', 'export-public', `--kid=${kids[0]!}`, ...d], () => ['--json']],
    ['audit list --limit', () => ['audit', 'list', ...d], () => ['--limit', '1']],
    ['audit list --oldest', () => ['audit', 'list', ...d], () => ['--oldest']],
    ['audit list --action', () => ['audit', 'list', ...d], () => ['--action', 'set']],
    ['audit list --json', () => ['audit', 'list', ...d], () => ['--json']],
    ['audit verify --json', () => ['audit', 'verify', ...d], () => ['--json']],
    ['sets list --json', () => ['sets', 'list', ...d], () => ['--json']],
    ['jwks export --json', () => ['jwks', 'export', '--set', 'prod', ...d], () => ['--json']],
    ['info --json', () => ['info', ...d], () => ['--json']],
  ]
  it.each(rows)('%s', async (_name, base, option) => {
    const without = await runCli(base())
    const args =
      _name === 'verify --secret-file'
        ? base().map((a) => (a === '--secret' ? '--secret-file' : a === 'wrong' ? files.secret! : a))
        : [...base(), ...option()]
    const withOption = await runCli(args)
    expect(`${withOption.code}\n${withOption.stdout}`).not.toBe(`${without.code}\n${without.stdout}`)
  })

  it('decrypt refuses RSA1_5 without the option (exit 1) and decrypts it with it (exit 0)', async () => {
    expect((await runCli(['decrypt', jwe, '--key', files.rsa!])).code).toBe(1)
    const allowed = await runCli(['decrypt', jwe, '--key', files.rsa!, '--allow-rsa1-5'])
    expect(allowed.code).toBe(0)
    expect(allowed.stdout).toBe('hello')
  })
})

describe('--json: one documented shape per command, errors as JSON too', () => {
  it('every --json output validates against its schema', async () => {
    const cases: [JsonCommand, string[]][] = [
      ['decode', ['decode', token]],
      ['verify', ['verify', token, '--secret', secret, '--at', String(now + 60)]],
      ['decrypt', ['decrypt', jwe, '--key', files.rsa!, '--allow-rsa1-5']],
      ['lint', ['lint', token]],
      ['thumbprint', ['thumbprint', files.jwk!]],
      ['info', ['info', ...d]],
      ['sets create', ['sets', 'create', 'dev', ...d]],
      ['sets list', ['sets', 'list', ...d]],
      ['keys generate', ['keys', 'generate', '--set', 'dev', '--alg', 'ES256', '--activate', ...d]],
      ['keys list', ['keys', 'list', ...d]],
      ['keys export-public', ['keys', 'export-public', `--kid=${kids[0]!}`, ...d]],
      ['keys certificate', ['keys', 'certificate', `--kid=${kids[0]!}`, '--days', '7', ...d]],
      ['keys rotate', ['keys', 'rotate', '--set', 'dev', '--now', ...d]],
      ['keys transition', ['keys', 'retire', `--kid=${kids[0]!}`, ...d]],
      ['keys reconcile', ['keys', 'reconcile', ...d]],
      ['sign', ['sign', '--set', 'dev', '--claims', files.claims!, ...d]],
      ['jwks export', ['jwks', 'export', '--set', 'dev', ...d]],
      ['audit list', ['audit', 'list', ...d]],
      ['audit verify', ['audit', 'verify', ...d]],
    ]
    for (const [command, args] of cases) {
      const result = await runCli([...args, '--json'])
      expect(result.code, `${command}: ${result.stderr}`).toBe(0)
      const parsed = jsonSchemas[command].safeParse(JSON.parse(result.stdout))
      expect(parsed.success, `${command}: ${JSON.stringify(parsed.error?.issues.slice(0, 3))}`).toBe(true)
    }
  }, 120_000)

  it('decode and verify name the JOSE Header and the claims the same way', async () => {
    const decoded = JSON.parse((await runCli(['decode', token, '--json'])).stdout)
    const verified = JSON.parse((await runCli(['verify', token, '--secret', secret, '--json'])).stdout)
    expect(decoded.header).toEqual(verified.header)
    expect(decoded.claims).toEqual(verified.claims)
  })

  it('errors are one JSON object on stderr under --json: usage, input and refusals', async () => {
    for (const [args, exitCode] of [
      [['decode', 'abc.def', '--json'], 2],
      [['decode', '--json', '--bogus'], 2],
      [['keys', 'compromise', `--kid=${kids[1]!}`, '--json', ...d], 0],
      [['keys', 'activate', 'no-such-kid', '--json', ...d], 2],
    ] as const) {
      const result = await runCli([...args])
      expect(result.code).toBe(exitCode)
      if (exitCode === 0) continue
      expect(result.stdout).toBe('')
      const error = jsonErrorSchema.parse(JSON.parse(result.stderr))
      expect(error.exitCode).toBe(exitCode)
    }
  })
})

describe('one error style, help and exit codes', () => {
  it('usage errors look like every other error and point to the subcommand help', async () => {
    const result = await runCli(['keys', 'activate', '--bogus'])
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(
      /^signet: ERR_USAGE: Unknown option '--bogus'\. A kid that starts with "-" is given as --kid=<kid> or after --\.\nsignet: run "signet keys activate --help" for usage\n$/,
    )
    expect((await runCli(['decode'])).stderr).toMatch(/^signet: ERR_USAGE: Missing required argument 'token'\./)
  })

  it('every command states its exit codes and leaks no "(default: [])"', async () => {
    const top = (await runCli(['--help'])).stdout
    const groups = [...top.matchAll(/^ {2}([a-z][a-z-]*)/gm)].map((m) => m[1]!).filter((name) => name !== 'help')
    // Every group's own `--help` as a child process, three at a time
    const paths = (
      await mapConcurrently(groups, 3, async (group) => {
        const help = (await runCli([group, '--help'])).stdout
        const subs = [...help.matchAll(/^ {2}([a-z-]+)(?: \[options\]| <| \[)/gm)]
          .map((m) => m[1]!)
          .filter((name) => name !== 'help')
        return help.includes('Commands:') ? subs.map((sub) => [group, sub]) : [[group]]
      })
    ).flat()
    // Every command's page through the CLI's entry point, all in ONE child (cli-help-pages.mjs): the
    // same pages ~55 separate starts printed, for a fraction of their CPU.
    // Its own time budget: one process doing the work of ~55, on a CI core shared with other files.
    const pages = await runCli([JSON.stringify(paths)], { bin: helpPages, timeoutMs: 120_000 })
    expect(pages.code, pages.stderr).toBe(0)
    const helps = JSON.parse(pages.stdout) as { path: string[]; exitCode: number; stdout: string; stderr: string }[]
    expect(helps.map(({ path }) => path)).toEqual(paths)
    expect(paths.length).toBeGreaterThan(groups.length)
    for (const { path, exitCode, stdout, stderr } of helps) {
      expect({ exitCode, stderr }, path.join(' ')).toEqual({ exitCode: 0, stderr: '' })
      expect(stdout, path.join(' ')).toMatch(/Exit codes: 0 .*2 (.*, )?(or )?bad usage/s)
      expect(stdout, path.join(' ')).not.toMatch(/\(default: (\[\]|\{\})\)/)
    }
    // A page from the one process is byte for byte what `signet <command> --help` prints on its own
    const [group, sub] = paths.find((path) => path.length === 2)!
    const alone = await runCli([group!, sub!, '--help'])
    expect(alone.code).toBe(0)
    expect(helps.find(({ path }) => path.join(' ') === `${group} ${sub}`)!.stdout).toBe(alone.stdout)
  }, 300_000)

  it('--secret help warns that a command line is visible and points to --secret-file', async () => {
    expect((await runCli(['verify', '--help'])).stdout.replace(/\s+/g, ' ')).toMatch(
      /--secret <secret>.*visible to other local users.*--secret-file/,
    )
  })

  it('a closed stdout ends help and output quietly (no EPIPE)', async () => {
    for (const args of [
      ['keys', '--help'],
      ['decode', token],
    ]) {
      const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [signetBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
        let stderr = ''
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
        child.stdout.destroy()
        child.on('close', (code) => resolve({ code, stderr }))
      })
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
    }
  })
})

describe('kids that start with "-"', () => {
  it('every kid-taking command accepts them with --kid=, --kid and after --; compromise of the active key asks for --force', async () => {
    const kid = '-mLYtDashKid'
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' })
    const keyFile = join(dir, 'dash.jwk')
    writeFileSync(keyFile, JSON.stringify(ec))
    const imported = await runCli(['keys', 'import', keyFile, '--set', 'prod', '--alg', 'ES256', `--kid=${kid}`, ...d])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout.trim()).toBe(kid)
    const unknown = await runCli(['keys', 'activate', kid, ...d])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('--kid=<kid>')
    expect((await runCli(['keys', 'export-public', `--kid=${kid}`, '--thumbprint', ...d])).code).toBe(0)
    expect((await runCli(['keys', 'export-public', '--thumbprint', ...d, '--', kid])).code).toBe(0)
    expect((await runCli(['audit', 'list', '--kid', kid, '--json', ...d])).code).toBe(0)
    expect((await runCli(['keys', 'activate', ...d, '--', kid])).stdout).toContain(`${kid} active`)
    expect((await runCli(['sign', '--set', 'prod', '--kid', kid, '--claims', files.claims!, ...d])).code).toBe(0)
    const refused = await runCli(['keys', 'compromise', '--kid', kid, ...d])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/ERR_CONFIRMATION_REQUIRED.*--force/)
    expect(
      (await runCli(['keys', 'compromise', `--kid=${kid}`, '--force', '--reason', 'leaked in a test', ...d])).stdout,
    ).toContain(`${kid} compromised`)
    expect((await runCli(['keys', 'destroy', '--kid', kid, ...d])).stdout).toContain(`${kid} destroyed`)
  }, 60_000)
})
