import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeToken } from '#shared/token/decode'
import { runCli } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

/**
 * `signet scan --managed` uses the store's managed status lists and revocation lists as last
 * exported: after `status-list set … --status invalid` + export and `revocations add` + export,
 * the revoked tokens are invalid (exit 1) and the output names the lists used. Real CLI, private
 * keyring, real store files.
 */

let dir: string
let env: Record<string, string>
const cli = (args: string[]) => runCli(args, { env })

beforeAll(async () => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
  dir = mkdtempSync(join(tmpdir(), 'signet-managed-lists-'))
  env = { SIGNET_DATA_DIR: join(dir, 'data'), SIGNET_KEYCHAIN_SERVICE: `signet-ml-${process.pid}` }
  await createProdWithActiveKey(cli, ['--issuer', 'https://issuer.example'])
  const create = ['status-list', 'create', 'sl', '--set', 'prod', '--uri', 'https://issuer.example/sl/1']
  expect((await cli([...create, '--size', '1024', '--bits', '2'])).code).toBe(0)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const claimsOf = (token: string) => {
  const decoded = decodeToken(token)
  return (decoded.type === 'jws' && decoded.payload.kind === 'claims' ? decoded.payload.claims : {}) as {
    jti: string
    status?: { status_list: { idx: number } }
  }
}

describe('signet scan --managed with the store lists', () => {
  it('judges tokens revoked in the last exports invalid and names the lists', async () => {
    const sign = async (sub: string, withStatus: boolean) => {
      writeFileSync(join(dir, `${sub}.json`), JSON.stringify({ sub }))
      const args = ['sign', '--set', 'prod', '--claims', join(dir, `${sub}.json`)]
      const signed = await cli(withStatus ? [...args, '--status-list', 'sl'] : args)
      expect(signed.code, signed.stderr).toBe(0)
      return signed.stdout.trim()
    }
    const alice = await sign('alice', true)
    const bob = await sign('bob', true)
    const carol = await sign('carol', false)
    writeFileSync(join(dir, 'gateway.log'), [alice, bob, carol].map((t) => `Bearer ${t}`).join('\n'))
    const scan = () => cli(['scan', join(dir, 'gateway.log'), '--managed', '--json'])

    const before = await scan()
    expect(before.code, before.stderr).toBe(0)

    const idx = claimsOf(bob).status!.status_list.idx
    expect((await cli(['status-list', 'set', 'sl', String(idx), '--status', 'invalid'])).code).toBe(0)
    // Not exported yet: verifiers do not see it, neither does the scan.
    expect((await scan()).code).toBe(0)
    expect((await cli(['status-list', 'export', 'sl', '--out', join(dir, 'sl.jwt')])).code).toBe(0)
    expect((await cli(['revocations', 'add', '--set', 'prod', '--jti', claimsOf(carol).jti])).code).toBe(0)
    expect((await cli(['revocations', 'export', '--set', 'prod', '--out', join(dir, 'rl.jwt')])).code).toBe(0)

    const after = await scan()
    expect(after.code, after.stderr).toBe(1)
    const report = JSON.parse(after.stdout) as { tokens: { verdict: string; failedChecks: string[] }[] }
    expect(report.tokens.map((t) => [t.verdict, t.failedChecks])).toEqual([
      ['valid', []],
      ['invalid', ['status']],
      ['invalid', ['revoked']],
    ])
    const human = await cli(['scan', join(dir, 'gateway.log'), '--managed'])
    expect(human.code).toBe(1)
    expect(human.stdout).toMatch(/Managed revocation lists:\n {2}status list "sl" \(set prod\), as exported \d{4}-/)
    expect(human.stdout).toMatch(/ {2}revocation list of set prod, as exported \d{4}-/)
  })
})
