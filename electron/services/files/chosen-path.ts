import { realpath, stat } from 'node:fs/promises'
import { dirname, isAbsolute, win32 } from 'node:path'
import { SignetError } from '#shared/errors'

/**
 * Which paths a backup may be written to or read from, whoever chose them (a native dialog or the
 * command line): a local, absolute path to a regular file. Refused:
 * - UNC paths (`\\server\share\…`, `//server/share/…`): opening one makes Windows authenticate to
 *   that server (leaking the user's NTLM hash) and puts every private key on someone else's disk;
 * - device and kernel namespaces (`\\.\…`, `\\?\…`, `/dev/…`, `/proc/…`, `/sys/…`, and Windows
 *   device names such as `NUL` or `COM1`): not files, and a way around every check below;
 * - anything that is (or resolves through a symlink to) a directory, a device, a FIFO or a socket.
 *
 * Throws ERR_FILE_PATH_REFUSED naming the path and why.
 */
export function checkPathShape(path: string): void {
  if (path.length === 0 || path.length > 4096) refuse(path, 'it is empty or longer than 4,096 characters')
  if (path.includes('\0')) refuse(path, 'it contains a NUL character')
  if (/^[\\/]{2}/.test(path)) {
    refuse(
      path,
      /^[\\/]{2}[.?][\\/]/.test(path)
        ? 'it is a Windows device path (\\\\.\\ or \\\\?\\)'
        : 'it is a network (UNC) path; choose a folder on this machine',
    )
  }
  if (!isAbsolute(path) && !win32.isAbsolute(path)) refuse(path, 'it is not an absolute path')
  if (/^\/(dev|proc|sys)(\/|$)/.test(path))
    refuse(path, 'it is inside a device or kernel file system (/dev, /proc, /sys)')
  const base = path.split(/[\\/]/).pop() ?? ''
  if (/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i.test(base)) refuse(path, `"${base}" is a Windows device name`)
}

/**
 * The file system half of the rule, for a file about to be read (`open`) or written (`save`): the
 * real path (symlinks resolved) must pass checkPathShape too, and what is there must be a regular
 * file (or, for save, nothing yet, in a real folder).
 */
export async function checkChosenPath(path: string, purpose: 'open' | 'save'): Promise<void> {
  checkPathShape(path)
  const target = purpose === 'open' ? path : dirname(path)
  const real = await realpath(target).catch(() => null)
  if (real === null) return // missing: the read or write itself reports it, naming the file
  checkPathShape(real)
  const info = await stat(purpose === 'open' ? real : path).catch(() => null)
  if (purpose === 'open' && info && !info.isFile()) refuse(path, 'it is not a regular file')
  if (purpose === 'save') {
    if (info && !info.isFile()) refuse(path, 'something other than a regular file is already there')
    const realFile = await realpath(path).catch(() => null)
    if (realFile !== null) checkPathShape(realFile)
  }
}

/**
 * For a folder main's dialog (or the CLI's argv) chose as a publish target: the path and its real
 * path pass checkPathShape, and what is there is a directory. Throws ERR_FILE_PATH_REFUSED.
 */
export async function checkChosenFolder(path: string): Promise<void> {
  checkPathShape(path)
  const real = await realpath(path).catch(() => null)
  if (real === null) return // missing: adding the target reports it, naming the folder
  checkPathShape(real)
  const info = await stat(real).catch(() => null)
  if (!info?.isDirectory()) refuse(path, 'it is not a folder', 'publish target')
}

function refuse(path: string, why: string, use = 'backup'): never {
  throw new SignetError(
    'ERR_FILE_PATH_REFUSED',
    `Signet will not use "${path.slice(0, 300)}" for a ${use}: ${why}. Choose a ${use === 'backup' ? 'file' : 'folder'} on a local disk.`,
    { segment: 'file' },
  )
}
