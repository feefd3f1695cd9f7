import type { ErrorCode } from '#shared/errors'
import { SignetError } from '#shared/errors'
import { writeFileAtomic } from '../../adapters/atomic-file'
import type { ServiceContext } from '../context'
import type { FilePurpose } from '../files/file-handles'

/**
 * Signs a list token (`sign`, run only once the handle is known good) and writes it, as compact JWS
 * text with a final newline, to the file main's own save dialog chose: `file` is the one-time handle
 * the dialog for `purpose` returned, spent by the write. The page never names the path. The write is
 * atomic (temp file, fsync, rename), so a crash leaves the old file or the new one. Errors: those of
 * `sign`; ERR_FILE_HANDLE_* / ERR_FILE_PATH_REFUSED for the handle; `writeError` when the file cannot
 * be written (what, where, what to do), its message opening with `signedWhat`.
 */
export async function saveSignedToken<T extends { token: string }>(
  context: ServiceContext,
  input: { file: string; purpose: FilePurpose; sign: () => Promise<T>; writeError: ErrorCode; signedWhat: string },
): Promise<T & { path: string; bytes: number }> {
  return context.fileHandles.redeem(
    input.file,
    input.purpose,
    async (path) => {
      const exported = await input.sign()
      const text = `${exported.token}\n`
      try {
        await writeFileAtomic(path, text)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new SignetError(
          input.writeError,
          `${input.signedWhat} was signed but could not be written to ${path} (${reason.slice(0, 200)}). Choose another folder and export again.`,
          { segment: 'file' },
        )
      }
      return { ...exported, path, bytes: new TextEncoder().encode(text).length }
    },
    { spend: true },
  )
}
