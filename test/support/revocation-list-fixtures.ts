import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FilePicker } from '#electron/services/file-picker'
import { maxManagedRevocationEntries } from '#shared/limits'
import { keyTestContext, type KeyTestContext } from './key-context'

/**
 * The revocation-list unit tests' starting point: a key test context (real dispatch, conf store and
 * audit log in a temp folder) holding set "prod" (issuer https://issuer.example, 2 h max token
 * lifetime, 60 s clock skew) with its active key "prod-1" of `alg`. Main's save dialogs "choose"
 * files in a temp folder `dir`: revocations:export writes `dir`/prod.revocations.jwt. Both folders
 * are pushed onto `dirs` for the caller's afterEach to remove. `now()` is the test clock in seconds.
 */
export async function revocationListContext(
  dirs: string[],
  alg: 'ES256' | 'HS256' = 'ES256',
): Promise<{ t: KeyTestContext; dir: string; now: () => number }> {
  const dir = mkdtempSync(join(tmpdir(), 'signet-rl-'))
  dirs.push(dir)
  const picker: FilePicker = {
    saveBackup: async () => join(dir, 'x.signet-backup'),
    openBackup: async () => null,
    saveStatusList: async () => join(dir, 'x.statuslist.jwt'),
    saveRevocationList: async () => join(dir, 'prod.revocations.jwt'),
  }
  const t = keyTestContext({ files: picker })
  dirs.push(t.dataDir)
  await t.call('sets:create', { name: 'prod', issuer: 'https://issuer.example', maxTokenLifetime: 7200, clockSkew: 60 })
  await t.call('keys:generate', { set: 'prod', alg, kid: 'prod-1', activate: true })
  return { t, dir, now: () => Math.floor(t.clock.now().getTime() / 1000) }
}

/**
 * Writes straight into the store (not through revocations:add, which would refuse past the budget)
 * a revocation list for the context's first set holding the most entries a managed list may hold
 * (maxManagedRevocationEntries, shared/limits.ts): jti "j0", "j1", … each with `reason`, no `until`.
 */
export function fillRevocationList(t: KeyTestContext, options: { reason: string | null; revision: number }): void {
  const set = t.context.store.read().keySets[0]!
  const entries = Array.from({ length: maxManagedRevocationEntries }, (_, i) => ({
    by: 'jti' as const,
    id: `j${i}`,
    reason: options.reason,
    until: null,
    addedAt: '2030-01-01T00:00:00.000Z',
  }))
  t.context.store.update((d) => ({
    ...d,
    revocationLists: [
      {
        setId: set.id,
        entries,
        notBefore: null,
        revision: options.revision,
        updatedAt: '2030-01-01T00:00:00.000Z',
        lastExport: null,
      },
    ],
  }))
}
