import { parseKeyText } from '#shared/key-material/parse-key'
import type { SecretEncoding } from '#shared/key-material/secret'
import { keySourceFromParsed, secretKeySource } from '#shared/key-material/source'
import type { KeySource } from '#shared/key-material/types'
import { managedScanSource, type ManagedScanKeys } from './managed-scan-keys'

/**
 * A scan's keys as plain data, so that each verification worker (analyse-parallel.ts) can build the
 * very source the main thread built: a key source holds functions and imported KeyObjects, which
 * cannot cross to a worker thread. It stays inside this process (worker threads share it); it is
 * never written, logged or printed.
 */
export type ScanKeySpec =
  | { kind: 'none' }
  /** --secret / --secret-file, as read */
  | { kind: 'secret'; secret: string; encoding: SecretEncoding | 'auto' }
  /** --key / --jwks: the file's text and name (the CLI checked a --jwks file is a JWK Set) */
  | { kind: 'key'; text: string; name: string }
  /** --managed */
  | { kind: 'managed'; managed: ManagedScanKeys }

/**
 * @param at evaluation time, NumericDate seconds (a certificate's validity is judged at it)
 * @returns the key source, or null for no key
 */
export async function scanKeySource(spec: ScanKeySpec, at: number): Promise<KeySource | null> {
  switch (spec.kind) {
    case 'none':
      return null
    case 'secret':
      return secretKeySource(spec.secret, spec.encoding)
    case 'key':
      return keySourceFromParsed(await parseKeyText(spec.text, { name: spec.name }), { at })
    case 'managed':
      return managedScanSource(spec.managed, at)
  }
}
