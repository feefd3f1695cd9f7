import { createDecipheriv, pbkdf2 } from 'node:crypto'
import { promisify } from 'node:util'
import { CompactEncrypt, compactDecrypt } from 'jose'
import type { BackupSummary } from '#shared/contract'
import { SignetError } from '#shared/errors'
import {
  backupAlg,
  backupContentType,
  backupEnc,
  backupFormat,
  backupFormatVersion,
  backupLimits,
  backupPayloadSchema,
  backupSummarySchema,
  defaultIterations,
  maxIterations,
  type BackupPayload,
} from './format'

/**
 * Sealing a backup payload into its JWE and opening it again (jose does the cryptography), with
 * the failures told apart for the user: not a backup at all, a wrong passphrase, a file altered
 * after it was written, a newer format.
 */

export interface Envelope {
  alg: string
  enc: string
  p2c: number
  p2s: string
  summary: BackupSummary | null
  encryptedKey: string
}

const pbkdf2Async = promisify(pbkdf2)

/** The same passphrase typed on two systems can differ in Unicode form; NFC makes them one. */
function passphraseBytes(passphrase: string): Uint8Array {
  return new TextEncoder().encode(passphrase.normalize('NFC'))
}

export async function sealBackup(
  payload: BackupPayload,
  passphrase: string,
  options: { iterations?: number } = {},
): Promise<string> {
  const summary = summarize(payload)
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: backupAlg, enc: backupEnc, cty: backupContentType, signet: summary })
    .setKeyManagementParameters({ p2c: options.iterations ?? defaultIterations })
    .encrypt(passphraseBytes(passphrase))
}

/** The counts a backup's protected header carries, so a file can be described without its passphrase. */
export function summarize(payload: BackupPayload): BackupSummary {
  return {
    format: backupFormat,
    version: backupFormatVersion,
    createdAt: payload.createdAt,
    app: payload.app,
    sets: payload.sets.length,
    keys: payload.keys.length,
    secrets: payload.keys.filter((k) => k.privateJwk !== null).length,
    policies: payload.policies.length,
    statusLists: payload.statusLists.length,
    revocationLists: payload.revocationLists.length,
    publishTargets: payload.publishTargets.length,
  }
}

