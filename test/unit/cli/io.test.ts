import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { truncate } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readUserFile, type ByteBudget } from '#cli/io'
import { SignetError } from '#shared/errors'

/** A byte budget on a file the user named is checked on the file's size, before it is read or decoded. */

const dir = mkdtempSync(join(tmpdir(), 'signet-cli-io-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const sizes: (number | undefined)[] = []
const budget: ByteBudget = {
  maxBytes: 1000,
  tooLarge: (bytes) => {
    sizes.push(bytes)
    return new SignetError('ERR_JWKS_TOO_LARGE', `too large: ${bytes}`)
  },
}

describe('readUserFile with a byte budget', () => {
  it('refuses by bytes a file whose decoded text is under the limit in characters', () => {
    const path = join(dir, 'multi.txt')
    writeFileSync(path, '€'.repeat(400))
    expect(() => readUserFile(path, 'JWKS', budget)).toThrow(expect.objectContaining({ code: 'ERR_JWKS_TOO_LARGE' }))
    expect(sizes.at(-1)).toBe(1200)
    writeFileSync(path, '€'.repeat(333))
    expect(readUserFile(path, 'JWKS', budget)).toBe('€'.repeat(333))
  })

  it('refuses a sparse 3 GiB file from its size, which reading would fail on', async () => {
    const path = join(dir, 'huge.json')
    writeFileSync(path, '{')
    await truncate(path, 3 * 1024 ** 3)
    expect(() => readUserFile(path, 'JWKS', budget)).toThrow(expect.objectContaining({ code: 'ERR_JWKS_TOO_LARGE' }))
    expect(sizes.at(-1)).toBe(3 * 1024 ** 3)
  })

  it('still names the file when it cannot be read at all', () => {
    expect(() => readUserFile(join(dir, 'missing.json'), 'JWKS', budget)).toThrow(
      expect.objectContaining({ code: 'ERR_FILE_UNREADABLE', message: expect.stringContaining('no such file') }),
    )
  })
})
