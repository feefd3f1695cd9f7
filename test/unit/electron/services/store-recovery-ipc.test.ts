import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { recoverStore } from '#electron/services/store-recovery'
import { pendingRecovery } from '#electron/adapters/store-recovery-marker'
import { keyTestContext, testClock } from '../../../support/key-context'

// The app side of issue 10 item 2, driven through dispatch exactly as the page calls it: the
// recovery is main's own act at start-up; the page can only acknowledge a recovery it was shown.
async function recovered() {
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-recovery-ipc-'))
  writeFileSync(join(dataDir, 'signet.json'), '{"schemaVersion":1,"keys":[')
  const clock = testClock()
  const t = keyTestContext({ dataDir, clock })
  expect((await t.failure('keys:list', undefined)).code).toBe('ERR_STORE_CORRUPT')
  const { recovery } = await recoverStore(t.context)
  return { t, clock, dataDir, recovery: recovery! }
}

describe('store:acknowledge-recovery over IPC', () => {
  it('app:info shows the recovery until the page acknowledges it by its time; the marker and the audit log record both', async () => {
    const { t, recovery, dataDir } = await recovered()
    expect((await t.call('app:info', undefined)).storeRecovery).toEqual(recovery)
    expect(await t.call('store:acknowledge-recovery', { at: recovery.at })).toEqual({ acknowledged: 1, pending: null })
    expect((await t.call('app:info', undefined)).storeRecovery).toBeNull()
    expect(pendingRecovery(dataDir)).toBeNull()
    const actions = (await t.call('audit:list', { order: 'oldest' })).entries.map((e) => e.action)
    expect(actions).toEqual(['audit.genesis', 'store.recover', 'store.acknowledge-recovery'])
  })

  it('never acknowledges a recovery newer than the one the page names', async () => {
    const { t, clock, recovery, dataDir } = await recovered()
    clock.advance(60)
    writeFileSync(join(dataDir, 'signet.json'), 'garbage')
    const second = (await recoverStore(t.context)).recovery!
    expect(await t.call('store:acknowledge-recovery', { at: recovery.at })).toEqual({
      acknowledged: 1,
      pending: second,
    })
    expect((await t.call('app:info', undefined)).storeRecovery).toEqual(second)
  })

  it.each([[undefined], [{}], [{ at: '/etc/passwd' }], [{ at: '2030-01-01T00:00:00.000Z', all: true }], ['yes']])(
    'refuses malformed input %j before any handler runs',
    async (input) => {
      const { t } = await recovered()
      expect((await t.failure('store:acknowledge-recovery', input as never)).code).toBe('ERR_INVALID_ARGUMENT')
      expect((await t.call('app:info', undefined)).storeRecovery).not.toBeNull()
    },
  )

  it('keys:reconcile refuses to delete a keychain entry while the recovery is unacknowledged', async () => {
    const { t } = await recovered()
    await t.context.keychain.set('0b5f3a3e-5c7e-4c1a-9a52-6f1f0e7e2b10', JSON.stringify({ kty: 'oct', k: 'AAAA' }))
    expect((await t.failure('keys:reconcile', { remove: ['0b5f3a3e-5c7e-4c1a-9a52-6f1f0e7e2b10'] })).code).toBe(
      'ERR_STORE_RECOVERY_UNACKNOWLEDGED',
    )
    expect(await t.context.keychain.get('0b5f3a3e-5c7e-4c1a-9a52-6f1f0e7e2b10')).not.toBeNull()
  })
})
