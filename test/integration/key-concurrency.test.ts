import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKeychain } from '#electron/adapters/keychain'
import type { KeyInfo } from '#shared/managed-keys/types'
import { keyTestContext } from '../support/key-context'
import { buildFaultyCli } from '../support/faulty-cli'
import { runCli, type CliResult } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

// Runs inside scripts/with-private-keyring.sh: a real gnome-keyring in a private D-Bus session.
// The lock hold is a fault step, which only the test-only CLI build fills.
let faultyCli: string
beforeAll(async () => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
  faultyCli = await buildFaultyCli()
}, 120_000)

const run = `${process.pid}-${Date.now()}`

async function setUp(name: string) {
  const service = `Signet-it-concurrency-${name}-${run}`
  const dataDir = mkdtempSync(join(tmpdir(), `signet-concurrency-${name}-`))
  const signet = (args: string[], env: Record<string, string> = {}) =>
    runCli(['--data-dir', dataDir, ...args], {
      env: { SIGNET_KEYCHAIN_SERVICE: service, ...env },
      timeoutMs: 60_000,
      bin: faultyCli,
    })
  const firstKid = await createProdWithActiveKey(signet)
  const keys = async () => (JSON.parse((await signet(['keys', 'list', '--json'])).stdout) as { keys: KeyInfo[] }).keys
  return { service, dataDir, signet, keys, firstKid }
}

function outcomes(results: CliResult[]) {
  return { ok: results.filter((r) => r.code === 0), refused: results.filter((r) => r.code !== 0) }
}

describe('two CLI processes rotating the same set at once', () => {
  it('exactly one succeeds, the other gets a clear conflict error; never two active keys', async () => {
    const { service, signet, keys, firstKid } = await setUp('scheduled')
    // Each process holds the lock a while, so the two really overlap on a loaded machine.
    const hold = { SIGNET_TEST_LOCK_HOLD_MS: '1500' }
    const results = await Promise.all([
      signet(['keys', 'rotate', '--set', 'prod'], hold),
      signet(['keys', 'rotate', '--set', 'prod'], hold),
    ])
    const { ok, refused } = outcomes(results)
    expect(ok).toHaveLength(1)
    expect(refused).toHaveLength(1)
    expect(refused[0]!.code).toBe(1)
    expect(refused[0]!.stderr).toMatch(
      /^signet: ERR_CONFLICT: (Another Signet process \(pid \d+\) is rotating set prod|Set "prod" changed while this rotation was being prepared)/m,
    )
    expect(refused[0]!.stdout).toBe('')

    const after = await keys()
    expect(after.filter((k) => k.state === 'active').map((k) => k.kid)).toEqual([firstKid])
    expect(after.filter((k) => k.state === 'staged')).toEqual([
      expect.objectContaining({ kid: ok[0]!.stdout.trim(), activateAt: expect.any(String) }),
    ])
    // The loser generated a key but never wrote it: no orphan in the keychain.
    expect((await createKeychain(service).list()).sort()).toEqual(after.map((k) => k.id).sort())
  }, 120_000)

  it('with --now, in repeated races: every refusal is a conflict, every success one new key, one active key at the end', async () => {
    const { service, signet, keys } = await setUp('now')
    let successes = 0
    for (let round = 0; round < 3; round++) {
      const results = await Promise.all([
        signet(['keys', 'rotate', '--set', 'prod', '--now']),
        signet(['keys', 'rotate', '--set', 'prod', '--now']),
      ])
      const { ok, refused } = outcomes(results)
      expect(ok.length).toBeGreaterThanOrEqual(1)
      for (const r of refused) expect(r.stderr).toContain('ERR_CONFLICT')
      successes += ok.length
      const now = await keys()
      expect(now.filter((k) => k.state === 'active')).toHaveLength(1)
    }
    const final = await keys()
    expect(final).toHaveLength(1 + successes)
    expect(final.filter((k) => k.state === 'retired')).toHaveLength(successes)
    expect((await createKeychain(service).list()).sort()).toEqual(final.map((k) => k.id).sort())
  }, 180_000)

  it('two processes adding keys at once both succeed, one after the other, leaving one active key', async () => {
    const { signet, keys } = await setUp('generate')
    const results = await Promise.all([
      signet(['keys', 'generate', '--set', 'prod', '--alg', 'EdDSA', '--activate']),
      signet(['keys', 'generate', '--set', 'prod', '--alg', 'ES384', '--activate']),
    ])
    for (const r of results) expect(r.code, r.stderr).toBe(0)
    const after = await keys()
    expect(after).toHaveLength(3)
    expect(after.filter((k) => k.state === 'active')).toHaveLength(1)
    expect(after.filter((k) => k.state === 'retired')).toHaveLength(2)
  }, 120_000)
})

describe('two rotations of one set inside one process (the app serving two IPC calls)', () => {
  it("the second is refused as a conflict once it sees the first one's commit", async () => {
    const t = keyTestContext({ keychain: createKeychain(`Signet-it-concurrency-inprocess-${run}`) })
    await t.call('sets:create', { name: 'prod' })
    await t.call('keys:generate', { set: 'prod', alg: 'ES256', activate: true })
    const [a, b] = await Promise.all([
      t.result('keys:rotate', { set: 'prod', immediately: true }),
      t.result('keys:rotate', { set: 'prod', immediately: true }),
    ])
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1)
    const refused = (a.ok ? b : a) as { ok: false; error: { code: string; message: string } }
    expect(refused.error.code).toBe('ERR_CONFLICT')
    const keys = (await t.call('keys:list', { set: 'prod' })).keys
    expect(keys.map((k) => k.state)).toEqual(['retired', 'active'])
  }, 60_000)
})
