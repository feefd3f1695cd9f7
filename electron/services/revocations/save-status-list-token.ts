import type { StatusListSavedExport } from '../../../shared/contract/revocations'
import { SignetError } from '../../../shared/errors'
import { writeFileAtomic } from '../../adapters/atomic-file'
import type { ServiceContext } from '../context'
import { exportStatusList } from './export-status-list'

/**
 * Signs a managed list (see exportStatusList) and writes the Status List Token, as compact JWS
 * text with a final newline, to the file main's own save dialog chose: `file` is the one-time
 * handle dialog:save-status-list returned, spent by the write. The page never names the path.
 * The write is atomic (temp file, fsync, rename), so a crash leaves the old file or the new one.
 * Errors: those of exportStatusList; ERR_FILE_HANDLE_* / ERR_FILE_PATH_REFUSED for the handle;
 * ERR_STATUS_LIST_TOKEN when the file cannot be written (what, where, what to do).
 */
export async function saveStatusListToken(
  context: ServiceContext,
  input: { name: string; file: string },
): Promise<StatusListSavedExport> {
  return context.fileHandles.redeem(
    input.file,
    'save-status-list',
    async (path) => {
      const exported = await exportStatusList(context, input.name)
      const text = `${exported.token}\n`
      try {
        await writeFileAtomic(path, text)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new SignetError(
          'ERR_STATUS_LIST_TOKEN',
          `The Status List Token for "${input.name}" was signed but could not be written to ${path} (${reason.slice(0, 200)}). Choose another folder and export again.`,
          { segment: 'file' },
        )
      }
      return { ...exported, path, bytes: new TextEncoder().encode(text).length }
    },
    { spend: true },
  )
}
