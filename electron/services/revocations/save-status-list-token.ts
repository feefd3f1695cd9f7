import type { StatusListSavedExport } from '#shared/contract/revocations'
import type { ServiceContext } from '../context'
import { exportStatusList } from './export-status-list'
import { saveSignedToken } from './save-signed-token'

/**
 * Signs a managed list (see exportStatusList) and writes the Status List Token to the file main's
 * own save dialog chose (`file`: the one-time handle dialog:save-status-list returned; see
 * saveSignedToken). Errors: those of exportStatusList; ERR_FILE_HANDLE_* / ERR_FILE_PATH_REFUSED for
 * the handle; ERR_STATUS_LIST_TOKEN when the file cannot be written (what, where, what to do).
 */
export function saveStatusListToken(
  context: ServiceContext,
  input: { name: string; file: string },
): Promise<StatusListSavedExport> {
  return saveSignedToken(context, {
    file: input.file,
    purpose: 'save-status-list',
    sign: () => exportStatusList(context, input.name),
    writeError: 'ERR_STATUS_LIST_TOKEN',
    signedWhat: `The Status List Token for "${input.name}"`,
  })
}
