import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { maxManagedRevocationEntries } from '#shared/limits'
import { keyTestContext } from '../../../../support/key-context'

/**
 * revocations:export refuses a list a verifier could never read back. The token's payload is
 * base64url of the claims' UTF-8 bytes, so the budget is judged on bytes: reasons in a script of
 * three-byte characters sign to three times their `.length`.
 */

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('revocations:export size budget', () => {
  it('refuses a list whose claims are under the budget in characters but over it in bytes, stating the limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'signet-rl-size-'))
    dirs.push(dir)
    const t = keyTestContext({
      files: {
        saveBackup: async () => null,
        openBackup: async () => null,
        saveStatusList: async () => null,
        saveRevocationList: async () => join(dir, 'prod.revocations.jwt'),
      },
    })
    dirs.push(t.dataDir)
    await t.call('sets:create', {
      name: 'prod',
      issuer: 'https://issuer.example',
      maxTokenLifetime: 7200,
      clockSkew: 60,
    })
    await t.call('keys:generate', { set: 'prod', alg: 'ES256', kid: 'prod-1', activate: true })
    const set = t.context.store.read().keySets[0]!
    // 10,000 entries with 500-character reasons of "€": ~5.4 M characters of claims (7.2 M as
    // base64url, under 8,388,608), ~15.4 MB of UTF-8 (20.5 M as base64url, far over).
    const entries = Array.from({ length: maxManagedRevocationEntries }, (_, i) => ({
      by: 'jti' as const,
      id: `j${i}`,
      reason: '€'.repeat(500),
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
          revision: 1,
          updatedAt: '2030-01-01T00:00:00.000Z',
          lastExport: null,
        },
      ],
    }))
    const refused = await t.failure('revocations:export', { set: 'prod' })
    expect(refused.code).toBe('ERR_REVOCATION_LIST_TOO_LARGE')
    expect(refused.message).toContain('more than 8,388,608 characters, more than a verifier reads')
    expect(t.context.store.read().revocationLists[0]!.lastExport).toBeNull()
  }, 60_000)
})
