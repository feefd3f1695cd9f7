import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'

/**
 * Nothing is lost: a backup made with the real CLI carries the status lists (with their local
 * notes and last export), the revocation list and the publish targets, and `signet backup restore`
 * on a new data directory and a new keychain service brings them back as the same commands show
 * them. Runs inside scripts/with-private-keyring.sh.
 */

const passphrase = 'velvet orbit mango tundra quill'
const note = 'handed to the contractor laptop 7731'
let dir: string
let site: string
let passFile: string
let backupFile: string
const source = () => ({ SIGNET_DATA_DIR: join(dir, 'source'), SIGNET_KEYCHAIN_SERVICE: `signet-bk-src-${process.pid}` })
const fresh = (name: string) => ({
  SIGNET_DATA_DIR: join(dir, name),
  SIGNET_KEYCHAIN_SERVICE: `signet-bk-${name}-${process.pid}`,
})

async function ok(args: string[], env: Record<string, string>): Promise<string> {
  const result = await runCli(args, { env, timeoutMs: 60_000 })
  expect(result.code, `signet ${args.join(' ')}: ${result.stderr}`).toBe(0)
  return result.stdout
}
const json = async <T>(args: string[], env: Record<string, string>) => JSON.parse(await ok(args, env)) as T

/** What the commands show of the records a backup must carry, minus what differs by machine. */
async function visible(env: Record<string, string>) {
  const lists = await json<
    {
      name: string
      allocated: number
      counts: Record<string, number>
      lastExportAt: string | null
      ttl: number | null
      lifetime: number
      uri: string
      closedSince: string | null
    }[]
  >(['status-list', 'list', '--json'], env)
  const { list: revocations } = await json<{
    list: {
      entries: { by: string; id: string; reason: string | null }[]
      notBefore: number | null
      lastExportAt: string | null
    }
  }>(['revocations', 'list', '--set', 'prod', '--json'], env)
  const targets = await json<{
    targets: {
      name: string
      config: unknown
      firstPublished: Record<string, string>
      lastPublish: { sha256: string } | null
    }[]
  }>(['jwks', 'targets', 'list', '--set', 'prod', '--json'], env)
  return {
    lists,
    revocations: {
      entries: revocations.entries.map(({ by, id, reason }) => ({ by, id, reason })),
      notBefore: revocations.notBefore,
      lastExportAt: revocations.lastExportAt,
    },
    targets: targets.targets.map(({ name, config, firstPublished, lastPublish }) => ({
      name,
      config,
      firstPublished,
      lastPublish: lastPublish?.sha256 ?? null,
    })),
  }
}

let allocated: number
const tinyAllocated: number[] = []
let before: Awaited<ReturnType<typeof visible>>

