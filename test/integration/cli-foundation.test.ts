import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../support/run-cli'

// RFC 7519 §3.1
const rfc7519 =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'

describe('signet decode', () => {
  it('prints the header and claims of the RFC 7519 example, explained', async () => {
    const result = await runCli(['decode', rfc7519])
    expect(result.code).toBe(0)
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('JWS · compact')
    expect(result.stdout).toMatch(/alg\s+"HS256"\s+— Algorithm/)
    expect(result.stdout).toMatch(/iss\s+"joe"\s+— Issuer/)
    expect(result.stdout).toMatch(/exp\s+1300819380\s+2011-03-22T18:43:00Z \(expired \d+ years ago\)/)
    expect(result.stdout).toContain('not verified')
  })

  it('reads the token from standard input with "-", tolerating "Bearer " and a newline', async () => {
    const result = await runCli(['decode', '-', '--json'], { input: `Bearer ${rfc7519}\n` })
    expect(result.code).toBe(0)
    const decoded = JSON.parse(result.stdout)
    expect(decoded).toMatchObject({
      type: 'jws',
      form: 'jws-compact',
      payload: { kind: 'claims', claims: { iss: 'joe' } },
    })
    expect(decoded.notes.normalized).toContain('a leading "Bearer " prefix')
  })

  it('exits 2 on a corrupted token, with one line naming the segment', async () => {
    const corrupted = rfc7519.replace('eyJpc3Mi', 'eyJpc3M!')
    const result = await runCli(['decode', corrupted])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/^signet: ERR_TOKEN_BASE64URL: The payload is not valid base64url: "!" at offset \d+/)
  })

  it('exits 2 for a wrong segment count and for bad usage', async () => {
    expect((await runCli(['decode', 'abc.def'])).stderr).toMatch(/ERR_TOKEN_SEGMENT_COUNT/)
    const noArgument = await runCli(['decode'])
    expect(noArgument.code).toBe(2)
    expect(noArgument.stderr).toMatch(
      /^signet: ERR_USAGE: Missing required argument 'token'\.\nsignet: run "signet decode --help" for usage\n$/,
    )
    expect((await runCli(['frobnicate'])).code).toBe(2)
  })

  it('prints help and version with exit 0', async () => {
    const help = await runCli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/decode/)
    expect((await runCli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+/)
  })
})

describe('signet info', () => {
  it('shows the data directory, store path and a usable keychain', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'signet-info-'))
    const result = await runCli(['info', '--json', '--data-dir', dataDir])
    expect(result.code).toBe(0)
    const info = JSON.parse(result.stdout)
    expect(info).toMatchObject({
      name: 'Signet',
      dataDir,
      storePath: join(dataDir, 'signet.json'),
      keychain: { available: true },
      storeRecovery: null,
      storeProblem: null,
      permissionWarnings: [],
    })
  })

  it('honours SIGNET_DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'signet-env-'))
    const result = await runCli(['info', '--json'], { env: { SIGNET_DATA_DIR: dataDir } })
    expect(JSON.parse(result.stdout).dataDir).toBe(dataDir)
  })

  it('fails on a corrupt store without touching it, and says where it is and what to do', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'signet-corrupt-'))
    writeFileSync(join(dataDir, 'signet.json'), '{"schemaVersion": 1, "sett')
    const result = await runCli(['info', '--data-dir', dataDir])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`ERR_STORE_CORRUPT: The store file ${join(dataDir, 'signet.json')} cannot be used`)
    expect(result.stderr).toContain('signet store recover')
    expect(readdirSync(dataDir).filter((name) => name.startsWith('signet.json.corrupt-'))).toEqual([])
    expect(readFileSync(join(dataDir, 'signet.json'), 'utf8')).toBe('{"schemaVersion": 1, "sett')
  })
})
