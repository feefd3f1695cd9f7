import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli, type CliResult } from '../support/run-cli'

/**
 * Start-up (issue #9 item 4): `--version` and a plain `decode` run from out/cli/fast.mjs without
 * commander (cli/fast-path.ts). Each form here runs both ways through the real CLI — the fast one,
 * and the same call spelt so that only commander reads it (`decode -- <token>`, a global option
 * before `--version`; cli-startup-modules.test.ts shows those load commander and the fast ones do
 * not) — and the two must print the same bytes on stdout and stderr and exit the same.
 */

const b64 = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const jwt = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'x', iat: 1_600_000_000, exp: 4_000_000_000 })}.${b64('sig')}`
const tokens: Record<string, string> = {
  'a JWT': jwt,
  'an unsecured JWT': `${b64({ alg: 'none' })}.${b64({ sub: 'x' })}.`,
  'a compact JWE': `${b64({ alg: 'dir', enc: 'A128GCM', kid: 'k1' })}..${b64('123456789012')}.${b64('ciphertext')}.${b64('0123456789abcdef')}`,
  // JSON.parse would keep the last "alg": the position-tracking parser is loaded and reports it
  'a duplicate member': `${b64('{"alg":"HS256","alg":"none"}')}.${b64({ sub: 'x' })}.`,
  'control and bidi characters in a claim': `${b64({ alg: 'HS256' })}.${b64({ sub: 'a\u001b[2Jb\u202ec\nd' })}.${b64('s')}`,
  'a truncated token': jwt.slice(0, 30),
  'a payload that is not base64url': jwt.replace('.', '.!'),
  'the word help': 'help',
  'an empty argument': '',
}

function same(fast: CliResult, commander: CliResult): void {
  expect({ code: fast.code, stdout: fast.stdout, stderr: fast.stderr }).toEqual({
    code: commander.code,
    stdout: commander.stdout,
    stderr: commander.stderr,
  })
}

describe('signet decode: the fast path and commander print the same', () => {
  for (const [name, token] of Object.entries(tokens)) {
    it(name, async () => {
      const [human, humanCommander, jsonAfter, jsonBefore, jsonCommander] = await Promise.all([
        runCli(['decode', token]),
        runCli(['decode', '--', token]),
        runCli(['decode', token, '--json']),
        runCli(['decode', '--json', token]),
        runCli(['decode', '--json', '--', token]),
      ])
      same(human, humanCommander)
      same(jsonAfter, jsonCommander)
      same(jsonBefore, jsonCommander)
      // the forms differ in what they print: a test of nothing would pass with both empty
      expect(human.stdout + human.stderr).not.toBe('')
      expect(jsonCommander.stdout + jsonCommander.stderr).not.toBe('')
    })
  }

  it('standard input ("-"): a token, and input over the size limit', async () => {
    for (const input of [`Bearer ${jwt}\n`, 'x'.repeat(9 * 1024 * 1024)]) {
      const [fast, commander, fastJson, commanderJson] = await Promise.all([
        runCli(['decode', '-'], { input }),
        runCli(['decode', '--', '-'], { input }),
        runCli(['decode', '-', '--json'], { input }),
        runCli(['decode', '--json', '--', '-'], { input }),
      ])
      same(fast, commander)
      same(fastJson, commanderJson)
    }
  })
})

describe('signet --version: the fast path and commander print the same', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-fast-path-'))
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('--version and -V', async () => {
    const [long, short, commander] = await Promise.all([
      runCli(['--version']),
      runCli(['-V']),
      runCli(['--data-dir', dataDir, '--version']),
    ])
    same(long, commander)
    same(short, commander)
    expect(long.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/)
  })
})
