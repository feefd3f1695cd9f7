import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

// Issue 10 item 12: a deleted log is tampering when the store has history; a torn last line has an
// audited repair. The real CLI as a child process on real files.
beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

let counter = 0
async function dataDirWithHistory() {
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-audit-torn-'))
  const env = { SIGNET_KEYCHAIN_SERVICE: `Signet-it-audit-torn-${process.pid}-${counter++}` }
  const signet = (args: string[]) => runCli(['--data-dir', dataDir, ...args], { env })
  await createProdWithActiveKey(signet)
  return { dataDir, signet, log: join(dataDir, 'audit.log.jsonl') }
}

describe('signet audit verify cross-checks the store', () => {
  it('reports a deleted log and anchor as tampering when the store holds keys with history', async () => {
    const { dataDir, signet, log } = await dataDirWithHistory()
    rmSync(log)
    rmSync(join(dataDir, 'audit.head.json'))
    const result = await signet(['audit', 'verify'])
    expect(result.code).toBe(1)
    expect(result.stdout).not.toContain('No audit entries yet')
    expect(result.stdout).toContain('the log and its anchor were deleted or replaced')
    const json = JSON.parse((await signet(['audit', 'verify', '--json'])).stdout)
    expect(json).toMatchObject({ intact: false, firstProblem: { kind: 'history-without-log' } })
  }, 120_000)

  it('still says "no entries yet" for a fresh data directory', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'signet-audit-fresh-'))
    const result = await runCli(['--data-dir', dataDir, 'audit', 'verify'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('No audit entries yet')
  }, 60_000)
})

describe('signet audit repair', () => {
  it('keeps a torn last line aside, restores a verifiable chain, and audits the repair', async () => {
    const { dataDir, signet, log } = await dataDirWithHistory()
    const torn = '{"action":"key.activate","at":"2026-11-'
    appendFileSync(log, torn)
    const before = await signet(['audit', 'verify'])
    expect(before.code).toBe(1)

    const repaired = await signet(['audit', 'repair'])
    expect(repaired.code, repaired.stderr).toBe(0)
    const kept = readdirSync(dataDir).filter((name) => name.startsWith('audit.log.jsonl.torn-'))
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(dataDir, kept[0]!), 'utf8')).toBe(torn)
    expect(repaired.stdout).toContain(join(dataDir, kept[0]!))

    expect((await signet(['audit', 'verify'])).code).toBe(0)
    const entries = JSON.parse((await signet(['audit', 'list', '--json'])).stdout).entries as {
      action: string
      details: Record<string, unknown>
    }[]
    expect(entries[0]).toMatchObject({ action: 'audit.repair', details: { tornBytes: torn.length, keptAs: kept[0] } })
    // Work goes on and the chain stays intact.
    expect((await signet(['sets', 'create', 'staging'])).code).toBe(0)
    expect((await signet(['audit', 'verify'])).code).toBe(0)
    // A second repair has nothing to do.
    const again = await signet(['audit', 'repair'])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('Nothing to repair')
  }, 180_000)

  it('refuses to "repair" tampering and leaves the log as evidence', async () => {
    const { signet, log } = await dataDirWithHistory()
    const original = readFileSync(log, 'utf8')
    const edited = original.replace('"set.create"', '"set.delete"')
    expect(edited).not.toBe(original)
    writeFileSync(log, edited)
    const result = await signet(['audit', 'repair'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('ERR_AUDIT_NOT_REPAIRABLE')
    expect(readFileSync(log, 'utf8')).toBe(edited)
  }, 120_000)
})
