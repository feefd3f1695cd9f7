import type { KeysSavePublicInput, SavedPublicKey } from '#shared/contract/key-files'
import { SignetError } from '#shared/errors'
import { writeFileAtomic } from '../../adapters/atomic-file'
import type { ServiceContext } from '../context'
import { exportPublicKey } from './export-public'

/**
 * Writes a key's public half to the file main's own save dialog chose: `file` is the one-time handle
 * dialog:save-public-key returned, spent by the write (the page never names a path). `pem` writes
 * the SubjectPublicKeyInfo PEM (RFC 7468 §13), `jwk` the canonical public JWK (RFC 7517) as JSON with
 * a final newline. The write is atomic (temp file, fsync, rename) and the export is audited as
 * keys:export-public is.
 * Errors: those of exportPublicKey (ERR_KEY_NOT_FOUND, ERR_KEY_SYMMETRIC); ERR_FILE_HANDLE_* /
 * ERR_FILE_PATH_REFUSED for the handle; ERR_FILE_WRITE when the file cannot be written.
 */
export async function savePublicKey(context: ServiceContext, input: KeysSavePublicInput): Promise<SavedPublicKey> {
  return context.fileHandles.redeem(
    input.file,
    'save-public-key',
    async (path) => {
      const exported = await exportPublicKey(context, { kid: input.kid })
      const text =
        input.format === 'pem' ? exported.pem.replace(/\n?$/, '\n') : `${JSON.stringify(exported.jwk, null, 2)}\n`
      try {
        await writeFileAtomic(path, text)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        throw new SignetError(
          'ERR_FILE_WRITE',
          `The public key of "${input.kid}" could not be written to ${path} (${reason.slice(0, 200)}). Choose another folder and save again.`,
          {
            segment: 'file',
          },
        )
      }
      return { kid: exported.kid, format: input.format, path, bytes: new TextEncoder().encode(text).length }
    },
    { spend: true },
  )
}
