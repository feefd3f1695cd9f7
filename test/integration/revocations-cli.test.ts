import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeJwt, decodeProtectedHeader } from 'jose'
import { jsonSchemas } from '#cli/output/json-schemas'
import { parseRevocationsClaim } from '#shared/revocation-list/format'
import { runCli } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

/**
 * A key set's Signet revocation list through the real CLI, the private keyring and real store
 * files: revoke by jti, by sub and by a cutoff, export, and check real tokens against the exported
 * list with `signet verify --revocations` and the exported JWKS.
 */

let dir: string
let env: Record<string, string>
const cli = (args: string[]) => runCli(args, { env })
const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

beforeAll(async () => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
  dir = mkdtempSync(join(tmpdir(), 'signet-revocations-'))
  env = { SIGNET_DATA_DIR: join(dir, 'data'), SIGNET_KEYCHAIN_SERVICE: `signet-rev-${process.pid}` }
  await createProdWithActiveKey(cli, [
    '--issuer',
    'https://issuer.example',
    '--max-token-lifetime',
    '4h',
    '--clock-skew',
    '0s',
  ])
}, 60_000)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function sign(name: string, claims: Record<string, unknown>): Promise<string> {
  const file = join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify(claims))
  const result = await cli(['sign', '--set', 'prod', '--claims', file])
  expect(result.code, result.stderr).toBe(0)
  return result.stdout.trim()
}

const listFile = () => join(dir, 'prod.revocations.jwt')
async function exportList(): Promise<{ token: string; stderr: string }> {
  const result = await cli(['revocations', 'export', '--set', 'prod', '--out', listFile()])
  expect(result.code, result.stderr).toBe(0)
  return { token: readFileSync(listFile(), 'utf8').trim(), stderr: result.stderr }
}

