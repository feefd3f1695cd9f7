import { useEffect, useState } from 'react'
import { call } from '../../api'

/** The most audit entries read to find when each key last signed: enough for any workstation's history. */
const maxEntries = 5000

/** kid → ISO 8601 UTC of its latest `token.sign` audit entry; `known` is false when the log could not be read. */
export interface KeyLastUsed {
  byKid: Map<string, string>
  known: boolean
}

/**
 * When each key last signed a token, from the audit log's `token.sign` entries (kid → ISO 8601 UTC).
 * Read again whenever `revision` changes (the inventory was reloaded). An unreadable log leaves the
 * map empty: the column then says "never" only for keys the log has no entry for, so a failed read
 * shows as "unknown".
 */
export function useLastUsed(active: boolean, revision: unknown): KeyLastUsed {
  const [state, setState] = useState<KeyLastUsed>({ byKid: new Map(), known: false })
  useEffect(() => {
    if (!active) return
    let cancelled = false
    call((api) => api.audit.list({ actions: ['token.sign'], order: 'newest', limit: maxEntries })).then(
      (result) => {
        if (cancelled) return
        const byKid = new Map<string, string>()
        for (const entry of result.entries)
          if (entry.subject.kid && !byKid.has(entry.subject.kid)) byKid.set(entry.subject.kid, entry.at)
        setState({ byKid, known: true })
      },
      () => !cancelled && setState({ byKid: new Map(), known: false }),
    )
    return () => {
      cancelled = true
    }
  }, [active, revision])
  return state
}
