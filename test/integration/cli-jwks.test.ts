import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'
import { createProdWithActiveKey } from '../support/prod-set'

beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

describe('signet jwks lint / diff (the real CLI)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-jwks-cli-'))
  const env = { SIGNET_KEYCHAIN_SERVICE: `Signet-it-jwks-cli-${process.pid}-${Date.now()}` }
  const signet = (args: string[], input?: string) =>
    runCli(['--data-dir', dataDir, ...args], { env, ...(input !== undefined ? { input } : {}) })

  it("lints a set's own export clean, and a leaked private key with exit 1 and a JSON pointer", async () => {
    await createProdWithActiveKey(signet, ['--max-token-lifetime', '1h', '--jwks-cache', '15m'])
    const file = join(dataDir, 'a.json')
    expect((await signet(['jwks', 'export', '--set', 'prod', '--out', file])).code).toBe(0)
    const clean = await signet(['jwks', 'lint', file])
    expect(clean.code, clean.stderr).toBe(0)
    expect(clean.stdout).toMatch(/No findings/)

    const leaked = {
      keys: [
        {
          ...(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'jwk' }) as object),
          kid: 'leak\u001b[2J',
          use: 'sig',
          alg: 'ES256',
        },
      ],
    }
    const json = await signet(['jwks', 'lint', '-', '--json'], JSON.stringify(leaked))
    expect(json.code).toBe(1)
    const report = JSON.parse(json.stdout) as {
      ok: boolean
      findings: { id: string; pointer: string; severity: string }[]
    }
    expect(report.ok).toBe(false)
    expect(report.findings).toContainEqual(
      expect.objectContaining({ id: 'private-member', pointer: '/keys/0/d', severity: 'high' }),
    )
    const human = await signet(['jwks', 'lint', '-'], JSON.stringify(leaked))
    expect(human.code).toBe(1)
    expect(human.stdout).toContain('private-member')
    expect(human.stdout).toContain('leak\\u001b[2J')
    expect(human.stdout).not.toContain('\u001b')

    expect(await signet(['jwks', 'lint', join(dataDir, 'missing.json')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ERR_FILE_UNREADABLE'),
    })
    expect(await signet(['jwks', 'lint', '-'], '{"keys": [')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ERR_JWKS_JSON'),
    })
  }, 180_000)

  it('diffs two exports; with --set, removing the retired key before its safe date is unsafe (exit 1)', async () => {
    const before = join(dataDir, 'a.json')
    const [oldKid] = (JSON.parse(readFileSync(before, 'utf8')) as { keys: { kid: string }[] }).keys.map((k) => k.kid)
    const rotated = await signet(['keys', 'rotate', '--set', 'prod', '--now'])
    expect(rotated.code, rotated.stderr).toBe(0)
    const newKid = rotated.stdout.trim()
    const after = join(dataDir, 'b.json')
    expect((await signet(['jwks', 'export', '--set', 'prod', '--out', after])).code).toBe(0)
    const added = await signet(['jwks', 'diff', before, after, '--json'])
    expect(added.code, added.stderr).toBe(0)
    expect(JSON.parse(added.stdout)).toMatchObject({ added: [{ kid: newKid }], removed: [], safe: true })

    const withoutOld = join(dataDir, 'c.json')
    const b = JSON.parse(readFileSync(after, 'utf8')) as { keys: { kid: string }[] }
    writeFileSync(withoutOld, JSON.stringify({ keys: b.keys.filter((k) => k.kid !== oldKid) }))
    const unjudged = await signet(['jwks', 'diff', after, withoutOld])
    expect(unjudged.code).toBe(0)
    expect(unjudged.stdout).toMatch(/removed .*\[unjudged\]/)
    const judged = await signet(['jwks', 'diff', after, withoutOld, '--set', 'prod', '--json'])
    expect(judged.code).toBe(1)
    expect(JSON.parse(judged.stdout)).toMatchObject({
      removed: [{ kid: oldKid, verdict: 'refused', state: 'retired', safeAt: expect.any(String) }],
      safe: false,
    })

    const swapped = join(dataDir, 'd.json')
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'jwk' }) as object
    writeFileSync(
      swapped,
      JSON.stringify({
        keys: b.keys.map((k) => (k.kid === newKid ? { ...other, kid: newKid, use: 'sig', alg: 'ES256' } : k)),
      }),
    )
    const changed = await signet(['jwks', 'diff', after, swapped])
    expect(changed.code).toBe(1)
    expect(changed.stdout).toMatch(/KEY CHANGED under the same kid/)
  }, 180_000)
  it('measures a JWKS file and standard input in bytes, before decoding: multi-byte text under 1 MiB of characters is refused', async () => {
    // 400,000 three-byte characters: under 1 MiB of characters, 1.2 MB of bytes.
    const text = JSON.stringify({ keys: [{ kty: 'oct', kid: '€'.repeat(400_000), k: 'AAAA' }] })
    expect(text.length).toBeLessThan(1024 * 1024)
    const file = join(dataDir, 'multi-byte.json')
    writeFileSync(file, text)
    const bytes = Buffer.byteLength(text).toLocaleString('en-US')
    for (const args of [
      ['jwks', 'lint', file],
      ['jwks', 'diff', file, file],
    ]) {
      const refused = await signet(args)
      expect(refused.code, refused.stderr).toBe(2)
      expect(refused.stderr).toContain(
        `"${file}" is 1.1 MiB (${bytes} bytes); Signet reads a JWKS of at most 1 MiB (UTF-8).`,
      )
      expect(refused.stderr).toContain('ERR_JWKS_TOO_LARGE')
    }
    const piped = await signet(['jwks', 'lint', '-'], text)
    expect(piped.code, piped.stderr).toBe(2)
    expect(piped.stderr).toContain('Standard input is more than 1 MiB; Signet reads a JWKS of at most 1 MiB (UTF-8).')
  }, 60_000)
})
