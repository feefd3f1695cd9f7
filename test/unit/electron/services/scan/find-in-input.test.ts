import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { findInInput, type FindOptions, type FoundToken } from '#electron/services/scan/find-in-input'
import { maxGzipRatio } from '#shared/limits'

/**
 * One input's kind (shared/scan/input-kind.ts) and its budgets on real files: a HAR capture is
 * streamed entry by entry with a budget per entry; gzip is decompressed under its ratio budget.
 */

const dir = mkdtempSync(join(tmpdir(), 'signet-find-har-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln'

function entryWith(comment: string) {
  return { request: { headers: [{ name: 'Authorization', value: `Bearer ${token}` }] }, comment }
}
function harWith(comment: string): string {
  return JSON.stringify({ log: { entries: [entryWith(comment)] } })
}

async function scan(name: string, bytes: Buffer | string, options: FindOptions = {}) {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  const found: FoundToken[] = []
  const outcome = await findInInput(path, (hits) => void found.push(...hits), options)
  return { path, outcome, found }
}

describe('the kind of an input', () => {
  const har = harWith('x')
  it('reads a HAR by its name or by how it starts, gzipped or not, whatever the name', async () => {
    for (const [name, bytes] of [
      ['a.har', har],
      ['capture.json', har],
      ['capture.har.gz', gzipSync(har)],
      ['capture.log.gz', gzipSync(`\ufeff\n ${har}`)],
      ['capture', gzipSync(har)],
    ] as const) {
      const { found, outcome } = await scan(name, bytes)
      expect(outcome.status, name).toBe('scanned')
      expect(
        found.map((f) => f.location),
        name,
      ).toEqual([{ file: join(dir, name), entry: 0, field: 'request.headers[Authorization]' }])
    }
  })
  it('searches as text what only looked like a HAR, and refuses a .har that is not one', async () => {
    const notHar = `{"log": "started"}\nuser=a token=${token}\n`
    const looked = await scan('app.log', notHar)
    expect(looked.outcome.status).toBe('scanned')
    expect(looked.found.map((f) => f.location)).toEqual([{ file: looked.path, line: 2, column: 14 }])
    const gz = await scan('app.log.gz', gzipSync(notHar))
    expect(gz.found.map((f) => f.location)).toEqual([{ file: gz.path, line: 2, column: 14 }])
    const named = await scan('broken.har', notHar)
    expect(named.outcome).toMatchObject({ status: 'error', error: { code: 'ERR_SCAN_HAR_INVALID' } })
    const noHar = await scan('plain.har', har, { harAware: false })
    expect(noHar.found.map((f) => f.location)).toEqual([{ file: noHar.path, line: 1, column: har.indexOf(token) + 1 }])
  })
  it('reads a capture larger than one read, its chunks split anywhere, with invalid UTF-8 in it', async () => {
    const entries = Array.from({ length: 400 }, (_, i) => entryWith(`€${'x'.repeat(i * 7)}`))
    const text = JSON.stringify({ log: { entries } })
    const [before, after] = text.split('"€"') as [string, string]
    const bytes = Buffer.concat([Buffer.from(`${before}"`), Buffer.alloc(100, 0xff), Buffer.from(`"${after}`)])
    expect(bytes.length).toBeGreaterThan(512 * 1024)
    const { outcome, found } = await scan('big.har', bytes)
    expect(outcome).toMatchObject({ status: 'scanned', characters: bytes.length })
    expect(found.map((f) => 'entry' in f.location && f.location.entry)).toEqual(entries.map((_, i) => i))
  })
})

describe('budgets', () => {
  it('skips a HAR entry above the budget, scans the rest, and reports the skip with the limit', async () => {
    const text = JSON.stringify({ log: { entries: [entryWith('a'), entryWith('b'.repeat(5000)), entryWith('c')] } })
    const { path, outcome, found } = await scan('one-big.har', text, { har: { maxEntryBytes: 4096 } })
    expect(found.map((f) => 'entry' in f.location && f.location.entry)).toEqual([0, 2])
    expect(outcome.status).toBe('error')
    expect(outcome.error).toEqual({
      code: 'ERR_SCAN_HAR_ENTRY_TOO_LARGE',
      message: expect.stringContaining(`"${path}": entry 1 (`),
    })
    expect(outcome.error!.message).toContain('above the 4 KiB limit for one HAR entry was skipped')
  })
  it('stops a gzip bomb at the ratio budget and reports it; a real log gzipped is read whole', async () => {
    // 64 MiB of "A" compresses ~1000:1: far past the ratio.
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x41))
    const { path, outcome } = await scan('bomb.log.gz', bomb)
    expect(outcome.status).toBe('error')
    expect(outcome.error!.code).toBe('ERR_SCAN_GZIP_TOO_LARGE')
    expect(outcome.error!.message).toContain(`"${path}" decompresses to more than`)
    expect(outcome.error!.message).toContain(`${maxGzipRatio} times its compressed size, at most 4 GiB`)
    const harBomb = await scan(
      'bomb.har.gz',
      gzipSync(Buffer.concat([Buffer.from('{"log":{"entries":[{"comment":"'), Buffer.alloc(64 * 1024 * 1024, 0x41)])),
    )
    expect(harBomb.outcome.error!.code).toBe('ERR_SCAN_GZIP_TOO_LARGE')
    const lines = Array.from({ length: 20_000 }, (_, i) => `ts=${i} level=info msg="request ${i * 7919}"`)
    const log = `${lines.join('\n')}\nBearer ${token}\n`
    const real = await scan('real.log.gz', gzipSync(log))
    expect(real.outcome.status).toBe('scanned')
    expect(real.found.map((f) => f.token)).toEqual([token])
  })
})
