import { statSync } from 'node:fs'
import { join } from 'node:path'
import { storeFileName } from '../adapters/store'
import { anchorFileName } from './audit/anchor'
import { auditLogFileName } from './audit/entry'
import { recoveryMarkerFileName } from '../adapters/store-recovery-marker'

/**
 * Signet creates its data directory 0700 and its files 0600 whatever the umask; a directory or
 * file made by an older release, another tool or a restore may be wider. This says which, without
 * changing anything (a read-only command must not), so `signet info` and the app can tell the user.
 * POSIX modes only: on Windows the ACLs of the user's profile folder govern, and nothing is reported.
 *
 * Returns one sentence per problem, each naming the path, its mode and the fix.
 */
export function dataPermissionWarnings(dataDir: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') return []
  const warnings: string[] = []
  const check = (path: string, kind: 'directory' | 'file', wanted: number) => {
    let mode: number
    try {
      mode = statSync(path).mode & 0o777
    } catch {
      return
    }
    if ((mode & 0o077) === 0) return
    const shown = mode.toString(8).padStart(3, '0')
    warnings.push(
      `The ${kind} ${path} is readable or writable by others (mode ${shown}); Signet keeps it ${wanted.toString(8)}. Run: chmod ${wanted.toString(8)} '${path}'`,
    )
  }
  check(dataDir, 'directory', 0o700)
  for (const name of [storeFileName, auditLogFileName, anchorFileName, recoveryMarkerFileName])
    check(join(dataDir, name), 'file', 0o600)
  return warnings
}
