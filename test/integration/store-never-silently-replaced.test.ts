import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKeychain } from '#electron/adapters/keychain'
import { runCli } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

// Issue 10 item 2: an unreadable store is never replaced behind the user's back. The real CLI as a
// child process, a real store file, the real (private) keychain.
beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

const run = `${process.pid}-${Date.now()}`
let counter = 0

/** A data directory with one set and one active key, and its private keychain service. */
async function withKey(): Promise<{
  dataDir: string
  service: string
  signet: (args: string[]) => ReturnType<typeof runCli>
  account: string
  good: string
}> {
  const service = `Signet-it-store-${run}-${counter++}`
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-store-recovery-'))
  const signet = (args: string[]) =>
    runCli(['--data-dir', dataDir, ...args], { env: { SIGNET_KEYCHAIN_SERVICE: service } })
  await createProdWithActiveKey(signet)
  const good = readFileSync(join(dataDir, 'signet.json'), 'utf8')
  const account = (JSON.parse(good) as { keys: { id: string }[] }).keys[0]!.id
  return { dataDir, service, signet, account, good }
}

const damaged: [string, (good: string) => string][] = [
  ['garbage', () => 'garbage\n'],
  ['empty', () => ''],
  ['truncated', (good) => good.slice(0, Math.floor(good.length / 2))],
  ['one bad field', (good) => good.replace(/"theme":\s*"system"/, '"theme": "purple"')],
]

const readOnly: string[][] = [
  ['keys', 'list'],
  ['keys', 'list', '--json'],
  ['info'],
  ['info', '--json'],
  ['keys', 'reconcile'],
  ['sets', 'list'],
  ['jwks', 'export', '--set', 'prod'],
  ['keys', 'export-public', 'x'],
]

describe('a damaged store is never silently replaced', () => {
  for (const [label, damage] of damaged) {
    it(`${label}: every read-only command fails with ERR_STORE_CORRUPT and leaves the file byte for byte`, async () => {
      const { dataDir, signet, good } = await withKey()
      const bad = damage(good)
      expect(bad).not.toBe(good)
      writeFileSync(join(dataDir, 'signet.json'), bad)
      for (const args of readOnly) {
        const result = await signet(args)
        expect(result.code, `${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(2)
        expect(result.stderr, args.join(' ')).toContain('ERR_STORE_CORRUPT')
        // where the file is, and what to do
        expect(result.stderr, args.join(' ')).toContain(join(dataDir, 'signet.json'))
        expect(result.stderr, args.join(' ')).toContain('signet store recover')
        expect(result.stdout, args.join(' ')).not.toContain('No keys')
        expect(readFileSync(join(dataDir, 'signet.json'), 'utf8'), args.join(' ')).toBe(bad)
        expect(
          readdirSync(dataDir).filter((name) => name.includes('.corrupt-')),
          args.join(' '),
        ).toEqual([])
      }
    }, 240_000)
  }

  it('explicit recovery keeps the bad file, leaves a marker every key command and info show until acknowledged, and audits both', async () => {
    const { dataDir, signet, account, service } = await withKey()
    writeFileSync(join(dataDir, 'signet.json'), 'garbage\n')

    const recovered = await signet(['store', 'recover'])
    expect(recovered.code, recovered.stderr).toBe(0)
    const kept = readdirSync(dataDir).filter((name) => name.startsWith('signet.json.corrupt-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(dataDir, kept[0]!), 'utf8')).toBe('garbage\n')
    expect(recovered.stdout).toContain(join(dataDir, kept[0]!))
    expect(existsSync(join(dataDir, 'signet.recovery.json'))).toBe(true)

    // Every key command and info say so, run after run, until acknowledged.
    for (const args of [['keys', 'list'], ['keys', 'list'], ['sets', 'list'], ['info']]) {
      {
        const result = await signet(args)
        expect(`${result.stdout}${result.stderr}`, args.join(' ')).toContain(join(dataDir, kept[0]!))
        expect(`${result.stdout}${result.stderr}`, args.join(' ')).toContain('signet store acknowledge')
      }
    }
    const info = JSON.parse((await signet(['info', '--json'])).stdout)
    expect(info.storeRecovery).toMatchObject({ movedTo: join(dataDir, kept[0]!) })

    // The key's secret is still in the keychain; the recovered store does not know it. Deleting it
    // now would destroy the only copy of the private key: refused while the recovery is unacknowledged.
    const listed = await signet(['keys', 'reconcile', '--json'])
    const report = JSON.parse(listed.stdout)
    expect(report.orphans.map((o: { account: string }) => o.account)).toEqual([account])
    expect(report.orphans[0].action).not.toContain('--remove')
    const refused = await signet(['keys', 'reconcile', '--remove', account])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('ERR_STORE_RECOVERY_UNACKNOWLEDGED')
    expect(await createKeychain(service).get(account)).not.toBeNull()

    const acknowledged = await signet(['store', 'acknowledge'])
    expect(acknowledged.code, acknowledged.stderr).toBe(0)
    const after = await signet(['keys', 'list'])
    expect(after.stderr).not.toContain('signet store acknowledge')
    expect(JSON.parse((await signet(['info', '--json'])).stdout).storeRecovery).toBeNull()
    // The marker stays, as history: acknowledged, not deleted.
    expect(
      JSON.parse(readFileSync(join(dataDir, 'signet.recovery.json'), 'utf8')).recoveries[0].acknowledgedAt,
    ).toEqual(expect.any(String))

    const audit = JSON.parse((await signet(['audit', 'list', '--json', '--oldest'])).stdout) as {
      entries: { action: string; details: Record<string, unknown> }[]
    }
    const actions = audit.entries.map((e) => e.action)
    expect(actions).toContain('store.recover')
    expect(actions.indexOf('store.acknowledge-recovery')).toBeGreaterThan(actions.indexOf('store.recover'))
    expect(audit.entries.find((e) => e.action === 'store.recover')!.details.movedTo).toBe(kept[0])
  }, 240_000)

  it('a command that changes the store fails too, and nothing is written', async () => {
    const { dataDir, signet } = await withKey()
    writeFileSync(join(dataDir, 'signet.json'), '{"schemaVersion": 1, "keys": [')
    for (const args of [
      ['sets', 'create', 'staging'],
      ['keys', 'generate', '--set', 'prod', '--alg', 'ES256'],
    ]) {
      const result = await signet(args)
      expect(result.code, args.join(' ')).toBe(2)
      expect(result.stderr).toContain('ERR_STORE_CORRUPT')
    }
    expect(readFileSync(join(dataDir, 'signet.json'), 'utf8')).toBe('{"schemaVersion": 1, "keys": [')
  }, 60_000)

  it('recover on a readable store changes nothing and says so', async () => {
    const { dataDir, signet, good } = await withKey()
    const result = await signet(['store', 'recover'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('readable')
    expect(readFileSync(join(dataDir, 'signet.json'), 'utf8')).toBe(good)
    expect(existsSync(join(dataDir, 'signet.recovery.json'))).toBe(false)
  }, 30_000)
})
