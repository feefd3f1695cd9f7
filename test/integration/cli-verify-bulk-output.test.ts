import { generateKeyPairSync, sign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'

/**
 * `signet verify --tokens` batches its result lines (cli/output/write.ts outLine / jsonLine) and
 * serialises a repeated token's trace once: the output must still be one line per token, in input
 * order, each exactly what verifying that line alone gives, with the summary last and untrusted
 * text escaped — over thousands of lines, so that many batches are written.
 */

let dir: string
let tokensFile: string
const expected: { line: number; kind: 'valid' | 'tampered' | 'malformed' }[] = []
/** the bidi override and ESC planted in the malformed lines, printed raw */
// eslint-disable-next-line no-control-regex -- matching the raw control character is the point
const unescaped = /[\u202e\u001b]/
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-bulk-'))
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  writeFileSync(join(dir, 'key.jwk'), JSON.stringify(pair.publicKey.export({ format: 'jwk' })))
  const input = `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64({ sub: 'bulk', exp: 4_000_000_000 })}`
  const token = `${input}.${sign('sha256', Buffer.from(input), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`
  const tampered = `${token.slice(0, -4)}AAAA`
  const lines: string[] = []
  for (let i = 0; i < 3000; i++) {
    const kind = i % 7 === 3 ? 'tampered' : i % 11 === 5 ? 'malformed' : 'valid'
    if (i % 13 === 0) lines.push(i % 2 ? '# a comment' : '')
    lines.push(kind === 'tampered' ? tampered : kind === 'malformed' ? 'not\u202e.a\u001b[2K.token!' : token)
    expected.push({ line: lines.length, kind })
  }
  tokensFile = join(dir, 'tokens.txt')
  writeFileSync(tokensFile, `${lines.join('\n')}\n`)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet verify --tokens output, batched', () => {
  it('--ndjson: one line per token in input order, a repeated token byte for byte its first line but for "line", summary last', async () => {
    const run = await runCli(['verify', '--tokens', tokensFile, '--key', join(dir, 'key.jwk'), '--ndjson'], {
      timeoutMs: 60_000,
    })
    expect(run.code).toBe(1)
    expect(run.stdout).not.toMatch(unescaped)
    const lines = run.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(expected.length + 1)
    const first = new Map<string, string>()
    lines.slice(0, -1).forEach((text, i) => {
      const parsed = JSON.parse(text) as { type: string; line: number; verdict: string }
      expect(parsed).toMatchObject({
        type: 'token',
        line: expected[i]!.line,
        verdict: { valid: 'valid', tampered: 'invalid', malformed: 'malformed' }[expected[i]!.kind],
      })
      // the same token's lines differ only in their line number
      const rest = text.replace(/^\{"type":"token","line":\d+,/, '')
      const seen = first.get(expected[i]!.kind)
      if (seen === undefined) first.set(expected[i]!.kind, rest)
      else expect(rest).toBe(seen)
    })
    const counts = { valid: 0, tampered: 0, malformed: 0 }
    for (const { kind } of expected) counts[kind]++
    expect(JSON.parse(lines.at(-1)!)).toEqual({
      type: 'summary',
      total: expected.length,
      valid: counts.valid,
      invalid: counts.tampered,
      unverified: 0,
      malformed: counts.malformed,
    })
  })

  it('human output and standard input: the same lines in the same order, the summary last', async () => {
    const args = ['--key', join(dir, 'key.jwk')]
    const fromFile = await runCli(['verify', '--tokens', tokensFile, ...args], { timeoutMs: 60_000 })
    const fromStdin = await runCli(['verify', '--tokens', '-', ...args], {
      input: readFileSync(tokensFile, 'utf8'),
      timeoutMs: 60_000,
    })
    expect(fromStdin.stdout).toBe(fromFile.stdout)
    const lines = fromFile.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(expected.length + 1)
    lines.slice(0, -1).forEach((text, i) => {
      const verdict = { valid: 'VALID', tampered: 'INVALID', malformed: 'MALFORMED' }[expected[i]!.kind]
      expect(text.startsWith(`${verdict.padEnd(10)} line ${expected[i]!.line}  `)).toBe(true)
    })
    expect(lines.at(-1)).toMatch(/^3,000 tokens: \d+ valid, \d+ invalid, 0 unverified, \d+ malformed$/)
    expect(fromFile.stdout).not.toMatch(unescaped)
  })
})
