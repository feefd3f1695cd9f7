import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '#test/support/run-cli'

/**
 * The real CLI: `scan --include '*.log'` finds logs at any depth (the .gitignore reading of a glob
 * without "/"), globs that leave no file are an error on stderr with exit 2, and each command whose
 * exit 1 is not a refusal states its own exit codes in --help (no generic lifecycle footer).
 */

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
const token = (sub: string) =>
  `${b64({ alg: 'ES256', kid: 'k' })}.${b64({ iss: 'https://i.example', sub, exp: 4_000_000_000 })}.${'A'.repeat(86)}`
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-globs-'))
  mkdirSync(join(dir, 'app', '2026'), { recursive: true })
  writeFileSync(join(dir, 'top.log'), `Authorization: Bearer ${token('top')}\n`)
  writeFileSync(join(dir, 'app', '2026', 'gateway.log'), `Authorization: Bearer ${token('nested')}\n`)
  writeFileSync(join(dir, 'app', '2026', 'gateway.txt'), `Authorization: Bearer ${token('text')}\n`)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet scan --include/--exclude', () => {
  it("--include '*.log' reads .log files at any depth, and only those", async () => {
    const result = await runCli(['scan', dir, '--include', '*.log', '--json'])
    // (the planted tokens' all-zero signatures are a finding of their own: exit 0 or 1, never 2)
    expect([0, 1], result.stderr).toContain(result.code)
    const report = JSON.parse(result.stdout) as {
      summary: { inputs: { scanned: number }; tokens: { distinct: number } }
    }
    expect(report.summary.inputs.scanned).toBe(2)
    expect(report.summary.tokens.distinct).toBe(2)
    const excluded = JSON.parse((await runCli(['scan', dir, '--exclude', '2026', '--json'])).stdout) as typeof report
    expect(excluded.summary.inputs.scanned).toBe(1)
  })

  it('globs that leave no file to read: ERR_SCAN_NO_FILES_MATCHED on stderr, exit 2', async () => {
    const result = await runCli(['scan', dir, '--include', '*.ndjson'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('ERR_SCAN_NO_FILES_MATCHED')
    expect(result.stderr).toContain('--include "*.ndjson" skipped all')
    expect(result.stderr).toContain('A pattern without "/" matches names at any depth')
  })
})

describe('exit codes in --help', () => {
  const footer = async (args: string[]) => {
    const { stdout } = await runCli([...args, '--help'])
    return stdout.slice(stdout.indexOf('Exit codes:')).replace(/\s+/g, ' ')
  }

  it('scan states its own: 0 nothing failed; 1 a failed, malformed or high-finding token; 2 usage, unreadable input, or globs leaving nothing', async () => {
    const text = await footer(['scan'])
    expect(text).toContain('0 nothing failed; 1 a token failed verification or policy')
    expect(text).toContain('a malformed token, a high finding, or with --fail-unverifiable')
    expect(text).toContain(
      'exit 2 is also given when an input cannot be read, when --include/--exclude leave no file to read, and when --json or --sarif pass their distinct-token budget; 2 bad usage, unreadable input',
    )
    expect(text).not.toContain('refused by the current state')
    expect((await runCli(['scan', '--help'])).stdout.replace(/\s+/g, ' ')).toContain(
      'without "/" it matches names at any depth',
    )
  })

  it('jwks lint, jwks diff and verify --tokens say what their exit 1 means', async () => {
    expect(await footer(['jwks', 'lint'])).toContain('0 no high finding; 1 at least one high finding')
    expect(await footer(['jwks', 'diff'])).toContain(
      "1 a removal is unsafe for the set's lifecycle, or a kid's key changed",
    )
    expect(await footer(['verify'])).toContain('(with --tokens: any token not valid)')
    for (const command of [['jwks', 'lint'], ['jwks', 'diff'], ['verify'], ['info']])
      expect((await footer(command)).match(/; 2 /g) ?? [], command.join(' ')).toHaveLength(1)
  })
})
