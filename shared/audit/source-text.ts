import type { AuditSource } from '../contract'

/**
 * Who wrote an audit entry, in the words the Audit screen and `signet audit list` both print:
 * `via` is "App" or "CLI", `who` is "user@host" (or whichever of the two the OS told, or "").
 * @returns null for entries written before Signet recorded its source
 */
export function sourceText(source: AuditSource | undefined): { via: string; who: string } | null {
  if (!source) return null
  const who = source.user && source.host ? `${source.user}@${source.host}` : source.user || source.host
  return { via: source.via === 'cli' ? 'CLI' : 'App', who }
}
