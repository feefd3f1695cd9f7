import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readBackupFile, writeBackupFile } from '#electron/services/backup/files'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-backup-files-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('writeBackupFile', () => {
  it('writes owner-only, leaves no temporary file, and reports size and SHA-256', async () => {
    const path = join(dir, 'a.signet-backup')
    const result = await writeBackupFile(path, 'content\n', { overwrite: false })
    expect(readFileSync(path, 'utf8')).toBe('content\n')
    expect(result).toEqual({ bytes: 8, sha256: createHash('sha256').update('content\n').digest('hex') })
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o077).toBe(0)
    expect(readdirSync(dir)).toEqual(['a.signet-backup'])
  })

  it('refuses to replace an existing file unless asked', async () => {
    const path = join(dir, 'a.signet-backup')
    writeFileSync(path, 'old')
    await expect(writeBackupFile(path, 'new', { overwrite: false })).rejects.toMatchObject({
      code: 'ERR_BACKUP_UNWRITABLE',
      message: expect.stringContaining('already exists'),
    })
    expect(readFileSync(path, 'utf8')).toBe('old')
    await writeBackupFile(path, 'new', { overwrite: true })
    expect(readFileSync(path, 'utf8')).toBe('new')
  })

  it('names the file when its folder does not exist, and leaves nothing behind', async () => {
    await expect(
      writeBackupFile(join(dir, 'missing', 'a.signet-backup'), 'x', { overwrite: false }),
    ).rejects.toMatchObject({
      code: 'ERR_BACKUP_UNWRITABLE',
      message: expect.stringContaining('no such file or folder'),
    })
  })
})

describe('readBackupFile', () => {
  it('reads text, size and hash', async () => {
    const path = join(dir, 'b.signet-backup')
    writeFileSync(path, 'abc')
    expect(await readBackupFile(path)).toEqual({
      text: 'abc',
      bytes: 3,
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    })
  })

  it('turns fs failures into ERR_FILE_UNREADABLE naming the file', async () => {
    await expect(readBackupFile(join(dir, 'nope'))).rejects.toMatchObject({
      code: 'ERR_FILE_UNREADABLE',
      message: expect.stringContaining('no such file'),
    })
    await expect(readBackupFile(dir)).rejects.toMatchObject({
      code: 'ERR_FILE_UNREADABLE',
      message: expect.stringContaining('directory'),
    })
  })

  it('does not read a huge file into memory', async () => {
    const path = join(dir, 'huge.signet-backup')
    writeFileSync(path, '')
    truncateSync(path, 40 * 1024 * 1024) // sparse
    await expect(readBackupFile(path)).rejects.toMatchObject({ code: 'ERR_BACKUP_CORRUPT' })
  })
})
