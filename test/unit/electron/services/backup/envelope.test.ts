import { compactDecrypt, CompactEncrypt, CompactSign, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose'
import { randomBytes, randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { openBackup, readEnvelope, sealBackup } from '#electron/services/backup/envelope'
import {
  backupAlg,
  backupEnc,
  backupLimits,
  backupPayloadSchema,
  defaultIterations,
  type BackupPayload,
} from '#electron/services/backup/format'
import { SignetError } from '#shared/errors'

// Real PBES2 at the real iteration count: each open costs ~0.6 s, so the sealed file is shared.
const passphrase = 'velvet orbit mango tundra quill'
let payload: BackupPayload
let sealed: string

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true })
  const jwk = await exportJWK(privateKey)
  const setId = randomUUID()
  const at = '2026-01-01T00:00:00.000Z'
  // through the schema, so defaults the key manager adds (signedUntil…) are filled in as on disk
  payload = backupPayloadSchema.parse({
    format: 'signet-backup',
    version: 1,
    createdAt: at,
    app: '0.1.0',
    sets: [
      {
        id: setId,
        name: 'prod',
        issuer: 'https://issuer.example',
        description: '',
        defaultTokenLifetime: 900,
        maxTokenLifetime: 3600,
        jwksCacheTime: 900,
        clockSkew: 60,
        rotationPeriod: null,
        createdAt: at,
        updatedAt: at,
        revision: 1,
      },
    ],
    keys: [
      {
        metadata: {
          id: randomUUID(),
          kid: 'k1',
          setId,
          alg: 'ES256',
          kty: 'EC',
          crv: 'P-256',
          state: 'active',
          history: [
            { state: 'staged', at },
            { state: 'active', at },
          ],
          origin: 'generated',
          publicJwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, kid: 'k1', alg: 'ES256', use: 'sig' },
          thumbprint: 'irrelevant-here',
          activateAt: null,
          rotatedFrom: null,
          policy: { maxTokenLifetime: 3600, jwksCacheTime: 900, clockSkew: 60 },
          secret: 'present',
        },
        privateJwk: { ...jwk, kid: 'k1', alg: 'ES256', use: 'sig' },
      },
    ],
  })
  sealed = await sealBackup(payload, passphrase)
}, 30_000)

function codeOf(error: unknown): string {
  expect(error).toBeInstanceOf(SignetError)
  return (error as SignetError).code
}

function withHeader(compact: string, change: (h: Record<string, unknown>) => Record<string, unknown>): string {
  const parts = compact.split('.')
  const header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString()) as Record<string, unknown>
  parts[0] = Buffer.from(JSON.stringify(change(header))).toString('base64url')
  return parts.join('.')
}

