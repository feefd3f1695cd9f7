import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { importPKCS8, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseKeyText } from '#shared/key-material/parse-key'
import { keySourceFromParsed } from '#shared/key-material/source'
import { parsePolicy } from '#shared/validation-policy/policy'
import { verifyToken } from '#shared/token/verify/verify-token'

/** Issue 10 item 8: a bundle is a chain with the signer first, and X.509 says what a key may do (RFC 5280). */

let dir: string
let caPem: string
let leafPem: string
let caKey: string
let leafKey: string
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'signet-cert-'))
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '3650',
    '-subj',
    '/CN=Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  )
  openssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'leaf.key',
    '-out',
    'leaf.csr',
    '-subj',
    '/CN=token signer',
  )
  writeFileSync(join(dir, 'leaf.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n')
  openssl(
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'leaf.pem',
    '-days',
    '3650',
    '-extfile',
    'leaf.ext',
  )
  caPem = readFileSync(join(dir, 'ca.pem'), 'utf8')
  leafPem = readFileSync(join(dir, 'leaf.pem'), 'utf8')
  caKey = readFileSync(join(dir, 'ca.key'), 'utf8')
  leafKey = readFileSync(join(dir, 'leaf.key'), 'utf8')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function sign(pkcs8: string): Promise<string> {
  return new SignJWT({ sub: 'a' }).setProtectedHeader({ alg: 'ES256' }).sign(await importPKCS8(pkcs8, 'ES256'))
}

async function verify(token: string, pem: string) {
  return verifyToken(token, keySourceFromParsed(await parseKeyText(pem)), parsePolicy({}), { at: Date.now() / 1000 })
}

describe('a certificate bundle', () => {
  it('reads leaf + CA as one signer (the leaf) and its chain', async () => {
    const parsed = await parseKeyText(leafPem + caPem)
    expect(parsed.keys).toHaveLength(1)
    expect(parsed.keys[0]!.description.certificate?.subject).toBe('CN=token signer')
    expect(parsed.chainCertificates).toHaveLength(1)
    expect(parsed.notes.join(' ')).toMatch(/CN=Test CA\) is read as part of the chain .*not as a key/)
    expect(parsed.keys[0]!.description.certificate?.keyUsage).toEqual(['digitalSignature'])
  })

  it('verifies a token signed by the leaf, and says what the certificate permits', async () => {
    const report = await verify(await sign(leafKey), leafPem + caPem)
    expect(report.trace.verdict).toBe('valid')
    expect(report.trace.checks.find((c) => c.id === 'key-use')!.message).toMatch(
      /certificate keyUsage digitalSignature/,
    )
  })

  it("does not verify a token signed by the CA's key with the bundle", async () => {
    const report = await verify(await sign(caKey), leafPem + caPem)
    expect(report.trace.verdict).toBe('invalid')
    expect(report.trace.checks.find((c) => c.id === 'signature')!.message).toMatch(/does not match .*CN=token signer/)
  })

  it('refuses the CA certificate alone as a token key, saying why', async () => {
    const report = await verify(await sign(caKey), caPem)
    expect(report.trace.verdict).toBe('invalid')
    const use = report.trace.checks.find((c) => c.id === 'key-use')!
    expect(use.status).toBe('fail')
    expect(use.message).toMatch(/key of a CA certificate \(CN=Test CA, basicConstraints cA: true, RFC 5280 §4.2.1.9\)/)
    expect(use.message).toMatch(/keyUsage allows only keyCertSign, cRLSign, not digitalSignature \(RFC 5280 §4.2.1.3\)/)
    expect(report.trace.reason).toMatch(/^Key use: /)
  })
})
