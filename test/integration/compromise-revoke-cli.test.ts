import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readStatusListToken } from '#shared/status-list/token'
import { decodeToken } from '#shared/token/decode'
import { runCli } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

/**
 * `keys compromise` and the tokens the key signed, through the real CLI, the private keyring and
 * real store files: two tokens signed with --status-list record the signing kid in their notes; a
 * third note is rewritten as an old one without a kid ("unknown signer"). Compromise without
 * --revoke-tokens counts and prints the exact command; that command revokes both, not the third;
 * the exported list rejects them in `signet verify` (exit 1, the index named), the third passes.
 */

let dir: string
let env: Record<string, string>
const cli = (args: string[]) => runCli(args, { env })

beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
  dir = mkdtempSync(join(tmpdir(), 'signet-compromise-'))
  env = { SIGNET_DATA_DIR: join(dir, 'data'), SIGNET_KEYCHAIN_SERVICE: `signet-cr-${process.pid}` }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const claimsOf = (token: string) => {
  const decoded = decodeToken(token)
  return (decoded.type === 'jws' && decoded.payload.kind === 'claims' ? decoded.payload.claims : {}) as {
    status: { status_list: { idx: number } }
    jti: string
  }
}

describe('keys compromise --revoke-tokens', () => {
  it('revokes every unexpired token the key signed with a status index, counts the unknown signers, and verify rejects them', async () => {
    const kid = await createProdWithActiveKey(cli, ['--issuer', 'https://issuer.example'])
    expect(
      (
        await cli([
          'status-list',
          'create',
          'sl',
          '--set',
          'prod',
          '--uri',
          'https://issuer.example/sl/1',
          '--size',
          '1024',
          '--bits',
          '2',
        ])
      ).code,
    ).toBe(0)
    writeFileSync(join(dir, 'claims.json'), '{"sub":"alice"}')
    const sign = async () => {
      const result = await cli([
        'sign',
        '--set',
        'prod',
        '--claims',
        join(dir, 'claims.json'),
        '--status-list',
        'sl',
        '--exp',
        '1h',
      ])
      expect(result.code, result.stderr).toBe(0)
      return result.stdout.trim()
    }
    const [first, second, third] = [await sign(), await sign(), await sign()]
    const [a, b, c] = [first, second, third].map((t) => claimsOf(t).status.status_list.idx) as [number, number, number]
    const note = JSON.parse((await cli(['status-list', 'get', 'sl', String(a), '--json'])).stdout) as {
      note: { kid: string; exp: number }
    }
    expect(note.note).toMatchObject({ kid, jti: claimsOf(first).jti, sub: 'alice' })
    expect(note.note.exp).toBeGreaterThan(Date.now() / 1000)

    // The third note as a note written before the signer was recorded.
    const storePath = (JSON.parse((await cli(['info', '--json'])).stdout) as { storePath: string }).storePath
    const store = JSON.parse(readFileSync(storePath, 'utf8')) as {
      statusLists: { notes: Record<string, { kid?: string }> }[]
    }
    delete store.statusLists[0]!.notes[String(c)]!.kid
    writeFileSync(storePath, JSON.stringify(store))

    // Keep the key's public half: once compromised it leaves the JWKS, but these tokens are still out there.
    const before = JSON.parse((await cli(['jwks', 'export', '--set', 'prod'])).stdout) as { keys: object[] }

    const offered = await cli(['keys', 'compromise', `--kid=${kid}`, '--force', '--reason', 'leaked in a log'])
    expect(offered.code, offered.stderr).toBe(0)
    expect(offered.stdout).toContain(`${kid} compromised`)
    expect(offered.stdout).toContain(
      `2 tokens signed by ${kid} are unexpired and not revoked (in sl). Revoke them: signet keys compromise --kid=${kid} --revoke-tokens`,
    )
    expect(offered.stdout).toContain('1 status-list note in the set records no signer (unknown signer')
    expect(JSON.parse((await cli(['status-list', 'get', 'sl', String(a), '--json'])).stdout)).toMatchObject({
      status: 0,
    })

    const revoked = await cli(['keys', 'compromise', `--kid=${kid}`, '--revoke-tokens', '--json'])
    expect(revoked.code, revoked.stderr).toBe(0)
    expect(JSON.parse(revoked.stdout)).toMatchObject({
      schemaVersion: 1,
      revocation: {
        applied: true,
        revoked: 2,
        live: 2,
        alreadyInvalid: 0,
        unknownSigner: 1,
        lists: [{ name: 'sl', live: 2 }],
      },
    })
    for (const [idx, status] of [
      [a, 1],
      [b, 1],
      [c, 0],
    ] as const) {
      expect(JSON.parse((await cli(['status-list', 'get', 'sl', String(idx), '--json'])).stdout)).toMatchObject({
        status,
      })
    }
    const again = await cli(['keys', 'compromise', `--kid=${kid}`, '--revoke-tokens'])
    expect(again.stdout).toContain(`Revoked 0 tokens signed by ${kid}: set INVALID in sl (2 already were)`)

    // A new active key signs the list; the verifier holds both public keys.
    expect((await cli(['keys', 'generate', '--set', 'prod', '--alg', 'ES256', '--activate'])).code).toBe(0)
    const listFile = join(dir, 'list.jwt')
    expect((await cli(['status-list', 'export', 'sl', '--out', listFile])).code).toBe(0)
    const exported = readStatusListToken(readFileSync(listFile, 'utf8').trim()).list.packed
    expect([exported.get(a), exported.get(b), exported.get(c)]).toEqual([1, 1, 0])
    const after = JSON.parse((await cli(['jwks', 'export', '--set', 'prod'])).stdout) as { keys: object[] }
    const jwksFile = join(dir, 'jwks.json')
    writeFileSync(jwksFile, JSON.stringify({ keys: [...before.keys, ...after.keys] }))
    const verify = (token: string) => cli(['verify', token, '--jwks', jwksFile, '--status-list', listFile])
    const rejected = await verify(first)
    expect(rejected.code).toBe(1)
    expect(rejected.stdout).toContain(`The token is revoked: the status at index ${a} is INVALID.`)
    expect((await verify(second)).stdout).toContain(`status at index ${b} is INVALID`)
    const kept = await verify(third)
    expect(kept.stdout).toContain(`The status at index ${c} is VALID.`)

    const log = JSON.parse((await cli(['audit', 'list', '--json'])).stdout) as {
      entries: { action: string; details?: Record<string, unknown> }[]
    }
    expect(log.entries.filter((e) => e.action === 'status-list.revoke-signed-by').map((e) => e.details)).toEqual([
      expect.objectContaining({ revoked: 2, unknownSigner: 1 }),
    ])
    expect((await cli(['audit', 'verify'])).code).toBe(0)
  }, 300_000)
})
