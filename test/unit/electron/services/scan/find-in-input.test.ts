import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { truncate } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { findInInput, type FoundToken } from '#electron/services/scan/find-in-input'
import { formatBytes } from '#shared/text/format-bytes'

/**
 * The HAR size budget on real files: measured on the file's bytes (decompressed for .har.gz) before
 * they are decoded, so the limit, the check and the message all speak of bytes.
 */

const dir = mkdtempSync(join(tmpdir(), 'signet-find-har-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln'

function harWith(comment: string): string {
  return JSON.stringify({
    log: { entries: [{ request: { headers: [{ name: 'Authorization', value: `Bearer ${token}` }] }, comment }] },
  })
}

async function scan(name: string, bytes: Buffer | string, maxBytes: number) {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  const found: FoundToken[] = []
  const outcome = await findInInput(path, (hits) => void found.push(...hits), { har: { maxBytes } })
  return { path, outcome, found }
}

describe('a HAR capture against its byte budget', () => {
  it('refuses a file of multi-byte characters by its bytes, though its characters are under the limit', async () => {
    const text = harWith('€'.repeat(400))
    expect(text.length).toBeLessThan(1000)
    const bytes = Buffer.byteLength(text)
    const { path, outcome } = await scan('multi.har', text, 1000)
    expect(outcome.status).toBe('error')
    expect(outcome.error).toEqual({
      code: 'ERR_SCAN_HAR_TOO_LARGE',
      message: `"${path}" is ${formatBytes(bytes)}, above the 1,000 bytes limit for a HAR capture; split the capture, or scan it as plain text with --no-har.`,
    })
  })

  it('reads a capture exactly at the limit, and one whose invalid bytes decode to more UTF-8 than the file holds', async () => {
    const text = harWith('x')
    const atLimit = await scan('exact.har', text, Buffer.byteLength(text))
    expect(atLimit.outcome.status).toBe('scanned')
    expect(atLimit.found.map((f) => f.token)).toEqual([token])
    // 100 bytes 0xff become 100 U+FFFD (300 bytes of UTF-8): the file is what was measured.
    const [before, after] = text.split('"x"') as [string, string]
    const invalid = Buffer.concat([Buffer.from(`${before}"`), Buffer.alloc(100, 0xff), Buffer.from(`"${after}`)])
    const { outcome } = await scan('invalid.har', invalid, invalid.length)
    expect(outcome.status).toBe('scanned')
  })

  it('refuses a file from its size before reading it (a sparse 3 GiB file, which reading would fail on)', async () => {
    const path = join(dir, 'huge.har')
    writeFileSync(path, '{')
    await truncate(path, 3 * 1024 ** 3)
    const outcome = await findInInput(path, () => {}, {})
    expect(outcome.error).toMatchObject({
      code: 'ERR_SCAN_HAR_TOO_LARGE',
      message: expect.stringContaining('is 3 GiB, above the 512 MiB limit'),
    })
  })

  it('refuses a .har.gz that decompresses past the limit, stating the limit', async () => {
    const text = harWith('a'.repeat(5000))
    const { path, outcome } = await scan('big.har.gz', gzipSync(text), 4096)
    expect(outcome.error).toEqual({
      code: 'ERR_SCAN_HAR_TOO_LARGE',
      message: `"${path}" is more than 4 KiB decompressed, above the 4 KiB limit for a HAR capture; split the capture, or scan it as plain text with --no-har.`,
    })
    const fits = await scan('fits.har.gz', gzipSync(text), Buffer.byteLength(text))
    expect(fits.found.map((f) => f.token)).toEqual([token])
  })
})
