import type { KeySource } from '#shared/key-material/types'
import { readVerificationKey } from '../inspector/verify/key-input'
import { managedKeySource, type RemoteVerify } from '#shared/managed-keys/managed-key-source'
import type { ScanKeyRequest } from './scan-protocol'

/**
 * The scan's key source, built in the worker from what the page sent: managed keys verify as in
 * Inspect (public JWKs here, HMAC secrets in main through `remote`), a pasted key is read by
 * Inspect's own reader. Read once per scan, so every token reuses the imported keys.
 *
 * @returns the source (null: no key), its label for the summary, or the reason the key was refused
 */
export async function scanKeySource(
  request: ScanKeyRequest,
  remote: RemoteVerify,
): Promise<{ source: KeySource | null; label: string | null; error: string | null }> {
  if (request.kind === 'none') return { source: null, label: null, error: null }
  if (request.kind === 'managed') {
    const source = managedKeySource(request.keys, remote)
    return { source, label: source.label, error: null }
  }
  const reading = await readVerificationKey(request.key)
  if (reading.kind === 'keys' || reading.kind === 'secret')
    return { source: reading.source, label: reading.source.label, error: null }
  if (reading.kind === 'empty')
    return { source: null, label: null, error: 'The pasted key is empty: the signatures were not checked.' }
  return {
    source: null,
    label: null,
    error: `The pasted key could not be read (${reading.error.code}: ${reading.error.message}); the signatures were not checked.`,
  }
}
