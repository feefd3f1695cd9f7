import type { RevocationListSavedExport } from '../../../shared/contract/revocation-list'
import { SignetError } from '../../../shared/errors'
import { writeFileAtomic } from '../../adapters/atomic-file'
import type { ServiceContext } from '../context'
import { exportRevocationList } from './export-revocation-list'

/**
 * Signs a set's revocation list (see exportRevocationList) and writes it, as compact JWS text with
 * a final newline, to the file main's own save dialog chose: `file` is the one-time handle
 * dialog:save-revocation-list returned, spent by the write. The page never names the path. The
 * write is atomic (temp file, fsync, rename). Errors: those of exportRevocationList;
 * ERR_FILE_HANDLE_* / ERR_FILE_PATH_REFUSED for the handle; ERR_REVOCATION_LIST_TOKEN when the file
 * cannot be written.
 */
export async function saveRevocationListToken(
  context: ServiceContext,
  input: { set: string; file: string },
): Promise<RevocationListSavedExport> {
  return context.fileHandles.redeem(
    input.file,
    'save-revocation-list',
    async (path) => {
      const exported = await exportRevocationList(context, input.set)
      const text = `${exported.token}\n`
      try {
        await writeFileAtomic(path, text)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new SignetError(
          'ERR_REVOCATION_LIST_TOKEN',
          `The revocation list of set "${input.set}" was signed but could not be written to ${path} (${reason.slice(0, 200)}). Choose another folder and export again.`,
          { segment: 'file' },
        )
      }
      return { ...exported, path, bytes: new TextEncoder().encode(text).length }
    },
    { spend: true },
  )
}
