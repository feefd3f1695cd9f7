import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createKeychain } from '#electron/adapters/keychain'
import { planPublish } from '#electron/services/publishing/plan'
import { publishSet } from '#electron/services/publishing/publish'
import type { KeyInfo } from '#shared/managed-keys/types'
import type { PublishTarget } from '#shared/publishing/targets'
import { keyTestContext, testClock } from '../support/key-context'
import { runCli } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

// Runs inside scripts/with-private-keyring.sh: a real gnome-keyring, real store files, the real CLI as
// a child process, real git repositories (a working copy and a bare one) and a real shell command.
beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

const run = `${process.pid}-${Date.now()}`
const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' })
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex')

interface AuditLine {
  action: string
  subject: { set?: string }
  details: Record<string, string | number | boolean | null>
}

describe("publishing a set's JWKS to a folder, two git repositories and a command, with the lifecycle guards", () => {
  const service = `Signet-it-publish-${run}`
  const root = mkdtempSync(join(tmpdir(), 'signet-publish-it-'))
  const dataDir = join(root, 'data')
  const env = { SIGNET_KEYCHAIN_SERVICE: service }
  const signet = (...args: string[]) => runCli(['--data-dir', dataDir, ...args], { env, timeoutMs: 60_000 })
  const site = join(root, 'site')
  const workingCopy = join(root, 'working')
  const bare = join(root, 'pages.git')
  const uploaded = join(root, 'bucket', 'jwks.json')

  const jwksNow = async () => (await signet('jwks', 'export', '--set', 'prod')).stdout
  const held = () => ({
    site: readFileSync(join(site, '.well-known/jwks.json'), 'utf8'),
    working: git(workingCopy, 'show', 'main:.well-known/jwks.json'),
    bare: git(bare, 'show', 'pages:keys/jwks.json'),
    command: readFileSync(uploaded, 'utf8'),
  })
  const publishCommits = (repo: string, branch: string) =>
    git(repo, 'log', '--format=%B%x00', branch)
      .split('\0\n')
      .filter((m) => m.startsWith('signet: publish'))
  const auditLines = () =>
    readFileSync(join(dataDir, 'audit.log.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditLine)

  it('publishes, reads back byte-identical, guards activation and removal, and audits every publish', async () => {
    mkdirSync(site)
    mkdirSync(join(root, 'bucket'))
    mkdirSync(workingCopy)
    git(workingCopy, 'init', '-q', '-b', 'main')
    writeFileSync(join(workingCopy, 'README.md'), 'pages\n')
    git(workingCopy, 'add', 'README.md')
    git(workingCopy, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'init')
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare])

    const oldKid = await createProdWithActiveKey(
      (args) => signet(...args),
      [
        '--issuer',
        'https://auth.example.com',
        '--max-token-lifetime',
        '1h',
        '--jwks-cache',
        '15m',
        '--clock-skew',
        '1m',
      ],
    )

    for (const args of [
      ['--name', 'site', '--dir', site, '--openid-configuration'],
      ['--name', 'working', '--git', workingCopy],
      ['--name', 'pages', '--git', bare, '--branch', 'pages', '--path', 'keys/jwks.json'],
      [
        '--name',
        'bucket',
        '--command',
        `cat > '${uploaded}' && test "$(cat "$SIGNET_JWKS_FILE")" = "$(cat '${uploaded}')" && echo uploaded`,
        '--read-command',
        `cat '${uploaded}' 2>/dev/null || true`,
      ],
    ]) {
      const added = await signet('jwks', 'targets', 'add', '--set', 'prod', ...args)
      expect(added.code, added.stderr).toBe(0)
    }
    expect((await signet('jwks', 'targets', 'add', '--set', 'prod', '--name', 'site', '--dir', site)).stderr).toContain(
      'ERR_PUBLISH_TARGET_EXISTS',
    )
    expect(
      (await signet('jwks', 'targets', 'add', '--set', 'prod', '--name', 'x', '--dir', site, '--git', bare)).code,
    ).toBe(2)
    const listed = JSON.parse((await signet('jwks', 'targets', 'list', '--set', 'prod', '--json')).stdout) as {
      targets: PublishTarget[]
    }
    expect(listed.targets.map((t) => [t.name, t.config.kind])).toEqual([
      ['site', 'dir'],
      ['working', 'git'],
      ['pages', 'git'],
      ['bucket', 'command'],
    ])

    // First publish: every target gets exactly the canonical bytes, and reading back proves it.
    const firstPlan = await signet('jwks', 'plan', '--set', 'prod', '--json')
    expect(firstPlan.code, firstPlan.stderr).toBe(0)
    const published = await signet('jwks', 'publish', '--set', 'prod', '--json')
    expect(published.code, published.stderr).toBe(0)
    const firstJwks = await jwksNow()
    expect(held()).toEqual({ site: firstJwks, working: firstJwks, bare: firstJwks, command: firstJwks })
    const publishResult = JSON.parse(published.stdout) as {
      targets: { target: string; added: string[]; command: { stdout: string } | null }[]
    }
    expect(publishResult.targets.map((t) => t.added)).toEqual([[oldKid], [oldKid], [oldKid], [oldKid]])
    expect(publishResult.targets[3]!.command!.stdout).toBe('uploaded\n')
    expect(JSON.parse(readFileSync(join(site, '.well-known/openid-configuration'), 'utf8'))).toEqual({
      issuer: 'https://auth.example.com',
      jwks_uri: 'https://auth.example.com/.well-known/jwks.json',
    })
    // The working copy's checkout follows the commit: nothing left dirty.
    expect(git(workingCopy, 'status', '--porcelain')).toBe('')
    expect(
      JSON.parse((await signet('jwks', 'plan', '--set', 'prod', '--json')).stdout).targets.every(
        (t: { upToDate: boolean }) => t.upToDate,
      ),
    ).toBe(true)

    // Rotate: the plan shows the staged key added everywhere; activation waits for publication.
    const rotated = await signet('keys', 'rotate', '--set', 'prod')
    expect(rotated.code, rotated.stderr).toBe(0)
    const newKid = rotated.stdout.trim()
    const rotatePlan = JSON.parse((await signet('jwks', 'plan', '--set', 'prod', '--json')).stdout) as {
      ok: boolean
      targets: { diff: { added: { kid: string }[]; removed: unknown[] } }[]
    }
    expect(rotatePlan.ok).toBe(true)
    expect(rotatePlan.targets.map((t) => [t.diff.added.map((k) => k.kid), t.diff.removed])).toEqual(
      Array(4).fill([[newKid], []]),
    )
    const early = await signet('keys', 'activate', `--kid=${newKid}`)
    expect(early.code).toBe(1)
    expect(early.stderr).toMatch(
      /ERR_LIFECYCLE_NOT_PUBLISHED: Key ".*" is not published on "site", "working", "pages", "bucket" yet/,
    )
    // A dirty working tree is never swept into a publish commit.
    writeFileSync(join(workingCopy, 'README.md'), 'edited by hand\n')
    const dirty = await signet('jwks', 'publish', '--set', 'prod', '--target', 'working')
    expect(dirty.code).toBe(1)
    expect(dirty.stderr).toContain('ERR_PUBLISH_DIRTY_TREE')
    expect(git(workingCopy, 'show', 'main:.well-known/jwks.json')).toBe(firstJwks)
    git(workingCopy, 'checkout', '--', 'README.md')
    expect((await signet('jwks', 'publish', '--set', 'prod')).code).toBe(0)
    const secondJwks = await jwksNow()
    expect(held()).toEqual({ site: secondJwks, working: secondJwks, bare: secondJwks, command: secondJwks })
    const stillEarly = await signet('keys', 'activate', `--kid=${newKid}`)
    expect(stillEarly.code).toBe(1)
    expect(stillEarly.stderr).toMatch(/ERR_LIFECYCLE_NOT_PUBLISHED: .*published on every target only at .*Wait 1[45]m/)

    // From here the clock is simulated: the same data directory and keychain, driven in-process with a test clock.
    const targets = (
      JSON.parse((await signet('jwks', 'targets', 'list', '--set', 'prod', '--json')).stdout) as {
        targets: PublishTarget[]
      }
    ).targets
    const publishedAt = Math.max(...targets.map((t) => new Date(t.firstPublished[newKid]!).getTime()))
    const clock = testClock(new Date())
    const t = keyTestContext({ keychain: createKeychain(service), dataDir, clock })
    const jump = (to: number) => clock.advance((to - clock.now().getTime()) / 1000)
    const keys = async () =>
      Object.fromEntries((await t.call('keys:list', { set: 'prod' })).keys.map((k: KeyInfo) => [k.kid, k.state]))

    // The rotation's schedule (15 min after staging) comes before 15 min after publication: it waits.
    jump(publishedAt + 14 * 60_000)
    expect(await keys()).toEqual({ [oldKid]: 'active', [newKid]: 'staged' })
    expect((await t.failure('keys:activate', { kid: newKid })).code).toBe('ERR_LIFECYCLE_NOT_PUBLISHED')
    expect((await t.failure('keys:activate', { kid: newKid, force: true })).code).toBe('ERR_LIFECYCLE_REASON_REQUIRED')
    jump(publishedAt + 15 * 60_000 + 1000)
    expect(await keys()).toEqual({ [oldKid]: 'retired', [newKid]: 'active' })
    // The scheduled activation happened at the moment the guard cleared, which retired the old key then.
    const oldRecord = (await t.call('keys:list', { set: 'prod' })).keys.find((k: KeyInfo) => k.kid === oldKid)!
    const retiredAt = new Date(oldRecord.history.find((h) => h.state === 'retired')!.at).getTime()
    expect(retiredAt).toBe(publishedAt + 15 * 60_000)

    // The retired key leaves the set's JWKS early (forced in the lifecycle): publishing that removal is refused.
    await t.call('keys:unpublish', { kid: oldKid, force: true, reason: 'moving the old key out of the set' })
    const refusedPlan = await planPublish(t.context, { set: 'prod' })
    expect(refusedPlan.ok).toBe(false)
    for (const target of refusedPlan.targets) {
      expect(target.diff.removed).toEqual([expect.objectContaining({ kid: oldKid, verdict: 'refused' })])
      expect(target.refusals).toEqual([expect.objectContaining({ kind: 'removal', kid: oldKid, forceable: true })])
    }
    await expect(publishSet(t.context, { set: 'prod' })).rejects.toMatchObject({ code: 'ERR_PUBLISH_REFUSED' })
    await expect(publishSet(t.context, { set: 'prod', target: 'working', force: true })).rejects.toMatchObject({
      code: 'ERR_PUBLISH_REASON_REQUIRED',
    })
    expect(held()).toEqual({ site: secondJwks, working: secondJwks, bare: secondJwks, command: secondJwks })

    // Forced, with a reason, on one target: done and audited with the reason and what it overrode.
    const forced = await publishSet(t.context, {
      set: 'prod',
      target: 'working',
      force: true,
      reason: 'the old key leaked from a CI log',
    })
    expect(forced.targets).toEqual([expect.objectContaining({ target: 'working', removed: [oldKid], forced: true })])
    const thirdJwks = git(workingCopy, 'show', 'main:.well-known/jwks.json')
    expect(readFileSync(join(site, '.well-known/jwks.json'), 'utf8')).toBe(secondJwks)
    expect(JSON.parse(thirdJwks).keys.map((k: { kid: string }) => k.kid)).toEqual([newKid])

    // At the safe date (retired-at + max token lifetime + JWKS cache time + skew) the removal is allowed.
    jump(retiredAt + (3600 + 900 + 60) * 1000 - 1000)
    expect((await planPublish(t.context, { set: 'prod' })).ok).toBe(false)
    jump(retiredAt + (3600 + 900 + 60) * 1000)
    const safePlan = await planPublish(t.context, { set: 'prod', target: 'site' })
    expect(safePlan.targets[0]!.diff.removed).toEqual([expect.objectContaining({ kid: oldKid, verdict: 'safe' })])
    expect(safePlan.ok).toBe(true)
    const last = await publishSet(t.context, { set: 'prod' })
    expect(last.targets.map((r) => [r.target, r.removed, r.upToDate, r.forced])).toEqual([
      ['site', [oldKid], false, false],
      ['working', [], true, false],
      ['pages', [oldKid], false, false],
      ['bucket', [oldKid], false, false],
    ])
    expect(held()).toEqual({ site: thirdJwks, working: thirdJwks, bare: thirdJwks, command: thirdJwks })

    // One commit per publish, each naming the kids it added and removed.
    const workingCommits = publishCommits(workingCopy, 'main')
    expect(workingCommits).toHaveLength(3)
    expect(workingCommits[0]).toContain(`Removed kids: ${oldKid}`)
    expect(workingCommits[0]).toContain('Forced: the old key leaked from a CI log')
    expect(workingCommits[1]).toContain(`Added kids: ${newKid}`)
    expect(workingCommits[2]).toContain(`Added kids: ${oldKid}`)
    const pagesCommits = publishCommits(bare, 'pages')
    expect(pagesCommits).toHaveLength(3)
    expect(
      pagesCommits.map((m) => [
        m.includes(`Added kids: ${oldKid}`),
        m.includes(`Added kids: ${newKid}`),
        m.includes(`Removed kids: ${oldKid}`),
      ]),
    ).toEqual([
      [false, false, true],
      [false, true, false],
      [true, false, false],
    ])

    // Every publish is in the audit log: target, SHA-256 of the bytes, kids added and removed; the forced one with its reason.
    const publishes = auditLines().filter((entry) => entry.action === 'jwks.publish')
    expect(publishes).toHaveLength(4 + 4 + 1 + 4)
    const forcedEntry = publishes.find((entry) => entry.details.forced === true)!
    expect(forcedEntry).toMatchObject({
      subject: { set: 'prod' },
      details: {
        target: 'working',
        removed: oldKid,
        added: '',
        reason: 'the old key leaked from a CI log',
        overridden: `removal:${oldKid}`,
        sha256: sha256(thirdJwks),
      },
    })
    expect(publishes.filter((entry) => entry.details.target === 'site').map((entry) => entry.details.sha256)).toEqual([
      sha256(firstJwks),
      sha256(secondJwks),
      sha256(thirdJwks),
    ])
    expect(auditLines().some((entry) => entry.action === 'key.unpublish' && entry.details.forced === true)).toBe(true)
    // No private member anywhere a publish wrote.
    for (const text of Object.values(held()))
      for (const key of JSON.parse(text).keys) expect(Object.keys(key)).not.toContain('d')
  }, 600_000)
})
