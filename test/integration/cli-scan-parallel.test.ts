import { createHmac, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'

/**
 * `signet scan` verifying on worker threads: 900 distinct HS256 tokens across three logs (valid,
 * tampered, expired, a short-lived one judged at the scan's instant), with duplicates. With
 * `--jobs 3` the --json and SARIF output is byte for byte that of `--jobs 1` (input order, same
 * verdicts), --ndjson holds the same tokens and locations, and the verdict counts are the ones planted.
 */

const now = Math.floor(Date.now() / 1000)
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-parallel-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet scan --jobs N verifies on workers', () => {
  it('gives the output of --jobs 1, in the same order', async () => {
    const secret = randomBytes(32)
    writeFileSync(join(dir, 'hs.secret'), secret.toString('hex'))
    const sign = (claims: object, tamper = false) => {
      const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`
      const mac = createHmac('sha256', secret).update(input).digest()
      if (tamper) mac[0]! ^= 1
      return `${input}.${mac.toString('base64url')}`
    }
    const planted = { valid: 0, invalid: 0, expired: 0 }
    const lines: string[][] = [[], [], []]
    for (let i = 0; i < 900; i++) {
      const kind = i % 9 === 0 ? 'invalid' : i % 7 === 0 ? 'expired' : 'valid'
      planted[kind]++
      const token = sign(
        { sub: `user-${i}`, iat: now - 60, exp: kind === 'expired' ? now - 3600 : now + 3600 },
        kind === 'invalid',
      )
      lines[i % 3]!.push(`line ${i} token=${token};`)
      // a duplicate in another file: counted, analysed once
      if (i % 50 === 0) lines[(i + 1) % 3]!.push(`again "${token}"`)
    }
    lines.forEach((content, i) => writeFileSync(join(dir, `part-${i}.log`), `${content.join('\n')}\n`))
    const scan = (jobs: string, format = '--ndjson') =>
      runCli(
        [
          'scan',
          dir,
          '--include',
          '*.log',
          format,
          '--secret-file',
          join(dir, 'hs.secret'),
          '--secret-encoding',
          'hex',
          '--jobs',
          jobs,
        ],
        { timeoutMs: 120_000 },
      )
    const one = await scan('1')
    const three = await scan('3')
    expect(one.code, one.stderr).toBe(1)
    expect(three.code, three.stderr).toBe(1)
    const summary = (stdout: string) =>
      JSON.parse(stdout.trim().split('\n').at(-1)!) as {
        byVerdict: object
        tokens: { distinct: number; occurrences: number }
      }
    expect(summary(one.stdout).byVerdict).toEqual(planted)
    expect(summary(one.stdout).tokens).toMatchObject({ distinct: 900, occurrences: 918 })
    // NDJSON comes in analysis order, and a token's later sightings as location lines: fold those into
    // their tokens (as the README's shard merge does) and compare the tokens as a set.
    const perToken = (stdout: string) => {
      const tokens = new Map<string, { sha256: string; occurrences: number; locations: unknown[] }>()
      for (const line of stdout.trim().split('\n').slice(0, -1)) {
        const parsed = JSON.parse(line) as {
          type: string
          sha256: string
          location?: unknown
          occurrences: number
          locations: unknown[]
        }
        if (parsed.type === 'token') tokens.set(parsed.sha256, parsed)
        else tokens.get(parsed.sha256)!.locations.push(parsed.location)
      }
      return [...tokens.values()]
        .map((t) => ({
          ...t,
          occurrences: t.locations.length,
          locations: [...t.locations].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
        }))
        .sort((a, b) => a.sha256.localeCompare(b.sha256))
    }
    expect(perToken(three.stdout)).toEqual(perToken(one.stdout))
    expect(perToken(one.stdout).filter((t) => t.locations.length === 2)).toHaveLength(18)

    // --json (and the human report, and SARIF): the order of --jobs 1 exactly, whatever order the workers finish in.
    const [jsonOne, jsonThree, jsonThreeAgain] = [
      await scan('1', '--json'),
      await scan('3', '--json'),
      await scan('3', '--json'),
    ]
    expect(jsonOne.code, jsonOne.stderr).toBe(1)
    expect(jsonThree.stdout).toBe(jsonOne.stdout)
    expect(jsonThreeAgain.stdout).toBe(jsonOne.stdout)
    const human = [await scan('1', '--sarif'), await scan('3', '--sarif')]
    expect(human[1]!.stdout).toBe(human[0]!.stdout)
  }, 240_000)

  it('keeps first-seen order exactly when the input is one stream', async () => {
    const secret = 'x'.repeat(40)
    writeFileSync(join(dir, 'utf8.secret'), secret)
    const lines = Array.from({ length: 700 }, (_, i) => {
      const input = `${b64({ alg: 'HS256' })}.${b64({ n: i, exp: now + (i % 5 === 0 ? -3600 : 600) })}`
      return `${i}: ${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`
    })
    const input = `${lines.join('\n')}\n`
    const run = (jobs: string) =>
      runCli(['scan', '-', '--ndjson', '--secret-file', join(dir, 'utf8.secret'), '--jobs', jobs], {
        input,
        timeoutMs: 120_000,
      })
    const [one, four] = [await run('1'), await run('4')]
    expect(one.code, one.stderr).toBe(1)
    expect(four.stdout).toBe(one.stdout)
    const ns = one.stdout
      .trim()
      .split('\n')
      .slice(0, -1)
      .map((line) => (JSON.parse(line) as { locations: { line: number }[] }).locations[0]!.line)
    expect(ns).toEqual(Array.from({ length: 700 }, (_, i) => i + 1))
  }, 240_000)
})
