import { spawn, spawnSync } from 'node:child_process'
import { generateKeyPairSync, sign } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scanNdjsonLineSchema } from '#cli/output/json-schemas'
import { signetBin } from '#test/support/run-cli'

/**
 * `signet scan --ndjson` streams: a token's line is out while the input is still being written, a
 * later sighting of a printed token is a location line, every line matches the NDJSON schema
 * (version 2), and the README's shard-and-merge commands work as written.
 */

const now = Math.floor(Date.now() / 1000)
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const es256 = (claims: object) => {
  const input = `${b64({ alg: 'ES256', typ: 'JWT', kid: 'k1' })}.${b64(claims)}`
  const signature = sign('sha256', Buffer.from(input), { key: pair.privateKey, dsaEncoding: 'ieee-p1363' })
  return `${input}.${signature.toString('base64url')}`
}
const tokens = Array.from({ length: 6 }, (_, i) =>
  es256({ iss: 'https://issuer.example', sub: `user-${i}`, aud: 'api', iat: now, exp: now + 600 }),
)

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-scan-stream-'))
  writeFileSync(
    join(dir, 'jwks.json'),
    JSON.stringify({ keys: [{ ...pair.publicKey.export({ format: 'jwk' }), kid: 'k1' }] }),
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Line {
  type: string
  sha256: string
  occurrences: number
  locations: { file: string; line: number; column: number }[]
  location: { file: string; line: number; column: number }
  verdict: string
  tokens: { distinct: number; occurrences: number }
}

describe('signet scan --ndjson', () => {
  it('prints a token before its input ends, then later sightings as location lines, summary last', async () => {
    const child = spawn(process.execPath, [signetBin, 'scan', '-', '--ndjson', '--jobs', '1'], {
      env: { ...process.env, NO_COLOR: '1', NODE_EXTRA_CA_CERTS: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text))
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    // The first half: two tokens, one of them twice.
    child.stdin.write(`a ${tokens[0]}\nb ${tokens[1]}\nc ${tokens[0]}\n`)
    const deadline = Date.now() + 60_000
    while (!stdout.includes('"type":"token"') && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50))
    // Standard input is still open: what is printed was printed while the input went on.
    expect(child.stdin.writableEnded).toBe(false)
    expect(child.exitCode).toBeNull()
    expect(stdout, stderr).toContain('"type":"token"')
    const early = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line)
    expect(early.every((line) => line.type === 'token')).toBe(true)
    // The second half: a token already printed, and a new one.
    child.stdin.end(`d ${tokens[0]}\ne ${tokens[2]}\n`)
    expect(await exited, stderr).toBe(0)
    const lines = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line)
    for (const line of lines) expect(scanNdjsonLineSchema.safeParse(line).error).toBeUndefined()
    expect(lines.at(-1)!.type).toBe('summary')
    expect(lines.at(-1)!.tokens).toMatchObject({ distinct: 3, occurrences: 5 })
    const first = lines.find((line) => line.type === 'token' && line.locations[0]!.line === 1)!
    expect(first.locations.map((l) => l.line)).toEqual([1, 3])
    expect(first.occurrences).toBe(2)
    const later = lines.filter((line) => line.type === 'location')
    expect(later.map((line) => [line.sha256, line.location.line])).toEqual([[first.sha256, 4]])
    expect(lines.filter((line) => line.type === 'token').map((line) => line.locations[0]!.line)).toEqual([1, 2, 5])
  }, 120_000)

  it("merges shards with the README's commands into one record per token with every location", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const block = /```sh\n(ls logs\/\*\.gz \| xargs[^\n]*\ncat logs\/\*\.ndjson \| jq[^\n]*)\n```/.exec(readme)
    expect(block, 'the shard example in the README').not.toBeNull()
    const work = join(dir, 'shards')
    mkdirSync(join(work, 'logs'), { recursive: true })
    writeFileSync(join(work, 'jwks.json'), readFileSync(join(dir, 'jwks.json')))
    // Three shards sharing tokens: token 0 in all, 1 in two, the rest in one; token 3 twice in one shard.
    const shards = [
      [tokens[0], tokens[1], tokens[3], tokens[3]],
      [tokens[1], tokens[0], tokens[4]],
      [tokens[5], tokens[0]],
    ]
    shards.forEach((shard, i) =>
      writeFileSync(join(work, 'logs', `gw-${i}.log.gz`), gzipSync(shard.map((t) => `GET / Bearer ${t}`).join('\n'))),
    )
    const bin = join(work, 'bin')
    mkdirSync(bin)
    // `npx signet` is this checkout's CLI (npx cannot run a project's own bin here: TOOLCHAIN.md)
    writeFileSync(join(bin, 'npx'), `#!/bin/sh\nshift\nexec "${process.execPath}" "${signetBin}" "$@"\n`, {
      mode: 0o755,
    })
    const run = spawnSync('sh', ['-c', block![1]!], {
      cwd: work,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(run.status, run.stderr).toBe(0)
    const merged = readFileSync(join(work, 'tokens.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Line)
    expect(merged).toHaveLength(5)
    for (const [i, token] of tokens.entries()) {
      if (i === 2) continue
      const expected = shards.flatMap((shard, s) =>
        shard.flatMap((t, line) => (t === token ? [`logs/gw-${s}.log.gz:${line + 1}`] : [])),
      )
      const record = merged.find((r) => r.locations.some((l) => expected.includes(`${l.file}:${l.line}`)))!
      expect(record.verdict).toBe('valid')
      expect(record.locations.map((l) => `${l.file}:${l.line}`).sort()).toEqual(expected.sort())
      expect(record.occurrences).toBe(expected.length)
    }
  }, 180_000)
})
