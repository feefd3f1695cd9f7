import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKeychain } from '#electron/adapters/keychain'
import { confBackend } from '#electron/adapters/store-conf'
import { createContext } from '#electron/services/context'
import { lockFileName } from '#electron/services/managed-keys/lock'
import { crashSteps, type CrashStep } from '#electron/services/faults'
import type { ReconcileReport } from '#shared/contract/keys'
import { faultyKeychain } from '../support/memory-keychain'
import { keyTestContext } from '../support/key-context'
import { buildFaultyCli } from '../support/faulty-cli'
import { runCli } from '../support/run-cli'

// Runs inside scripts/with-private-keyring.sh: a real gnome-keyring in a private D-Bus session.
// The crash steps are reached through the fault slot, which only the test-only CLI build fills.
let faultyCli: string
beforeAll(async () => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
  faultyCli = await buildFaultyCli()
}, 120_000)

const run = `${process.pid}-${Date.now()}`

describe('keychain faults against the real keychain: nothing half-stored', () => {
  const cases = [
    ['the write fails', { failWrite: true }, 'ERR_KEYCHAIN_DENIED'],
    ['the write fails after storing', { failAfterWrite: true }, 'ERR_KEYCHAIN_UNAVAILABLE'],
    ['the read-back does not match', { tamperReads: true }, 'ERR_KEY_CUSTODY_MISMATCH'],
  ] as const
  for (const [name, faults, code] of cases) {
    it(`when ${name}`, async () => {
      const real = createKeychain(`Signet-it-faults-${name.replace(/\W+/g, '-')}-${run}`)
      const t = keyTestContext({ keychain: faultyKeychain(real, { ...faults }) })
      await t.call('sets:create', { name: 'prod' })
      expect((await t.failure('keys:generate', { set: 'prod', alg: 'ES256', activate: true })).code).toBe(code)
      expect(await real.list()).toEqual([])
      expect(t.context.store.read().keys).toEqual([])
      expect(await t.call('keys:reconcile', undefined)).toMatchObject({ accountedFor: 0, orphans: [], missing: [] })
    }, 30_000)
  }
})

describe('a process killed at each step of adding a key', () => {
  for (const step of crashSteps) {
    it(`killed ${step}: on restart every key is accounted for, none lost or half-known`, async () => {
      const service = `Signet-it-crash-${step}-${run}`
      const dataDir = mkdtempSync(join(tmpdir(), `signet-crash-${step}-`))
      const env = { SIGNET_KEYCHAIN_SERVICE: service }
      const signet = (args: string[], extra: Record<string, string> = {}) =>
        runCli(['--data-dir', dataDir, ...args], { env: { ...env, ...extra }, bin: faultyCli })
      expect((await signet(['sets', 'create', 'prod'])).code).toBe(0)

      const killed = await signet(['keys', 'generate', '--set', 'prod', '--alg', 'ES256', '--activate'], {
        SIGNET_TEST_CRASH_AT: step,
      })
      // A SIGKILLed child has no exit code; it printed no kid.
      expect(killed.code).toBeNull()
      expect(killed.stdout).toBe('')
      // It died holding the key manager's lock.
      expect(existsSync(join(dataDir, lockFileName))).toBe(true)

      const restarted = await signet(['keys', 'reconcile', '--json'])
      // The dead process's lock was taken over (a live holder would have made this an ERR_CONFLICT).
      expect(restarted.stderr).not.toContain('ERR_CONFLICT')
      const report = JSON.parse(restarted.stdout) as ReconcileReport
      const keychain = createKeychain(service)
      const accounts = (await keychain.list()).sort()
      const store = createContext({ dataDir, version: 'test', storeBackend: confBackend, keychain }).store.read()
      const recorded = store.keys.map((k) => k.id)

      // Accounted for: every keychain entry is a recorded key or a reported orphan, and every record has its secret.
      expect(accounts).toEqual([...recorded, ...report.orphans.map((o) => o.account)].sort())
      expect(report.missing).toEqual([])
      expect(report.accountedFor).toBe(recorded.length)

      const expected: Record<CrashStep, { keys: number; orphans: number }> = {
        'before-secret-write': { keys: 0, orphans: 0 },
        'after-secret-write': { keys: 0, orphans: 1 },
        'after-readback': { keys: 0, orphans: 1 },
        'after-metadata-commit': { keys: 1, orphans: 0 },
      }
      expect({ keys: store.keys.length, orphans: report.orphans.length }).toEqual(expected[step])
      expect(restarted.code).toBe(report.orphans.length ? 1 : 0)

      if (report.orphans.length) {
        const orphan = report.orphans[0]!
        expect(orphan).toMatchObject({ kind: 'unknown', alg: 'ES256', kty: 'EC', set: 'prod', kid: expect.any(String) })
        // Every other key command reports it too, on stderr.
        const listed = await signet(['keys', 'list'])
        expect(listed.stderr).toContain(`orphaned keychain entry ${orphan.account}`)
        const adopted = await signet(['keys', 'reconcile', '--adopt', orphan.account])
        expect(adopted.code, adopted.stderr).toBe(0)
        expect(adopted.stdout).toContain(`adopted ${orphan.account} as staged key "${orphan.kid}" in set "prod"`)
        expect((await signet(['keys', 'activate', `--kid=${orphan.kid!}`])).code).toBe(0)
      }
      if (store.keys.length) expect(store.keys[0]!.state).toBe('active')

      // Whatever survived, the set now signs, and the key that signs is the one the keychain holds.
      if (store.keys.length || report.orphans.length) {
        const token = await runCli(['--data-dir', dataDir, 'sign', '--set', 'prod', '--claims', '-'], {
          env,
          input: '{}',
        })
        expect(token.code, token.stderr).toBe(0)
      }
      const final = await signet(['keys', 'reconcile', '--json'])
      expect(JSON.parse(final.stdout)).toMatchObject({ orphans: [], missing: [] })
    }, 60_000)
  }
})
