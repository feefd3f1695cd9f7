import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { storeDataSchema } from '#electron/adapters/store-schema'
import { createBackup } from '#electron/services/backup/create-backup'
import { openBackup } from '#electron/services/backup/envelope'
import { carriedStoreKeys, storeKeyCoverage } from '#electron/services/backup/store-coverage'
import { argvPicker, chooseBackupFile } from '#electron/services/file-picker'
import { generateKey } from '#electron/services/managed-keys/generate-key'
import { createSet } from '#electron/services/managed-keys/key-sets'
import { addTarget } from '#electron/services/publishing/targets'
import { addRevocation } from '#electron/services/revocations/add-revocation'
import { allocateStatusIndex } from '#electron/services/revocations/allocate-index'
import { createStatusList } from '#electron/services/revocations/create-status-list'
import { savePolicy } from '#electron/services/saved-policies'
import { keyTestContext } from '../../../../support/key-context'

// Guards the class "a new store key that backups forget": every key the store schema declares is
// either carried by a backup or listed as not backed up with a reason, and every carried key
// really comes back out of a sealed backup unchanged.

describe('which store keys a backup carries', () => {
  it('decides every top-level key of the store schema, and no key the schema does not have', () => {
    const schemaKeys = Object.keys(storeDataSchema.shape).sort()
    const decided = Object.keys(storeKeyCoverage).sort()
    const undecided = schemaKeys.filter((key) => !decided.includes(key))
    expect(
      undecided,
      `store keys neither backed up nor listed as "not backed up, because …" in electron/services/backup/store-coverage.ts: ${undecided.join(', ')}`,
    ).toEqual([])
    expect(decided).toEqual(schemaKeys)
    for (const [key, coverage] of Object.entries(storeKeyCoverage)) {
      if ('notBackedUp' in coverage) expect(coverage.notBackedUp.length, `the reason for ${key}`).toBeGreaterThan(40)
    }
  })

  it('writes every carried key into the backup exactly as the store holds it', { timeout: 60_000 }, async () => {
    const { context } = keyTestContext()
    await createSet(context, { name: 'prod', issuer: 'https://issuer.example' })
    const { key } = await generateKey(context, { set: 'prod', alg: 'ES256', activate: true })
    savePolicy(context, { policy: { name: 'prod access', clockSkew: 30 } })
    await createStatusList(context, {
      name: 'tokens',
      set: 'prod',
      uri: 'https://issuer.example/s/1',
      bits: 2,
      size: 64,
    })
    await allocateStatusIndex(context, { name: 'tokens', jti: 'jti-1', sub: 'alice', exp: null, kid: key.kid })
    await addRevocation(context, { set: 'prod', jti: 'stolen', reason: 'laptop lost' })
    await addTarget(context, {
      set: 'prod',
      name: 'site',
      config: { kind: 'dir', root: mkdtempSync(join(tmpdir(), 'site-')) },
    })

    const data = context.store.read()
    for (const { storeKey } of carriedStoreKeys) {
      expect(
        Array.isArray(data[storeKey]) && (data[storeKey] as unknown[]).length,
        `store key ${storeKey} populated`,
      ).toBe(1)
    }
    const path = join(mkdtempSync(join(tmpdir(), 'signet-coverage-')), 'all.signet-backup')
    const choice = await chooseBackupFile({ files: argvPicker(path), fileHandles: context.fileHandles }, 'save-backup')
    await createBackup(context, { file: choice.handle!, passphrase: 'velvet orbit mango tundra quill' })
    const { payload } = await openBackup(readFileSync(path, 'utf8'), 'velvet orbit mango tundra quill', path)
    for (const { storeKey, payloadKey } of carriedStoreKeys) {
      const carried = payloadKey === 'keys' ? payload.keys.map((k) => k.metadata) : payload[payloadKey]
      expect(carried, `store key ${storeKey} carried as ${payloadKey}`).toEqual(data[storeKey])
    }
  })
})
