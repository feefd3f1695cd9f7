import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readStatusListToken } from '#shared/status-list/token'
import { decodeToken } from '#shared/token/decode'
import { buildFaultyCli } from '../support/faulty-cli'
import { runCli } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

/** Managed status lists through the real CLI, the private keyring and real store files. */

let dir: string
let env: Record<string, string>
const cli = (args: string[]) => runCli(args, { env })

beforeAll(async () => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
  dir = mkdtempSync(join(tmpdir(), 'signet-status-list-'))
  env = { SIGNET_DATA_DIR: join(dir, 'data'), SIGNET_KEYCHAIN_SERVICE: `signet-sl-${process.pid}` }
  await createProdWithActiveKey(cli, ['--issuer', 'https://issuer.example'])
  writeFileSync(join(dir, 'claims.json'), '{"sub":"alice"}')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const statusIn = (token: string, idx: number) => readStatusListToken(token).list.packed.get(idx)

describe('signet status-list with a managed list', () => {
  it('signs a referenced token, revokes, suspends and restores its index, each step exported and audited', async () => {
    expect(
      (
        await cli([
          'status-list',
          'create',
          'revoked',
          '--set',
          'prod',
          '--uri',
          'https://issuer.example/sl/1',
          '--size',
          '4096',
          '--bits',
          '2',
        ])
      ).code,
    ).toBe(0)
    const signed = await cli([
      'sign',
      '--set',
      'prod',
      '--claims',
      join(dir, 'claims.json'),
      '--status-list',
      'revoked',
    ])
    expect(signed.code).toBe(0)
    const token = signed.stdout.trim()
    const decoded = decodeToken(token)
    const claims = (decoded.type === 'jws' && decoded.payload.kind === 'claims' ? decoded.payload.claims : {}) as {
      status: { status_list: { idx: number; uri: string } }
      jti: string
    }
    const { idx, uri } = claims.status.status_list
    expect(uri).toBe('https://issuer.example/sl/1')
    expect(idx).toBeGreaterThanOrEqual(0)
    expect(idx).toBeLessThan(4096)

    const note = JSON.parse((await cli(['status-list', 'get', 'revoked', String(idx), '--json'])).stdout)
    expect(note).toMatchObject({ status: 0, allocated: true, note: { jti: claims.jti, sub: 'alice' } })

    const exportNow = async () => {
      const out = join(dir, 'list.jwt')
      const result = await cli(['status-list', 'export', 'revoked', '--out', out])
      expect(result.code).toBe(0)
      return { token: readFileSync(out, 'utf8').trim(), stderr: result.stderr }
    }
    const jwksFile = join(dir, 'jwks.json')
    expect((await cli(['jwks', 'export', '--set', 'prod', '--out', jwksFile])).code).toBe(0)
    const verify = (extra: string[] = []) =>
      cli(['verify', token, '--jwks', jwksFile, '--status-list', join(dir, 'list.jwt'), ...extra])

    const first = await exportNow()
    expect(statusIn(first.token, idx)).toBe(0)
    const valid = await verify(['--json'])
    expect(valid.code).toBe(0)
    const validTrace = JSON.parse(valid.stdout) as { verdict: string; checks: { id: string; status: string }[] }
    expect(validTrace.verdict).toBe('valid')
    expect(validTrace.checks.filter((c) => c.id.startsWith('status')).map((c) => [c.id, c.status])).toEqual([
      ['status-list-signature', 'pass'],
      ['status-list-typ', 'pass'],
      ['status-list-sub', 'pass'],
      ['status-list-fresh', 'pass'],
      ['status-index', 'pass'],
      ['status', 'pass'],
    ])
    expect(readStatusListToken(first.token).header).toMatchObject({ typ: 'statuslist+jwt', alg: 'ES256' })
    expect(readStatusListToken(first.token).claims).toMatchObject({ sub: uri, ttl: 3600 })

    expect(
      (await cli(['status-list', 'set', 'revoked', String(idx), '--status', 'invalid', '--reason', 'lost laptop']))
        .code,
    ).toBe(0)
    const revoked = await exportNow()
    expect(statusIn(revoked.token, idx)).toBe(1)
    expect(revoked.stderr).toContain(`status[${idx}] VALID → INVALID`)
    const rejected = await verify()
    expect(rejected.code).toBe(1)
    expect(rejected.stdout).toContain(`The token is revoked: the status at index ${idx} is INVALID.`)
    expect(rejected.stdout).toMatch(/INVALID {2}Status: The token is revoked/)
    // The same list with another key source does not vouch for the token: rejected too, and said why.
    const otherKey = join(dir, 'other.jwk')
    writeFileSync(
      otherKey,
      JSON.stringify({
        kty: 'EC',
        crv: 'P-256',
        x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
        y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
      }),
    )
    const wrongSource = await cli([
      'verify',
      token,
      '--key',
      otherKey,
      '--status-list',
      join(dir, 'list.jwt'),
      '--json',
    ])
    expect(wrongSource.code).toBe(1)
    expect(
      (JSON.parse(wrongSource.stdout) as { checks: { id: string; status: string }[] }).checks.find(
        (c) => c.id === 'status-list-signature',
      )?.status,
    ).toBe('fail')

    expect((await cli(['status-list', 'set', 'revoked', String(idx), '--status', 'suspended'])).code).toBe(0)
    expect(statusIn((await exportNow()).token, idx)).toBe(2)
    const suspended = await verify()
    expect(suspended.code).toBe(1)
    expect(suspended.stdout).toContain(`The token is suspended: the status at index ${idx} is SUSPENDED`)
    expect((await cli(['status-list', 'set', 'revoked', '--jti', claims.jti, '--status', 'valid'])).code).toBe(0)
    expect(statusIn((await exportNow()).token, idx)).toBe(0)
    expect((await verify()).code).toBe(0)
    // An expired token stays expired whatever its status: evaluated after its exp, it is rejected for that.
    const late = await verify(['--at', String((claims as unknown as { exp: number }).exp + 7200), '--json'])
    expect(late.code).toBe(1)
    expect((JSON.parse(late.stdout) as { reason: string }).reason).toMatch(/^Expiry \(exp\)/)

    const audit = await cli(['audit', 'verify'])
    expect(audit.code).toBe(0)
    const log = await cli(['audit', 'list', '--json'])
    const actions = (JSON.parse(log.stdout) as { entries: { action: string }[] }).entries.map((e) => e.action)
    expect(actions.filter((a) => a === 'status-list.set')).toHaveLength(3)
    expect(actions.filter((a) => a === 'status-list.export')).toHaveLength(4)
    expect(actions).toContain('status-list.allocate')
  }, 300_000)

  it('prints the aggregation document of a set with several lists (draft §9.3)', async () => {
    expect(
      (
        await cli([
          'status-list',
          'create',
          'second',
          '--set',
          'prod',
          '--uri',
          'https://issuer.example/sl/2',
          '--size',
          '1024',
        ])
      ).code,
    ).toBe(0)
    const result = await cli(['status-list', 'aggregation', '--set', 'prod'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual({
      status_lists: ['https://issuer.example/sl/1', 'https://issuer.example/sl/2'],
    })
  }, 60_000)

  it('update: --ttl none leaves the claim out, a duration sets it, anything else is bad usage', async () => {
    const create = ['status-list', 'create', 'timed', '--set', 'prod', '--uri', 'https://issuer.example/sl/t']
    expect((await cli([...create, '--size', '1024'])).code).toBe(0)
    const none = await cli(['status-list', 'update', 'timed', '--ttl', ' None '])
    expect(none.code, none.stderr).toBe(0)
    expect(none.stdout).toContain('ttl 1h → none')
    const tenMinutes = await cli(['status-list', 'update', 'timed', '--ttl', '10m'])
    expect(tenMinutes.stdout).toContain('ttl none → 10m')
    const bad = await cli(['status-list', 'update', 'timed', '--ttl', 'soon'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('ERR_DURATION_INVALID')
  })

  it('refuses reserved statuses and indexes outside the list', async () => {
    const reserved = await cli(['status-list', 'set', 'revoked', '1', '--status', '5'])
    expect(reserved.code).toBe(2)
    expect(reserved.stderr).toContain('ERR_STATUS_LIST_VALUE')
    const outside = await cli(['status-list', 'set', 'revoked', '4096', '--status', 'invalid'])
    expect(outside.stderr).toContain('ERR_STATUS_LIST_INDEX')
  }, 60_000)

  it('a process killed in the middle of a status change leaves the list consistent and unlocked', async () => {
    const child = spawn(
      process.execPath,
      [await buildFaultyCli(), 'status-list', 'set', 'revoked', '0-4095', '--status', 'invalid'],
      {
        env: { ...process.env, ...env, SIGNET_TEST_LOCK_HOLD_MS: '20000' },
        stdio: 'ignore',
      },
    )
    await new Promise((resolve) => setTimeout(resolve, 3000))
    child.kill('SIGKILL')
    await new Promise((resolve) => child.on('close', resolve))
    const listed = JSON.parse((await cli(['status-list', 'list', '--json'])).stdout) as {
      name: string
      counts: Record<string, number>
    }[]
    expect(listed.find((l) => l.name === 'revoked')!.counts).toEqual({ '0': 4096 })
    // The dead holder's lock is taken over at once, and the next change commits whole.
    const after = await cli(['status-list', 'set', 'revoked', '7', '--status', 'invalid'])
    expect(after.code).toBe(0)
    expect(JSON.parse((await cli(['status-list', 'get', 'revoked', '7', '--json'])).stdout).status).toBe(1)
  }, 60_000)
})