/** Reads the structure and the protected header without the passphrase. */
export function readEnvelope(text: string, where: string): Envelope {
  const compact = text.trim()
  const parts = compact.split('.')
  if (parts.length !== 5 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) {
    throw corrupt(
      where,
      parts.length === 3
        ? 'it is a signed token (JWS), not an encrypted backup'
        : 'it is not a compact JWE (five base64url parts separated by dots)',
    )
  }
  const [protectedPart, encryptedKey, iv, ciphertext, tag] = parts as [string, string, string, string, string]
  let header: Record<string, unknown>
  try {
    header = JSON.parse(Buffer.from(protectedPart, 'base64url').toString('utf8')) as Record<string, unknown>
  } catch {
    throw corrupt(where, 'its protected header is not JSON')
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw corrupt(where, 'its protected header is not a JSON object')
  const { alg, enc, p2c, p2s } = header
  if (typeof alg !== 'string' || typeof enc !== 'string')
    throw corrupt(where, 'its protected header has no "alg" or "enc"')
  if (alg !== backupAlg || enc !== backupEnc) {
    throw new SignetError(
      'ERR_BACKUP_UNSUPPORTED',
      `${where} is encrypted with ${alg} / ${enc}; Signet backups use ${backupAlg} / ${backupEnc}. It was not written by Signet, or by a version this one cannot read.`,
    )
  }
  if (typeof p2c !== 'number' || !Number.isInteger(p2c) || p2c < defaultIterations || p2c > maxIterations) {
    throw corrupt(
      where,
      `its iteration count (p2c ${String(p2c)}) is outside what Signet writes (${defaultIterations.toLocaleString('en')}–${maxIterations.toLocaleString('en')})`,
    )
  }
  if (typeof p2s !== 'string' || Buffer.from(p2s, 'base64url').length < 8)
    throw corrupt(where, 'its salt (p2s) is missing or shorter than 8 bytes')
  if (Buffer.from(encryptedKey, 'base64url').length !== 40) throw corrupt(where, 'its wrapped key is not 40 bytes long')
  if (Buffer.from(iv, 'base64url').length !== 12) throw corrupt(where, 'its IV is not 12 bytes long')
  if (Buffer.from(tag, 'base64url').length !== 16)
    throw corrupt(where, 'its authentication tag is not 16 bytes long (the file was cut short)')
  if (ciphertext.length === 0) throw corrupt(where, 'it has no encrypted content')
  let summary: BackupSummary | null = null
  if (header.signet !== undefined) {
    const version = (header.signet as { version?: unknown } | null)?.version
    if (typeof version === 'number' && version > backupFormatVersion) {
      throw new SignetError(
        'ERR_BACKUP_UNSUPPORTED',
        `${where} is a version ${version} Signet backup; this Signet reads version ${backupFormatVersion}. Restore it with a newer Signet.`,
      )
    }
    const parsed = backupSummarySchema.safeParse(header.signet)
    if (!parsed.success) throw corrupt(where, 'its Signet summary is malformed')
    summary = parsed.data
  }
  return { alg, enc, p2c, p2s, summary, encryptedKey }
}

export async function openBackup(
  text: string,
  passphrase: string,
  where: string,
): Promise<{ payload: BackupPayload; envelope: Envelope }> {
  const envelope = readEnvelope(text, where)
  let plaintext: Uint8Array
  try {
    const result = await compactDecrypt(text.trim(), passphraseBytes(passphrase), {
      keyManagementAlgorithms: [backupAlg],
      contentEncryptionAlgorithms: [backupEnc],
      maxPBES2Count: maxIterations,
    })
    plaintext = result.plaintext
  } catch {
    // jose answers a wrong passphrase and altered content alike (RFC 7516 §11.5: no oracle for an
    // attacker). The owner deserves to know which, so unwrap the content key separately: if the
    // passphrase unwraps it, the passphrase is right and the file was altered.
    if (!(await passphraseUnwraps(envelope, passphrase))) {
      throw new SignetError(
        'ERR_BACKUP_PASSPHRASE',
        `The passphrase does not open ${where}. Check it (it is case-sensitive and every character counts), or use the passphrase this backup was made with. If you are sure of it, the file's key-wrapping part was altered. Nothing was changed.`,
      )
    }
    throw corrupt(
      where,
      'the passphrase is right, but the encrypted content fails its integrity check: the file was altered or damaged after it was written',
    )
  }
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext))
  } catch {
    throw corrupt(where, 'its decrypted content is not JSON')
  }
  const version = (json as { version?: unknown } | null)?.version
  if (typeof version === 'number' && version > backupFormatVersion) {
    throw new SignetError(
      'ERR_BACKUP_UNSUPPORTED',
      `${where} is a version ${version} Signet backup; this Signet reads version ${backupFormatVersion}. Restore it with a newer Signet.`,
    )
  }
  checkBudgets(json, where)
  const parsed = backupPayloadSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw corrupt(
      where,
      `its content is not a Signet backup (${issue?.path.map(String).join('.') || 'document'}: ${issue?.message ?? 'unexpected shape'})`,
    )
  }
  return { payload: parsed.data, envelope }
}

/** RFC 7518 §4.8.1.1 and RFC 3394: derive the key-encryption key and try to unwrap the content key. */
async function passphraseUnwraps(envelope: Envelope, passphrase: string): Promise<boolean> {
  const salt = Buffer.concat([
    Buffer.from(envelope.alg, 'utf8'),
    Buffer.from([0]),
    Buffer.from(envelope.p2s, 'base64url'),
  ])
  const kek = await pbkdf2Async(passphraseBytes(passphrase), salt, envelope.p2c, 32, 'sha512')
  try {
    const decipher = createDecipheriv('id-aes256-wrap', kek, Buffer.from('A6A6A6A6A6A6A6A6', 'hex'))
    Buffer.concat([decipher.update(Buffer.from(envelope.encryptedKey, 'base64url')), decipher.final()])
    return true
  } catch {
    return false
  }
}

/** Before the schema walks it: no record list longer than backupLimits (the file itself is at most maxBackupBytes). */
function checkBudgets(json: unknown, where: string): void {
  if (typeof json !== 'object' || json === null) return
  for (const [member, limit] of Object.entries(backupLimits)) {
    const records = (json as Record<string, unknown>)[member]
    if (Array.isArray(records) && records.length > limit) {
      throw new SignetError(
        'ERR_BACKUP_TOO_LARGE',
        `${where} holds ${records.length.toLocaleString('en')} ${member}; a Signet backup holds at most ${limit.toLocaleString('en')}. It was not written by Signet, or was altered. Nothing was changed.`,
      )
    }
  }
}

function corrupt(where: string, why: string): SignetError {
  return new SignetError('ERR_BACKUP_CORRUPT', `${where} is not a usable Signet backup: ${why}.`)
}
