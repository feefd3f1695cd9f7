import { spawn } from 'node:child_process'
import { generateKeyPairSync, sign } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { peakResidentSet } from '#test/support/peak-memory'
import { signetBin } from '#test/support/run-cli'

/**
 * `verify --tokens -` under a hostile line: a 50 MB line without a line break is dropped as it streams
 * (reported malformed, stating the limit) and the tokens after it are still verified — with the CLI's
 * peak memory about what a tiny input costs. readline held the whole line first: 50 MB of line cost
 * ~100 MB more, and a 1 GB line crashed with "Invalid string length".
 */

let dir: string
let token: string
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-long-line-'))
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  writeFileSync(join(dir, 'key.jwk'), JSON.stringify(pair.publicKey.export({ format: 'jwk' })))
  const input = `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64({ sub: 'long-line', exp: 4_000_000_000 })}`
  token = `${input}.${sign('sha256', Buffer.from(input), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs verify --tokens - with `lineMegabytes` MB of "A" as line 1 (streamed, never held here), then a token. */
function run(lineMegabytes: number): Promise<{ code: number | null; stdout: string; peakKb: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [signetBin, 'verify', '--tokens', '-', '--key', join(dir, 'key.jwk')], {
      env: { ...process.env, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: '' },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    let stdout = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    const megabyte = Buffer.alloc(1024 * 1024, 'A')
    let written = 0
    const writeMore = () => {
      while (written < lineMegabytes) {
        written++
        if (!child.stdin.write(megabyte)) return void child.stdin.once('drain', writeMore)
      }
      child.stdin.end(`\n${token}\n`)
    }
    child.stdin.on('error', () => {})
    writeMore()
    peakResidentSet(child).then(({ code, peakKb }) => resolve({ code, stdout, peakKb }), reject)
  })
}

describe('signet verify --tokens with a 50 MB line', () => {
  it('drops the line as it streams, reports it malformed with the limit, verifies the next, at flat memory', async () => {
    const small = await run(0)
    expect(small.stdout).toMatch(/^VALID\s+line 2/m)
    const big = await run(50)
    expect(big.code).toBe(1)
    expect(big.stdout).toMatch(
      /^MALFORMED\s+line 1\s+ERR_TOKEN_MALFORMED: the line is longer than 1,048,576 characters/m,
    )
    expect(big.stdout).toMatch(/^VALID\s+line 2/m)
    expect(big.stdout).toMatch(/2 tokens: 1 valid, 0 invalid, 0 unverified, 1 malformed/)
    // a few chunks and the 1 MiB a line may hold, not the line: well under its 50 MB
    expect(big.peakKb - small.peakKb).toBeLessThan(25 * 1024)
  }, 120_000)
})