// Each case derives a 600,000-iteration key once or twice: seconds on a busy 2-core machine.
describe('sealBackup', { timeout: 30_000 }, () => {
  it('writes a compact PBES2-HS512+A256KW / A256GCM JWE with 600,000 iterations, a fresh salt and a readable summary', async () => {
    const header = decodeProtectedHeader(sealed)
    expect(header).toMatchObject({ alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', p2c: 600_000, cty: 'signet-backup+json' })
    expect(Buffer.from(header.p2s as string, 'base64url')).toHaveLength(16)
    expect(header.signet).toEqual({
      format: 'signet-backup',
      version: 2,
      createdAt: payload.createdAt,
      app: '0.1.0',
      sets: 1,
      keys: 1,
      secrets: 1,
      policies: 0,
      statusLists: 0,
      revocationLists: 0,
      publishTargets: 0,
    })
    expect(sealed.split('.')).toHaveLength(5)
    expect(sealed).not.toContain(payload.keys[0]!.privateJwk!.d as string)
    expect(defaultIterations).toBeGreaterThanOrEqual(600_000)
  })

  it('opens with plain jose and the passphrase: the format outlives Signet', async () => {
    const { plaintext } = await compactDecrypt(sealed, new TextEncoder().encode(passphrase), {
      keyManagementAlgorithms: [backupAlg],
      maxPBES2Count: 1_000_000,
    })
    expect(JSON.parse(new TextDecoder().decode(plaintext))).toEqual(payload)
  })
})

describe('openBackup', { timeout: 30_000 }, () => {
  it('returns the payload unchanged with the right passphrase', async () => {
    const { payload: opened, envelope } = await openBackup(`${sealed}\n`, passphrase, 'b.signet-backup')
    expect(opened).toEqual(payload)
    expect(envelope.summary?.keys).toBe(1)
  })

  it('treats the passphrase in Unicode NFC: composed and decomposed accents are the same passphrase', async () => {
    const composed = 'caf\u00e9 cr\u00e8me br\u00fbl\u00e9e pistache'
    const file = await sealBackup(payload, composed)
    await expect(openBackup(file, composed.normalize('NFD'), 'x')).resolves.toBeDefined()
  })

  it('says the passphrase is wrong, without echoing it, and changes nothing', async () => {
    const wrong = 'velvet orbit mango tundra quilt'
    const error = await openBackup(sealed, wrong, '/tmp/b.signet-backup').catch((e: unknown) => e)
    expect(codeOf(error)).toBe('ERR_BACKUP_PASSPHRASE')
    expect((error as Error).message).toContain('/tmp/b.signet-backup')
    expect((error as Error).message).not.toContain(wrong)
    expect((error as Error).message).not.toContain('velvet')
  })

  it('says the file was altered when the passphrase is right but the ciphertext was changed', async () => {
    const parts = sealed.split('.')
    const ciphertext = Buffer.from(parts[3]!, 'base64url')
    ciphertext[5]! ^= 0x01
    parts[3] = ciphertext.toString('base64url')
    const error = await openBackup(parts.join('.'), passphrase, 'f').catch((e: unknown) => e)
    expect(codeOf(error)).toBe('ERR_BACKUP_CORRUPT')
    expect((error as Error).message).toMatch(/passphrase is right.*altered/)
  })

  it('detects an edited summary (the header is covered by the GCM tag)', async () => {
    const edited = withHeader(sealed, (h) => ({ ...h, signet: { ...(h.signet as object), keys: 7 } }))
    expect(codeOf(await openBackup(edited, passphrase, 'f').catch((e: unknown) => e))).toBe('ERR_BACKUP_CORRUPT')
  })

  it('rejects a payload that is not a Signet backup even when it decrypts', async () => {
    const bogus = await sealBackup({ ...payload, sets: [{ name: 'no id' }] } as unknown as BackupPayload, passphrase)
    const error = await openBackup(bogus, passphrase, 'f').catch((e: unknown) => e)
    expect(codeOf(error)).toBe('ERR_BACKUP_CORRUPT')
    expect((error as Error).message).toContain('sets.0')
  })

  it('reads a version-1 payload as a version 2 with no policies, lists or targets', () => {
    expect(payload.version).toBe(2)
    expect(payload).toMatchObject({ policies: [], statusLists: [], revocationLists: [], publishTargets: [] })
  })

  it('refuses a version-2 payload that lacks its lists, and a version 1 that carries them', async () => {
    const lacking = { ...payload, policies: 'none' } as unknown as BackupPayload
    const error = await openBackup(await sealBackup(lacking, passphrase), passphrase, 'f').catch((e: unknown) => e)
    expect(codeOf(error)).toBe('ERR_BACKUP_CORRUPT')
    expect((error as Error).message).toContain('policies')
    const mixed = await sealBackup({ ...payload, version: 1 } as unknown as BackupPayload, passphrase)
    expect(codeOf(await openBackup(mixed, passphrase, 'f').catch((e: unknown) => e))).toBe('ERR_BACKUP_CORRUPT')
  })

  it('refuses a record list over its budget before the schema walks it, stating the limit', async () => {
    const many = Array.from({ length: backupLimits.statusLists + 1 }, () => ({}))
    const huge = await sealBackup({ ...payload, statusLists: many } as unknown as BackupPayload, passphrase)
    const error = await openBackup(huge, passphrase, 'f').catch((e: unknown) => e)
    expect(codeOf(error)).toBe('ERR_BACKUP_TOO_LARGE')
    expect((error as Error).message).toContain(`at most ${backupLimits.statusLists.toLocaleString('en')}`)
  })

  it('refuses a newer payload version as unsupported, not corrupt', async () => {
    const newer = await sealBackup({ ...payload, version: 3 } as unknown as BackupPayload, passphrase)
    expect(codeOf(await openBackup(newer, passphrase, 'f').catch((e: unknown) => e))).toBe('ERR_BACKUP_UNSUPPORTED')
  })
})

describe('readEnvelope (no passphrase, no key derivation)', { timeout: 30_000 }, () => {
  it('reads the summary', () => {
    expect(readEnvelope(sealed, 'f')).toMatchObject({
      alg: backupAlg,
      enc: backupEnc,
      p2c: 600_000,
      summary: { sets: 1, keys: 1 },
    })
  })

  it.each([
    ['empty', ''],
    ['JSON', '{"keys":[]}'],
    ['random text', 'not a backup at all'],
    ['a cut-off file', () => sealed.slice(0, sealed.length - 10)],
    ['a file without its tag', () => sealed.slice(0, sealed.lastIndexOf('.') + 1)],
    ['a header that is not JSON', () => `bm90IGpzb24.${sealed.split('.').slice(1).join('.')}`],
  ])('rejects %s as ERR_BACKUP_CORRUPT at once', (_name, text) => {
    const started = Date.now()
    const value = typeof text === 'function' ? text() : text
    expect(
      codeOf(
        (() => {
          try {
            readEnvelope(value, 'f')
          } catch (e) {
            return e
          }
        })(),
      ),
    ).toBe('ERR_BACKUP_CORRUPT')
    // Not a timing test: "at once" means no key derivation ran, which would take seconds; the bound is
    // generous so a loaded CI core cannot make it flaky.
    expect(Date.now() - started).toBeLessThan(3000)
  })

  it('names a signed token for what it is', async () => {
    const { privateKey } = await generateKeyPair('ES256')
    const jws = await new CompactSign(new TextEncoder().encode('{}'))
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey)
    expect(() => readEnvelope(jws, 'f')).toThrow(/signed token \(JWS\)/)
  })

  it('refuses an iteration count that would hang Signet, before deriving anything', async () => {
    const crafted = withHeader(sealed, (h) => ({ ...h, p2c: 2 ** 31 }))
    const started = Date.now()
    expect(codeOf(await openBackup(crafted, passphrase, 'f').catch((e: unknown) => e))).toBe('ERR_BACKUP_CORRUPT')
    // 2^31 PBKDF2 iterations would take many minutes; anything under a few seconds proves none ran.
    expect(Date.now() - started).toBeLessThan(3000)
    expect(
      codeOf(
        (() => {
          try {
            readEnvelope(
              withHeader(sealed, (h) => ({ ...h, p2c: 1000 })),
              'f',
            )
          } catch (e) {
            return e
          }
        })(),
      ),
    ).toBe('ERR_BACKUP_CORRUPT')
  })

  it('calls a JWE with other algorithms unsupported', async () => {
    const other = await new CompactEncrypt(new TextEncoder().encode('{}'))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .encrypt(randomBytes(32))
    expect(
      codeOf(
        (() => {
          try {
            readEnvelope(other, 'f')
          } catch (e) {
            return e
          }
        })(),
      ),
    ).toBe('ERR_BACKUP_UNSUPPORTED')
  })

  it('calls a newer summary version unsupported', () => {
    const newer = withHeader(sealed, (h) => ({ ...h, signet: { ...(h.signet as object), version: 3 } }))
    expect(() => readEnvelope(newer, 'f')).toThrow(/version 3/)
  })
})
