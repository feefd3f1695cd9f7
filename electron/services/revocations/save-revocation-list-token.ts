import type { RevocationListSavedExport } from '#shared/contract/revocation-list'
import type { ServiceContext } from '../context'
import { exportRevocationList } from './export-revocation-list'
import { saveSignedToken } from './save-signed-token'

/**
 * Signs a set's revocation list (see exportRevocationList) and writes it to the file main's own
 * save dialog chose (`file`: the one-time handle dialog:save-revocation-list returned; see
 * saveSignedToken). Errors: those of exportRevocationList; ERR_FILE_HANDLE_* / ERR_FILE_PATH_REFUSED
 * for the handle; ERR_REVOCATION_LIST_TOKEN when the file cannot be written.
 */
export function saveRevocationListToken(
  context: ServiceContext,
  input: { set: string; file: string },
): Promise<RevocationListSavedExport> {
  return saveSignedToken(context, {
    file: input.file,
    purpose: 'save-revocation-list',
    sign: () => exportRevocationList(context, input.set),
    writeError: 'ERR_REVOCATION_LIST_TOKEN',
    signedWhat: `The revocation list of set "${input.set}"`,
  })
}
