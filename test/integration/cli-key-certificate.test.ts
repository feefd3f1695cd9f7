import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { X509Certificate } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { jsonSchemas } from '#cli/output/json-schemas'
import { runCli } from '../support/run-cli'

beforeAll(() => {
  if (!process.env.SIGNET_PRIVATE_KEYRING)
    throw new Error('Integration tests must run inside scripts/with-private-keyring.sh (npm run test:integration).')
})

function opensslText(pemFile: string): string | null {
  try {
    return execFileSync('openssl', ['x509', '-noout', '-text', '-in', pemFile], { encoding: 'utf8' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

describe('signet keys certificate (the real CLI, the real keychain)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'signet-cert-cli-'))
  const env = { SIGNET_KEYCHAIN_SERVICE: `Signet-it-cert-${process.pid}-${Date.now()}` }
  const signet = (args: string[]) => runCli(['--data-dir', dataDir, ...args], { env })

  it('issues a self-signed certificate that openssl reads, the JWKS carries as x5c / x5t#S256, and jwks lint finds clean; audited', async () => {
    expect((await signet(['sets', 'create', 'payments-prod'])).code).toBe(0)
    const generated = await signet(['keys', 'generate', '--set', 'payments-prod', '--alg', 'ES256', '--activate'])
    expect(generated.code, generated.stderr).toBe(0)
    const kid = generated.stdout.trim()

    const issued = await signet([
      'keys',
      'certificate',
      `--kid=${kid}`,
      '--days',
      '90',
      '--subject',
      'auth.example.com',
    ])
    expect(issued.code, issued.stderr).toBe(0)
    expect(issued.stdout).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+\n-----END CERTIFICATE-----\n?$/)
    const pemFile = join(dataDir, 'cert.pem')
    writeFileSync(pemFile, issued.stdout)
    const cert = new X509Certificate(issued.stdout)
    expect(cert.subject).toBe('CN=auth.example.com')
    expect(cert.verify(cert.publicKey)).toBe(true)

    const text = opensslText(pemFile)
    if (text === null) {
      console.log(
        'openssl is not installed here: the `openssl x509 -noout -text` assertion is skipped (node:crypto X509Certificate checked the certificate above).',
      )
    } else {
      expect(text).toContain('Subject: CN = auth.example.com')
      expect(text).toContain('Issuer: CN = auth.example.com')
      expect(text).toMatch(/Signature Algorithm: ecdsa-with-SHA256/)
      expect(text).toMatch(/NIST CURVE: P-256|ASN1 OID: prime256v1/)
      expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:FALSE/)
      expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature/)
      expect(text).toContain('X509v3 Subject Key Identifier')
    }

    const jwksFile = join(dataDir, 'jwks.json')
    expect((await signet(['jwks', 'export', '--set', 'payments-prod', '--out', jwksFile])).code).toBe(0)
    const published = (JSON.parse(readFileSync(jwksFile, 'utf8')) as { keys: Record<string, unknown>[] }).keys[0]!
    expect(published.x5c).toEqual([cert.raw.toString('base64')])
    expect(published['x5t#S256']).toBe(Buffer.from(cert.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url'))
    const lint = await signet(['jwks', 'lint', jwksFile])
    expect(lint.code, lint.stdout + lint.stderr).toBe(0)
    expect(lint.stdout).toMatch(/No findings/)

    const audited = await signet(['audit', 'list', '--json'])
    expect(audited.code, audited.stderr).toBe(0)
    const entries = (JSON.parse(audited.stdout) as { entries: { action: string; subject: { kid?: string } }[] }).entries
    expect(entries.filter((e) => e.action === 'key.certificate').map((e) => e.subject.kid)).toEqual([kid])

    const json = await signet(['keys', 'certificate', `--kid=${kid}`, '--days', '1', '--json'])
    expect(json.code, json.stderr).toBe(0)
    const parsed = jsonSchemas['keys certificate'].safeParse(JSON.parse(json.stdout))
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true)
    expect(json.stderr).toContain('previous certificate')
  }, 180_000)

  it('refuses what it cannot certify with a clear error and exit code', async () => {
    const hs = await signet(['keys', 'generate', '--set', 'payments-prod', '--alg', 'HS256'])
    expect(hs.code, hs.stderr).toBe(0)
    expect(await signet(['keys', 'certificate', `--kid=${hs.stdout.trim()}`])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ERR_KEY_SYMMETRIC'),
    })
    const kid = (await signet(['keys', 'list', '--json'])).stdout.match(/"kid":\s*"([^"]+)"/)![1]!
    expect(await signet(['keys', 'certificate', `--kid=${kid}`, '--days', 'ten'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('ERR_USAGE'),
    })
    expect(await signet(['keys', 'certificate', `--kid=${kid}`, '--days', '4000'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('3650'),
    })
    expect(await signet(['keys', 'certificate', 'no-such-kid'])).toMatchObject({
      stderr: expect.stringContaining('ERR_KEY_NOT_FOUND'),
    })
  }, 120_000)
})
