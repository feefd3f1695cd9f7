import type { ListTexts } from '#shared/token/verify/list-checks'
import { readUserFile } from './io'

/**
 * The texts of `--status-list FILE` and `--revocations FILE` (each repeatable), as `signet verify`
 * and `signet scan` take them; null when neither is given.
 *
 * @throws SignetError ERR_FILE_UNREADABLE (readUserFile) naming the file that cannot be read
 */
export function readListTexts(options: { statusList?: string[]; revocations?: string[] }): ListTexts | null {
  const statusLists = (options.statusList ?? []).map((path) => readUserFile(path, 'status list'))
  const revocationLists = (options.revocations ?? []).map((path) => readUserFile(path, 'revocation list'))
  return statusLists.length + revocationLists.length === 0 ? null : { statusLists, revocationLists }
}