describe('signet revocations', () => {
  it('revokes by jti, by sub and by cutoff; verify rejects exactly those tokens, and accepts again after a removal', async () => {
    const now = Math.floor(Date.now() / 1000)
    const revokedJti = await sign('a', { sub: 'alice', jti: 'tok-alice-1' })
    const revokedSub = await sign('b', { sub: 'mallory' })
    const beforeCutoff = await sign('c', { sub: 'carol', iat: now - 7200 })
    const fine = await sign('d', { sub: 'dave' })
    const jwks = join(dir, 'jwks.json')
    expect((await cli(['jwks', 'export', '--set', 'prod', '--out', jwks])).code).toBe(0)
    const verify = (token: string) => cli(['verify', token, '--jwks', jwks, '--revocations', listFile()])

    const added = await cli([
      'revocations',
      'add',
      '--set',
      'prod',
      '--jti',
      'tok-alice-1',
      '--until',
      iso(now + 3600),
      '--reason',
      'laptop stolen',
    ])
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toContain(`jti "tok-alice-1" until ${iso(now + 3600)} reason "laptop stolen"`)
    expect(
      (await cli(['revocations', 'add', '--set', 'prod', '--sub', 'mallory', '--reason', 'left the company'])).code,
    ).toBe(0)
    expect((await cli(['revocations', 'cutoff', '--set', 'prod', '--before', iso(now - 3600)])).code).toBe(0)

    const listed = await cli(['revocations', 'list', '--set', 'prod', '--json'])
    expect(listed.code).toBe(0)
    const view = jsonSchemas['revocations list'].parse(JSON.parse(listed.stdout)).list
    expect(view.entries.map((e) => [e.by, e.id, e.until])).toEqual([
      ['jti', 'tok-alice-1', now + 3600],
      ['sub', 'mallory', null],
    ])
    expect(view.notBefore).toBe(now - 3600)
    expect(view.diff.map((c) => c.kind)).toEqual(['added', 'added', 'cutoff'])

    const first = await exportList()
    expect(first.stderr).toContain(`added: jti "tok-alice-1" until ${iso(now + 3600)}`)
    expect(first.stderr).toContain('added: sub "mallory" until never')
    expect(first.stderr).toContain(`changed: cutoff never → ${iso(now - 3600)}`)
    expect(first.stderr).toContain('3 changes since the last export')
    expect(decodeProtectedHeader(first.token)).toMatchObject({ typ: 'signet-revocations+jwt', alg: 'ES256' })
    const claims = decodeJwt(first.token)
    expect(claims).toMatchObject({ iss: 'https://issuer.example', ttl: 3600 })
    expect(claims.jti).toBeUndefined()
    expect(parseRevocationsClaim(claims.revocations)).toEqual({
      version: 1,
      not_before: now - 3600,
      entries: [
        { jti: 'tok-alice-1', until: now + 3600, reason: 'laptop stolen' },
        { sub: 'mallory', reason: 'left the company' },
      ],
    })

    const byJti = await verify(revokedJti)
    expect(byJti.code).toBe(1)
    expect(byJti.stdout).toContain('the revocation list names its jti "tok-alice-1" (reason: laptop stolen)')
    const bySub = await verify(revokedSub)
    expect(bySub.code).toBe(1)
    expect(bySub.stdout).toContain('the revocation list names its sub "mallory"')
    const byCutoff = await verify(beforeCutoff)
    expect(byCutoff.code).toBe(1)
    expect(byCutoff.stdout).toContain(`before the list's cutoff ${iso(now - 3600)}`)
    const accepted = await verify(fine)
    expect(accepted.code, accepted.stdout).toBe(0)
    expect(accepted.stdout).toContain('Not revoked')

    // Nothing changed: the next export says so.
    expect((await cli(['revocations', 'list', '--set', 'prod'])).stdout).toContain(
      'Nothing changed since the last export.',
    )

    expect((await cli(['revocations', 'remove', '--set', 'prod', '--jti', 'tok-alice-1'])).code).toBe(0)
    expect((await cli(['revocations', 'cutoff', '--set', 'prod', '--clear'])).code).toBe(0)
    const second = await exportList()
    expect(second.stderr).toContain('removed: jti "tok-alice-1"')
    expect(second.stderr).toContain(`changed: cutoff ${iso(now - 3600)} → never`)
    expect((await verify(revokedJti)).code).toBe(0)
    expect((await verify(beforeCutoff)).code).toBe(0)
    expect((await verify(revokedSub)).code).toBe(1)
  }, 240_000)

  it('prunes an entry once its until has passed, at the next export, and audits it', async () => {
    // `until` must still be ahead after the add and the first export, which each take one CLI run: the
    // window is five runs as long as one takes now (at least 10 s), since a fixed 15 s was outrun on a
    // machine at load 12. The set's clock skew is 0.
    const started = Date.now()
    expect((await cli(['revocations', 'list', '--set', 'prod'])).code).toBe(0)
    const oneRunSeconds = (Date.now() - started) / 1000
    const until = Math.floor(Date.now() / 1000) + Math.max(10, Math.ceil(5 * oneRunSeconds))
    const added = await cli(['revocations', 'add', '--set', 'prod', '--jti', 'short-lived', '--until', String(until)])
    expect(added.code, added.stderr).toBe(0)
    await exportList()
    await new Promise((resolve) => setTimeout(resolve, (until + 1) * 1000 - Date.now() + 100))
    const listed = JSON.parse((await cli(['revocations', 'list', '--set', 'prod', '--json'])).stdout)
    expect(listed.list.expired).toBe(1)
    const pruned = await exportList()
    expect(pruned.stderr).toContain('removed: jti "short-lived"')
    expect(JSON.stringify(decodeJwt(pruned.token).revocations)).not.toContain('short-lived')
    expect(
      JSON.parse((await cli(['revocations', 'list', '--set', 'prod', '--json'])).stdout).list.entries.map(
        (e: { id: string }) => e.id,
      ),
    ).toEqual(['mallory'])
    const log = JSON.parse((await cli(['audit', 'list', '--json'])).stdout) as {
      entries: { action: string; details: Record<string, unknown> }[]
    }
    const exports = log.entries.filter((e) => e.action === 'revocations.export')
    expect(exports[0]!.details).toMatchObject({ pruned: 1, entries: 1 })
  }, 180_000)

  it('refuses bad input with its own codes and exit codes', async () => {
    const both = await cli(['revocations', 'add', '--set', 'prod', '--jti', 'x', '--sub', 'y'])
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('Give exactly one of --jti <jti> or --sub <sub>.')
    const past = await cli(['revocations', 'add', '--set', 'prod', '--jti', 'x', '--until', '2020-01-01T00:00:00Z'])
    expect(past.code).toBe(2)
    expect(past.stderr).toContain('ERR_REVOCATION_ENTRY_INVALID')
    const future = await cli([
      'revocations',
      'cutoff',
      '--set',
      'prod',
      '--before',
      iso(Math.floor(Date.now() / 1000) + 86_400),
    ])
    expect(future.stderr).toContain('ERR_REVOCATION_ENTRY_INVALID')
    const missing = await cli(['revocations', 'remove', '--set', 'prod', '--sub', 'nobody'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('ERR_REVOCATION_ENTRY_NOT_FOUND')
    const long = await cli(['revocations', 'add', '--set', 'prod', '--jti', 'j'.repeat(257)])
    expect(long.code).toBe(2)
    expect(long.stderr).toContain('at most 256 characters')
    const noSet = await cli(['revocations', 'list', '--set', 'nope'])
    expect(noSet.stderr).toContain('ERR_SET_NOT_FOUND')
    const help = await cli(['revocations', 'export', '--help'])
    expect(help.stdout).toContain('Exit codes:')
  }, 60_000)

  it('every change is in the audit log, and the log still verifies', async () => {
    const verified = await cli(['audit', 'verify'])
    expect(verified.code, verified.stdout + verified.stderr).toBe(0)
    const log = JSON.parse((await cli(['audit', 'list', '--json'])).stdout) as {
      entries: { action: string; details: Record<string, unknown> }[]
    }
    // audit list prints the newest first
    const actions = log.entries
      .map((e) => e.action)
      .filter((a) => a.startsWith('revocations.'))
      .reverse()
    expect(actions).toEqual([
      'revocations.add',
      'revocations.add',
      'revocations.cutoff',
      'revocations.export',
      'revocations.remove',
      'revocations.cutoff',
      'revocations.export',
      'revocations.add',
      'revocations.export',
      'revocations.export',
    ])
    expect(
      log.entries.find((e) => e.action === 'revocations.add' && e.details.id === 'tok-alice-1')!.details,
    ).toMatchObject({ by: 'jti', id: 'tok-alice-1', reason: 'laptop stolen' })
  }, 30_000)
})
