import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { writeFileAtomic } from '../../adapters/atomic-file'
import { SignetError } from '#shared/errors'
import { maxBackupBytes } from './format'
import { formatBytes } from '#shared/text/format-bytes'

/** Reading and writing backup files, every fs failure turned into an error that names the file. */

export async function readBackupFile(path: string): Promise<{ text: string; bytes: number; sha256: string }> {
  let size: number
  try {
    const info = await stat(path)
    if (info.isDirectory()) throw Object.assign(new Error('it is a directory'), { code: 'EISDIR' })
    size = info.size
  } catch (error) {
    throw unreadable(path, error)
  }
  if (size > maxBackupBytes) {
    throw new SignetError(
      'ERR_BACKUP_CORRUPT',
      `${path} is ${formatBytes(size)}, larger than any Signet backup (${formatBytes(maxBackupBytes)} at most): it is not a backup.`,
      { segment: path },
    )
  }
  let buffer: Buffer
  try {
    buffer = await readFile(path)
  } catch (error) {
    throw unreadable(path, error)
  }
  return {
    text: buffer.toString('utf8'),
    bytes: buffer.length,
    sha256: createHash('sha256').update(buffer).digest('hex'),
  }
}

/**
 * Writes the whole file or nothing: a temporary file beside the target, flushed, then renamed over
 * it. Owner-only permissions: the file is encrypted, but there is no reason to hand it to others.
 */
export async function writeBackupFile(
  path: string,
  text: string,
  options: { overwrite: boolean },
): Promise<{ bytes: number; sha256: string }> {
  if (!options.overwrite) {
    const exists = await stat(path).then(
      () => true,
      () => false,
    )
    if (exists) {
      throw new SignetError(
        'ERR_BACKUP_UNWRITABLE',
        `${path} already exists; choose another name, or allow replacing it (--force on the command line).`,
        { segment: path },
      )
    }
  }
  const buffer = Buffer.from(text, 'utf8')
  try {
    await writeFileAtomic(path, buffer)
  } catch (error) {
    throw new SignetError(
      'ERR_BACKUP_UNWRITABLE',
      `Could not write the backup to ${path}: ${reason(error)}. Check that the folder exists, is writable and has space.`,
      { segment: path },
    )
  }
  return { bytes: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex') }
}

function unreadable(path: string, error: unknown): SignetError {
  return new SignetError('ERR_FILE_UNREADABLE', `Cannot read the backup file ${path}: ${reason(error)}.`, {
    segment: path,
  })
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'no such file or folder'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'EISDIR') return 'it is a directory'
  if (code === 'ENOSPC') return 'the disk is full'
  return (error as Error).message
}
