import type { PublicKeyFileFormat } from '#shared/contract/key-files'
import { call } from '../../api'
import type { ResultNote } from './result-note'
import { formatBytes } from '#shared/text/format-bytes'

/**
 * Saves a key's public half to a file: main's own save dialog chooses where (the page never names a
 * path), and the one-time handle it returns is spent by keys:save-public. Null when the user
 * cancelled the dialog; the note to show otherwise. Errors are the calls' SignetErrors.
 */
export async function savePublicKeyFile(kid: string, format: PublicKeyFileFormat): Promise<ResultNote | null> {
  const choice = await call((api) => api.dialog.savePublicKey({ kid, format }))
  if (choice.handle === null) return null
  const handle = choice.handle
  const saved = await call((api) => api.keys.savePublic({ kid, format, file: handle }))
  return {
    title: `Public key of ${kid} saved`,
    detail: `${format === 'pem' ? 'PEM (SubjectPublicKeyInfo)' : 'JWK'} written to ${saved.path} (${formatBytes(saved.bytes)}).`,
    warnings: [],
  }
}

/** Copies a key's public JWK (canonical JSON) to the clipboard, through keys:export-public. */
export async function copyPublicJwk(kid: string): Promise<void> {
  const exported = await call((api) => api.keys.exportPublic({ kid }))
  await navigator.clipboard.writeText(JSON.stringify(exported.jwk, null, 2))
}