beforeAll(async () => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
  dir = mkdtempSync(join(tmpdir(), 'signet-backup-all-'))
  site = join(dir, 'site')
  mkdirSync(site)
  passFile = join(dir, 'pass')
  writeFileSync(passFile, `${passphrase}\n`)
  chmodSync(passFile, 0o600)
  backupFile = join(dir, 'all.signet-backup')
  const env = source()
  await ok(['sets', 'create', 'prod', '--issuer', 'https://issuer.example'], env)
  await ok(['keys', 'generate', '--set', 'prod', '--alg', 'ES256', '--kid', 'prod-1', '--activate'], env)
  await ok(
    [
      'status-list',
      'create',
      'tokens',
      '--set',
      'prod',
      '--uri',
      'https://issuer.example/status/1',
      '--bits',
      '2',
      '--size',
      '1024',
      '--ttl',
      '30m',
      '--lifetime',
      '45m',
    ],
    env,
  )
  const claims = join(dir, 'claims.json')
  writeFileSync(claims, JSON.stringify({ sub: 'alice', jti: 'jti-alice-1' }))
  const token = (await ok(['sign', '--set', 'prod', '--claims', claims, '--status-list', 'tokens'], env)).trim()
  allocated = (decodeJwt(token).status as { status_list: { idx: number } }).status_list.idx
  await ok(
    ['status-list', 'create', 'tiny', '--set', 'prod', '--uri', 'https://issuer.example/status/2', '--size', '8'],
    env,
  )
  for (let i = 0; i < 7; i++) {
    const signed = (await ok(['sign', '--set', 'prod', '--claims', claims, '--status-list', 'tiny'], env)).trim()
    tinyAllocated.push((decodeJwt(signed).status as { status_list: { idx: number } }).status_list.idx)
  }
  await ok(['status-list', 'set', 'tokens', String(allocated), '--status', 'suspended', '--reason', note], env)
  await ok(['status-list', 'export', 'tokens', '--out', join(dir, 'tokens.jwt')], env)
  await ok(['revocations', 'add', '--set', 'prod', '--jti', 'stolen-1', '--reason', 'phone stolen'], env)
  await ok(['revocations', 'add', '--set', 'prod', '--sub', 'mallory'], env)
  await ok(['revocations', 'export', '--set', 'prod', '--out', join(dir, 'revocations.jwt')], env)
  await ok(['jwks', 'targets', 'add', '--set', 'prod', '--name', 'site', '--dir', site], env)
  await ok(['jwks', 'publish', '--set', 'prod', '--target', 'site'], env)
  await ok(['backup', 'create', '--out', backupFile, '--passphrase-file', passFile], env)
  before = await visible(env)
}, 180_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('signet backup carries status lists, revocation lists and publish targets', { timeout: 180_000 }, () => {
  it('shows them in the summary and the dry run, and restores them on a new machine as they were', async () => {
    const inspected = await ok(['backup', 'inspect', backupFile], source())
    expect(inspected).toContain('2 status lists, 1 revocation list, 1 publish target')
    const env = fresh('restored')
    const dry = await ok(['backup', 'restore', backupFile, '--passphrase-file', passFile, '--dry-run'], env)
    expect(dry).toContain('status-list:tokens  restored (1 allocated)')
    expect(dry).toContain('revocation-list:prod  restored (2 entries)')
    expect(dry).toContain('publish-target:prod/site  restored (1 published kids)')
    expect(dry).not.toContain(note)

    const restoreOutput = await ok(['backup', 'restore', backupFile, '--passphrase-file', passFile], env)
    expect(restoreOutput).toContain('gives out no new ones')
    // As they were, except that a list restored onto a machine that did not have it gives out no new
    // indexes: those given out after the backup are unknown here.
    const after = await visible(env)
    const open = (lists: typeof before.lists) => lists.map(({ closedSince: _, ...rest }) => rest)
    expect({ ...after, lists: open(after.lists) }).toEqual({ ...before, lists: open(before.lists) })
    expect(before.lists.map((l) => l.closedSince)).toEqual([null, null])
    expect(after.lists.map((l) => l.closedSince)).toEqual([
      expect.stringMatching(/^\d{4}-/),
      expect.stringMatching(/^\d{4}-/),
    ])
    expect(before.lists.find((l) => l.name === 'tokens')).toMatchObject({
      allocated: 1,
      counts: { '2': 1 },
      ttl: 1800,
      lifetime: 2700,
    })
    expect(before.revocations.entries).toHaveLength(2)
    expect(before.targets[0]!.firstPublished).toHaveProperty('prod-1')

    // The note and the signing kid come back with the index; nothing of the note reaches the audit log.
    const got = await json<{
      status: number
      allocated: boolean
      note: { jti: string; sub: string; reason: string; kid: string }
    }>(['status-list', 'get', 'tokens', String(allocated), '--json'], env)
    expect(got).toMatchObject({
      status: 2,
      allocated: true,
      note: { jti: 'jti-alice-1', sub: 'alice', reason: note, kid: 'prod-1' },
    })
    expect(readFileSync(join(env.SIGNET_DATA_DIR, 'audit.log.jsonl'), 'utf8')).not.toContain(note)

    // The restored key still signs the restored list, and the target publishes with no change.
    await ok(['status-list', 'export', 'tokens', '--out', join(dir, 'tokens-2.jwt')], env)
    const plan = await runCli(['jwks', 'plan', '--set', 'prod', '--json'], { env })
    expect(plan.code, plan.stderr).toBe(0)
    expect(plan.stdout).toContain('"site"')
  })

  it('never gives an allocated index out again: a restored list gives out none, the original only fresh ones', async () => {
    // On a new machine the indexes given out after the backup are unknown: the restored list refuses to
    // allocate, says why and what to do, and its statuses still change.
    const env = fresh('allocations')
    await ok(['backup', 'restore', backupFile, '--passphrase-file', passFile], env)
    const claims = join(dir, 'claims-2.json')
    writeFileSync(claims, JSON.stringify({ sub: 'bob' }))
    const closed = await runCli(['sign', '--set', 'prod', '--claims', claims, '--status-list', 'tiny'], { env })
    expect(closed.code).toBe(1)
    expect(closed.stderr).toContain('ERR_STATUS_LIST_CLOSED')
    expect(closed.stderr).toMatch(/restored from a backup made \d{4}-\d\d-\d\dT[\d:]+Z/)
    expect(closed.stderr).toContain('signet status-list create')
    await ok(['status-list', 'set', 'tiny', String(tinyAllocated[0]), '--status', 'invalid'], env)
    expect(await ok(['status-list', 'list'], env)).toMatch(
      /tiny .* gives out no new indexes \(restored from a backup made /,
    )

    // "tiny" has 8 indexes, 7 given out: where the list lives, the last free one, then none.
    const token = (await ok(['sign', '--set', 'prod', '--claims', claims, '--status-list', 'tiny'], source())).trim()
    const idx = (decodeJwt(token).status as { status_list: { idx: number } }).status_list.idx
    expect(tinyAllocated).not.toContain(idx)
    const full = await runCli(['sign', '--set', 'prod', '--claims', claims, '--status-list', 'tiny'], { env: source() })
    expect(full.code).toBe(1)
    expect(full.stderr).toContain('ERR_STATUS_LIST_FULL')
  })

  it('restoring onto the same store again changes nothing by default and merges a revocation list', async () => {
    const env = fresh('again')
    await ok(['backup', 'restore', backupFile, '--passphrase-file', passFile], env)
    await ok(['revocations', 'add', '--set', 'prod', '--jti', 'added-here'], env)
    const second = await ok(['backup', 'restore', backupFile, '--passphrase-file', passFile], env)
    expect(second).toMatch(/status-list:tokens\s+skipped/)
    expect(second).toMatch(/revocation-list:prod\s+unchanged/)
    const merged = await ok(
      ['backup', 'restore', backupFile, '--passphrase-file', passFile, '--on-conflict', 'overwrite'],
      env,
    )
    expect(merged).toMatch(/status-list:tokens\s+overwritten/)
    const { list } = await json<{ list: { entries: { id: string }[] } }>(
      ['revocations', 'list', '--set', 'prod', '--json'],
      env,
    )
    expect(list.entries.map((e) => e.id).sort()).toEqual(['added-here', 'mallory', 'stolen-1'])
  })

  it('still restores a version-1 backup (keys only) written by the old code', async () => {
    const env = fresh('v1')
    const fixture = join(__dirname, 'fixtures', 'backup-v1.signet-backup')
    const inspected = await ok(['backup', 'inspect', fixture], env)
    expect(inspected).toContain('a version-1 backup did not carry them')
    const restored = await ok(['backup', 'restore', fixture, '--passphrase-file', passFile], env)
    expect(restored).toContain('2 restored, 0 overwritten, 0 kept both, 0 skipped')
    const keys = await json<{ keys: { kid: string; state: string }[] }>(['keys', 'list', '--json'], env)
    expect(keys.keys.map((k) => `${k.kid}:${k.state}`).sort()).toEqual(['legacy-eddsa:staged', 'legacy-es256:active'])
    expect(await json<unknown[]>(['status-list', 'list', '--json'], env)).toEqual([])
  })
})
