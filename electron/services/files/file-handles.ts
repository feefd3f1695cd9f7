import { randomBytes } from 'node:crypto'
import { SignetError } from '#shared/errors'
import { checkChosenFolder, checkChosenPath } from './chosen-path'

/**
 * The only way a file reaches a backup service: a handle that main issued for a path main itself
 * obtained (from its native dialog in the app, from its own argv in the CLI). The page never names
 * a path; it carries the handle from the dialog channel to the backup channel and back, nothing more.
 *
 * A handle is 32 random bytes (base64url, 43 characters: unguessable), bound to one purpose
 * ("save-backup" or "open-backup"), valid for `lifetimeMs` (5 minutes by default), and spent by the
 * operation it authorises: the write of a backup, a (non-dry-run) restore. Read-only steps before it
 * (inspect, a dry run) may use it while it lives, since they change nothing; a failed write or
 * restore leaves it usable, so the user can correct a passphrase without choosing the file again.
 * Handles live in this process's memory only: a restart forgets every one.
 */

export const filePurposes = [
  'save-backup',
  'open-backup',
  'save-status-list',
  'publish-folder',
  'save-revocation-list',
  'save-public-key',
  'save-audit-export',
  'save-scan-report',
] as const
export type FilePurpose = (typeof filePurposes)[number]

export const defaultHandleLifetimeMs = 5 * 60 * 1000
/** more outstanding handles than any person could have dialogs for: the oldest are forgotten */
const maxOutstanding = 64

const purposeText: Record<FilePurpose, string> = {
  'save-backup': 'saving a backup',
  'open-backup': 'opening a backup',
  'save-status-list': 'saving a Status List Token',
  'publish-folder': "a publish target's folder",
  'save-revocation-list': 'saving a revocation list',
  'save-public-key': 'saving a public key',
  'save-audit-export': 'saving an audit export',
  'save-scan-report': 'saving a scan report',
}

export interface FileHandles {
  /** checks the path (see checkChosenPath) and returns a fresh handle for it; ERR_FILE_PATH_REFUSED */
  issue(purpose: FilePurpose, path: string): Promise<string>
  /**
   * Runs `use` with the handle's path, the handle held so no second call can use it meanwhile.
   * `spend`: forget the handle once `use` succeeds. Errors: ERR_FILE_HANDLE_INVALID (unknown,
   * forged, spent, in use), ERR_FILE_HANDLE_EXPIRED, ERR_FILE_HANDLE_PURPOSE, ERR_FILE_PATH_REFUSED.
   */
  redeem<T>(
    handle: string,
    purpose: FilePurpose,
    use: (path: string) => Promise<T>,
    options: { spend: boolean },
  ): Promise<T>
}

interface Entry {
  purpose: FilePurpose
  path: string
  expiresAt: number
  busy: boolean
}

export function createFileHandles(options: { now: () => Date; lifetimeMs?: number }): FileHandles {
  const lifetime = options.lifetimeMs ?? defaultHandleLifetimeMs
  const entries = new Map<string, Entry>()
  const clock = () => options.now().getTime()

  return {
    async issue(purpose, path) {
      await check(path, purpose)
      const now = clock()
      for (const [handle, entry] of entries) if (entry.expiresAt <= now && !entry.busy) entries.delete(handle)
      while (entries.size >= maxOutstanding) entries.delete(entries.keys().next().value!)
      const handle = randomBytes(32).toString('base64url')
      entries.set(handle, { purpose, path, expiresAt: now + lifetime, busy: false })
      return handle
    },

    async redeem(handle, purpose, use, { spend }) {
      const entry = entries.get(handle)
      if (!entry || entry.busy) {
        throw new SignetError(
          'ERR_FILE_HANDLE_INVALID',
          `This file handle is not one Signet issued, was already used, or is in use right now. Choose the file again (${purposeText[purpose]} always starts at the file dialog). Nothing was read or written.`,
          { segment: 'file' },
        )
      }
      if (entry.purpose !== purpose) {
        throw new SignetError(
          'ERR_FILE_HANDLE_PURPOSE',
          `This file was chosen for ${purposeText[entry.purpose]}, not for ${purposeText[purpose]}. Choose the file again in the right dialog. Nothing was read or written.`,
          { segment: 'file' },
        )
      }
      if (entry.expiresAt <= clock()) {
        entries.delete(handle)
        throw new SignetError(
          'ERR_FILE_HANDLE_EXPIRED',
          `The file choice expired (a chosen file may be used for ${Math.round(lifetime / 60_000)} minutes). Choose the file again. Nothing was read or written.`,
          { segment: 'file' },
        )
      }
      entry.busy = true
      try {
        await check(entry.path, purpose)
        const result = await use(entry.path)
        if (spend) entries.delete(handle)
        return result
      } finally {
        entry.busy = false
      }
    },
  }
}

/** A publish folder must be an existing folder; a backup or token file, a regular file (or a new one). */
function check(path: string, purpose: FilePurpose): Promise<void> {
  if (purpose === 'publish-folder') return checkChosenFolder(path)
  return checkChosenPath(path, purpose === 'open-backup' ? 'open' : 'save')
}
