import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exportJWK, exportPKCS8, generateKeyPair, generateSecret, SignJWT } from 'jose'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createAuditLog, type AuditLog } from '#electron/services/audit/audit-log'
import { auditLogFileName } from '#electron/services/audit/entry'

// Real key material from jose, so the screen is tested against what a careless caller would pass.
let dataDir: string
let log: AuditLog
const secrets: Record<string, string> = {}

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true })
  const ec = await generateKeyPair('ES256', { extractable: true })
  const hmac = await generateSecret('HS256', { extractable: true })
  secrets.rsaJwk = JSON.stringify(await exportJWK(privateKey))
  secrets.ecJwk = JSON.stringify(await exportJWK(ec.privateKey))
  secrets.octJwk = JSON.stringify(await exportJWK(hmac))
  secrets.pem = await exportPKCS8(ec.privateKey)
  secrets.pemBody = (await exportPKCS8(privateKey)).split('\n').slice(1, -2).join('')
  secrets.token = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'ES256' }).sign(ec.privateKey)
  secrets.rsaD = (await exportJWK(privateKey)).d!
  secrets.tokenInText = `issued ${secrets.token} to alice`
})

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'signet-audit-screen-'))
  log = createAuditLog({ dataDir })
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

describe('the audit log never takes a secret', () => {
  const cases: [string, string][] = [
    ['a private RSA JWK', 'rsaJwk'],
    ['a private EC JWK', 'ecJwk'],
    ['a symmetric JWK', 'octJwk'],
    ['a PEM private key', 'pem'],
    ['a PEM body without its armour', 'pemBody'],
    ['a signed token', 'token'],
    ['a token inside a sentence', 'tokenInText'],
    ['a bare RSA private exponent', 'rsaD'],
  ]
  it.each(cases)(
    'rejects %s in a detail value, names the field, never echoes the value, writes nothing',
    async (_what, key) => {
      const value = secrets[key]!.slice(0, 1024)
      const error = (await log
        .append({ action: 'key.import', subject: { kid: 'k1' }, details: { note: value } })
        .catch((e: unknown) => e)) as Error & { code: string }
      expect(error.code).toBe('ERR_AUDIT_SECRET_REJECTED')
      expect(error.message).toContain('details.note')
      expect(error.message).not.toContain(value.slice(0, 40))
      expect(existsSync(join(dataDir, auditLogFileName))).toBe(false)
    },
  )

  it('rejects secrets in the subject too', async () => {
    await expect(
      log.append({ action: 'key.import', subject: { kid: secrets.token!.slice(0, 256) } }),
    ).rejects.toMatchObject({ code: 'ERR_AUDIT_SECRET_REJECTED' })
  })

  it.each(['d', 'k', 'qi', 'passphrase', 'backupPassword', 'clientSecret', 'privateKey', 'token', 'jwt'])(
    'rejects a detail named "%s" whatever its value',
    async (name) => {
      await expect(log.append({ action: 'key.import', details: { [name]: 'x' } })).rejects.toMatchObject({
        code: 'ERR_AUDIT_SECRET_REJECTED',
      })
    },
  )

  it('accepts the identifiers the log is for', async () => {
    const details = {
      jti: '3f1c9a2e-7b1d-4c55-9d1e-2b8a6c0f4e11',
      sub: 'alice@example.com',
      exp: 1_900_000_000,
      alg: 'ES256',
      thumbprint: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs',
      reason: 'scheduled rotation',
      tokenCount: 3,
      force: false,
      previousKid: null,
    }
    await log.append({ action: 'token.sign', subject: { set: 'prod', kid: '2026-01-a' }, details })
    const last = JSON.parse(readFileSync(join(dataDir, auditLogFileName), 'utf8').trim().split('\n').at(-1)!)
    expect(last.details).toEqual(details)
  })

  it('the file never contains any of the secrets after a mix of good and bad appends', async () => {
    for (const value of Object.values(secrets)) {
      await log.append({ action: 'key.import', details: { note: value.slice(0, 1024) } }).catch(() => undefined)
      await log.append({ action: 'token.sign', details: { jti: 'ok' } })
    }
    const text = readFileSync(join(dataDir, auditLogFileName), 'utf8')
    for (const value of Object.values(secrets)) expect(text).not.toContain(value.slice(0, 40))
    expect((await log.verify()).intact).toBe(true)
  })
})
