import { rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { fillRevocationList, revocationListContext } from '../../../../support/revocation-list-fixtures'

/**
 * revocations:export refuses a list a verifier could never read back. The token's payload is
 * base64url of the claims' UTF-8 bytes, so the budget is judged on bytes: reasons in a script of
 * three-byte characters sign to three times their `.length`.
 */

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('revocations:export size budget', () => {
  it('refuses a list whose claims are under the budget in characters but over it in bytes, stating the limit', async () => {
    const { t } = await revocationListContext(dirs)
    // 10,000 entries with 500-character reasons of "€": ~5.4 M characters of claims (7.2 M as
    // base64url, under 8,388,608), ~15.4 MB of UTF-8 (20.5 M as base64url, far over).
    fillRevocationList(t, { reason: '€'.repeat(500), revision: 1 })
    const refused = await t.failure('revocations:export', { set: 'prod' })
    expect(refused.code).toBe('ERR_REVOCATION_LIST_TOO_LARGE')
    expect(refused.message).toContain('more than 8,388,608 characters, more than a verifier reads')
    expect(t.context.store.read().revocationLists[0]!.lastExport).toBeNull()
  }, 60_000)
})
