import type { ListTexts } from '#shared/token/verify/list-checks'
import type { StoreData } from '../../adapters/store-schema'

/**
 * `signet scan --managed`'s revocation evidence: the LAST EXPORTED token of every managed status
 * list and revocation list in the store — what verifiers see once it is published, as the app's
 * inspector checks a token against "a managed list's last export" (revocations/last-status-list-token.ts).
 * Changes made since the last export are not in it (say so: `used` names each list and its export
 * time). Matched by reference (list-checks.ts ListTexts.match): a list judges only its own tokens.
 */
export interface ManagedScanLists {
  texts: ListTexts | null
  /** one line per managed list, for the scan's output: which were used, which could not be */
  used: string[]
}

export function managedScanLists(data: StoreData): ManagedScanLists {
  const statusLists: string[] = []
  const revocationLists: string[] = []
  const used: string[] = []
  const setName = (id: string) => data.keySets.find((set) => set.id === id)?.name ?? id
  for (const list of data.statusLists) {
    const token = list.lastExport?.token
    if (token) {
      statusLists.push(token)
      used.push(`status list "${list.name}" (set ${setName(list.setId)}), as exported ${list.lastExport!.at}`)
    } else
      used.push(`status list "${list.name}" (set ${setName(list.setId)}): not checked, ${notExported(list.lastExport)}`)
  }
  for (const list of data.revocationLists) {
    const token = list.lastExport?.token
    const name = `revocation list of set ${setName(list.setId)}`
    if (token) {
      revocationLists.push(token)
      used.push(`${name}, as exported ${list.lastExport!.at}`)
    } else used.push(`${name}: not checked, ${notExported(list.lastExport)}`)
  }
  return {
    texts:
      statusLists.length + revocationLists.length === 0
        ? null
        : { statusLists, revocationLists, match: 'by-reference' },
    used,
  }
}

function notExported(lastExport: { at: string } | null): string {
  return lastExport
    ? `its last export (${lastExport.at}) was recorded before Signet kept the signed token; export it again`
    : 'never exported'
}
