import { errors as joseErrors, flattenedDecrypt, type FlattenedJWE, type JWK } from 'jose'
import { SignetError } from '../errors'
import { maxPbes2TotalCount } from '../limits'
import {
  isJweContentEncryption,
  isJweKeyManagementAlgorithm,
  jweKeyManagementAlgorithms,
  type JweContentEncryption,
  type JweKeyManagementAlgorithm,
} from '../key-material/algorithms'
import type { KeyDescription, ParsedKey, ParsedKeyInput } from '../key-material/types'
import { decodeBase64url } from '../encoding/base64url'
import { decodeToken, type DecodedJwe, type DecodedToken } from './decode'
import { ContentDecryptionError, decryptRsa1_5 } from './decrypt-rsa1-5'
import { isJsonObject, type JsonObject } from '../encoding/json'
import { check, type Check } from './verify/check'
import { critCheck, encodingCheck, unprotectedHeaderCheck } from './verify/header-checks'
import { formatBytes } from '../text/format-bytes'

/**
 * JWE decryption with a user's key or password, explained as checks like verification is. All
 * algorithms go through jose except RSA1_5, which jose 6 no longer has (see decrypt-rsa1-5.ts) and
 * which is refused unless the caller asks for it.
 */

/**
 * PBES2 makes the decryptor run p2c PBKDF2 iterations, and p2c is chosen by whoever wrote the
 * token: without a cap, one token can keep a machine busy for hours. A million iterations is ten
 * times what password managers use today and takes about a second.
 */
export const maxPbes2Count = 1_000_000

/** Decompressed plaintext ("zip": "DEF") beyond this is refused: a few KB can inflate to gigabytes. */
export const maxDecompressedBytes = 10_000_000

export interface DecryptionInput {
  /** private keys (RSA, EC, OKP) or secrets (oct), as parsed from a JWK, JWKS or PEM */
  keys?: ParsedKeyInput | ParsedKey[]
  /** a PBES2 password */
  password?: string | Uint8Array
}

export interface DecryptTokenOptions {
  /** RSA1_5 is refused unless this is set; even then it is always flagged */
  allowRsa1_5?: boolean
}

export interface DecryptResult {
  status: 'decrypted' | 'failed'
  checks: Check[]
  reason: string
  decoded: DecodedToken & DecodedJwe
  header: JsonObject
  alg: string | null
  enc: string | null
  /** null unless decrypted */
  plaintext: Uint8Array | null
  /** the plaintext as UTF-8, when it is valid UTF-8 */
  text: string | null
  cty: string | null
  /** the plaintext is itself a JWS or JWE (a nested token) */
  nested: boolean
  key: KeyDescription | null
  /** e.g. "rsa1_5": a weak algorithm was used because the caller allowed it */
  flags: string[]
}

export async function decryptToken(
  input: string | DecodedToken,
  keyInput: DecryptionInput,
  options: DecryptTokenOptions = {},
): Promise<DecryptResult> {
  const decoded = typeof input === 'string' ? decodeToken(input) : input
  if (decoded.type !== 'jwe') {
    throw new SignetError(
      'ERR_JWE_NOT_ENCRYPTED',
      'This token is not encrypted (it is a JWS): there is nothing to decrypt. Verify it instead.',
    )
  }
  const keys = Array.isArray(keyInput.keys) ? keyInput.keys : (keyInput.keys?.keys ?? [])
  const password = keyInput.password
  if (keys.length === 0 && password === undefined) {
    throw new SignetError(
      'ERR_USAGE',
      "Decrypting needs the recipient's private key or secret, or the password for a PBES2 token.",
    )
  }
  const recipients = flattenedRecipients(decoded)
  const attempts: Attempt[] = []
  // One budget of PBKDF2 iterations for the whole token: 20 recipients at the per-header cap must not cost 20 times the cap.
  const pbes2Budget = { remaining: maxPbes2TotalCount }
  let result: Omit<DecryptResult, 'checks' | 'reason' | 'status' | 'decoded'> | null = null
  let headerChecks: Check[] = []
  for (const recipient of recipients) {
    const header = mergeHeader(recipient)
    const alg = typeof header.alg === 'string' ? header.alg : null
    const enc = typeof header.enc === 'string' ? header.enc : null
    headerChecks = [encodingCheck(decoded)]
    if (decoded.form !== 'jwe-compact')
      headerChecks.push(
        unprotectedHeaderCheck(
          [
            (recipient.unprotected as JsonObject | undefined) ?? null,
            (recipient.header as JsonObject | undefined) ?? null,
          ],
          'JWE',
        ),
      )
    headerChecks.push(jweCritCheck(recipient), algorithmCheck(alg, enc, options))
    const blocked = headerChecks.some((c) => c.status === 'fail')
    const candidates = alg && isJweKeyManagementAlgorithm(alg) ? selectKeys(keys, header, alg, password) : []
    for (const candidate of candidates) {
      const useCheck =
        candidate.kind === 'key'
          ? keyUseCheck(candidate.key, alg as JweKeyManagementAlgorithm, enc)
          : check('key-use', 'pass', 'A password was given for PBES2.')
      if (blocked || useCheck.status === 'fail') {
        attempts.push({
          label: candidate.label,
          useCheck,
          outcome: 'not-attempted',
          message: blocked ? 'not attempted: the token failed a check above' : useCheck.message,
        })
        continue
      }
      const outcome = await attempt(recipient, candidate, alg as JweKeyManagementAlgorithm, enc, pbes2Budget)
      attempts.push({ label: candidate.label, useCheck, ...outcome })
      if (outcome.plaintext) {
        const plaintext = outcome.plaintext
        const text = utf8(plaintext)
        const cty = typeof header.cty === 'string' ? header.cty : null
        result = {
          header,
          alg,
          enc,
          plaintext,
          text,
          cty,
          nested: isNestedToken(text, cty),
          key: candidate.kind === 'key' ? candidate.key.description : null,
          flags: alg === 'RSA1_5' ? ['rsa1_5'] : [],
        }
        break
      }
    }
    if (result) break
    if (candidates.length === 0 && !blocked) {
      attempts.push({
        label: 'no key',
        useCheck: null,
        outcome: 'not-attempted',
        message: noKeyMessage(keys, header, alg, password),
      })
    }
  }
  const first = mergeHeader(recipients[0]!)
  const shown = result ?? {
    header: first,
    alg: typeof first.alg === 'string' ? first.alg : null,
    enc: typeof first.enc === 'string' ? first.enc : null,
    plaintext: null,
    text: null,
    cty: typeof first.cty === 'string' ? first.cty : null,
    nested: false,
    key: null,
    flags: [],
  }
  const checks = [...headerChecks, ...keyChecks(attempts, result !== null)]
  const failed = checks.find((c) => c.status === 'fail')
  return {
    ...shown,
    decoded,
    checks,
    status: result ? 'decrypted' : 'failed',
    reason: result
      ? `Decrypted with ${result.key?.label ?? 'the password'}.`
      : `${failed?.title ?? 'Decryption'}: ${failed?.message ?? 'not decrypted.'}`,
  }
}

// ---------------------------------------------------------------------------------------------

interface Recipient extends FlattenedJWE {
  protectedHeader: JsonObject | null
}

type Candidate =
  { kind: 'key'; key: ParsedKey; label: string } | { kind: 'password'; password: Uint8Array; label: string }

interface Attempt {
  label: string
  useCheck: Check | null
  outcome: 'decrypted' | 'failed' | 'not-attempted'
  message: string
  plaintext?: Uint8Array
}

/** Every recipient as a flattened JWE, so each can be tried with its own key. */
function flattenedRecipients(decoded: DecodedToken & DecodedJwe): Recipient[] {
  if (decoded.form === 'jwe-compact') {
    const [protectedRaw, encryptedKey, iv, ciphertext, tag] = decoded.token.split('.') as [
      string,
      string,
      string,
      string,
      string,
    ]
    return [
      {
        protected: protectedRaw,
        protectedHeader: decoded.protectedHeader,
        ...(encryptedKey ? { encrypted_key: encryptedKey } : {}),
        ...(iv ? { iv } : {}),
        ciphertext,
        ...(tag ? { tag } : {}),
      },
    ]
  }
  // The decoder has already rejected duplicate members, so JSON.parse sees what it saw.
  const document = JSON.parse(decoded.token) as Record<string, unknown>
  const shared = {
    ...(typeof document.protected === 'string' ? { protected: document.protected } : {}),
    ...(isJsonObject(document.unprotected as never) ? { unprotected: document.unprotected as JsonObject } : {}),
    ...(typeof document.iv === 'string' ? { iv: document.iv } : {}),
    ciphertext: String(document.ciphertext),
    ...(typeof document.tag === 'string' ? { tag: document.tag } : {}),
    ...(typeof document.aad === 'string' ? { aad: document.aad } : {}),
    protectedHeader: decoded.protectedHeader,
  }
  const list = Array.isArray(document.recipients) ? (document.recipients as Record<string, unknown>[]) : [document]
  return list.map((recipient) => ({
    ...shared,
    ...(isJsonObject(recipient.header as never) ? { header: recipient.header as JsonObject } : {}),
    ...(typeof recipient.encrypted_key === 'string' ? { encrypted_key: recipient.encrypted_key } : {}),
  }))
}

function mergeHeader(recipient: Recipient): JsonObject {
  return {
    ...(recipient.protectedHeader ?? {}),
    ...((recipient.unprotected as JsonObject | undefined) ?? {}),
    ...((recipient.header as JsonObject | undefined) ?? {}),
  }
}

function jweCritCheck(recipient: Recipient): Check {
  const joseHeader = mergeHeader(recipient)
  if (joseHeader.crit === undefined) return check('crit', 'pass', 'The token declares no critical extensions.')
  // No JWE extension is implemented; "b64" is a JWS parameter and means nothing here.
  const result = critCheck({ protectedHeader: recipient.protectedHeader, joseHeader })
  if (result.status === 'pass')
    return check(
      'crit',
      'fail',
      'The token requires extensions Signet does not implement for JWE; RFC 7516 requires rejecting it.',
      result.detail,
    )
  return result
}

function algorithmCheck(alg: string | null, enc: string | null, options: DecryptTokenOptions): Check {
  if (alg === null)
    return check('jwe-alg', 'fail', 'The header has no "alg": the token does not say how its content key is protected.')
  if (!isJweKeyManagementAlgorithm(alg))
    return check('jwe-alg', 'fail', `"alg" is "${alg}", which is not a JWE key-management algorithm Signet supports.`)
  if (enc === null)
    return check('jwe-alg', 'fail', 'The header has no "enc": the token does not say how its content is encrypted.')
  if (!isJweContentEncryption(enc))
    return check('jwe-alg', 'fail', `"enc" is "${enc}", which is not a content encryption algorithm Signet supports.`)
  if (alg === 'RSA1_5') {
    return options.allowRsa1_5
      ? check(
          'jwe-alg',
          'warn',
          `RSA1_5 with ${enc}, allowed on request. RSA1_5 (PKCS#1 v1.5) invites padding-oracle attacks (Bleichenbacher) against any service that decrypts it; move the sender to RSA-OAEP-256.`,
          { alg, enc },
        )
      : check(
          'jwe-alg',
          'fail',
          'RSA1_5 (PKCS#1 v1.5) is refused: services that decrypt it can be turned into padding oracles (Bleichenbacher). Allow it explicitly to open an old token (CLI: --allow-rsa1-5).',
          { alg, enc },
        )
  }
  return check('jwe-alg', 'pass', `${alg} with ${enc}.`, { alg, enc })
}

function selectKeys(
  keys: ParsedKey[],
  header: JsonObject,
  alg: JweKeyManagementAlgorithm,
  password: string | Uint8Array | undefined,
): Candidate[] {
  const info = jweKeyManagementAlgorithms[alg]
  if (info.kty === 'password') {
    if (password === undefined) return []
    return [
      {
        kind: 'password',
        password: typeof password === 'string' ? new TextEncoder().encode(password) : password,
        label: 'the password',
      },
    ]
  }
  const kid = header.kid
  const byKid = typeof kid === 'string' && keys.length > 1 ? keys.filter((k) => k.description.kid === kid) : keys
  const fitting = byKid.filter((k) =>
    info.kty === 'EC/OKP' ? k.description.kty === 'EC' || k.description.kty === 'OKP' : k.description.kty === info.kty,
  )
  return (fitting.length > 0 ? fitting : byKid).map((key) => ({ kind: 'key', key, label: key.description.label }))
}

function noKeyMessage(keys: ParsedKey[], header: JsonObject, alg: string | null, password: unknown): string {
  if (alg && isJweKeyManagementAlgorithm(alg) && jweKeyManagementAlgorithms[alg].kty === 'password') {
    return `The token is encrypted with a password (${alg}), and no password was given.`
  }
  if (typeof header.kid === 'string' && keys.length > 1) return `No key given has kid "${header.kid}".`
  return password !== undefined && keys.length === 0
    ? `The token uses ${alg}, which needs a key, not a password.`
    : 'No key was given.'
}

/** The key's own "use", "key_ops" and "alg" must permit this decryption (Wycheproof: WrongCipher, Pkcs15WithOaepKey). */
function keyUseCheck(key: ParsedKey, alg: JweKeyManagementAlgorithm, enc: string | null): Check {
  const { jwk, description } = key
  const info = jweKeyManagementAlgorithms[alg]
  const problems: string[] = []
  const kindFits = info.kty === 'EC/OKP' ? jwk.kty === 'EC' || jwk.kty === 'OKP' : jwk.kty === info.kty
  if (!kindFits)
    problems.push(
      `${alg} needs ${info.kty === 'oct' ? 'a secret (oct)' : info.kty === 'RSA' ? 'an RSA' : 'an EC or X25519'} key, but this is ${description.kty}`,
    )
  if (jwk.kty !== 'oct' && jwk.d === undefined) problems.push('it is a public key; decryption needs the private key')
  if (jwk.use !== undefined && jwk.use !== 'enc') problems.push(`its "use" is "${jwk.use}", not "enc"`)
  if (Array.isArray(jwk.key_ops)) {
    // The operations jose (and WebCrypto) perform for each kind of key management.
    const needed =
      alg === 'dir' || alg.endsWith('GCMKW') ? 'decrypt' : alg.startsWith('ECDH') ? 'deriveBits' : 'unwrapKey'
    if (!jwk.key_ops.includes(needed) && !(alg.startsWith('ECDH') && jwk.key_ops.includes('deriveKey')))
      problems.push(`its "key_ops" (${jwk.key_ops.join(', ')}) do not include "${needed}"`)
  }
  if (jwk.alg !== undefined && jwk.alg !== alg && !(alg === 'dir' && jwk.alg === enc)) {
    problems.push(`its "alg" restricts it to ${jwk.alg}, but the token uses ${alg}`)
  }
  return problems.length > 0
    ? check('key-use', 'fail', `${description.label} may not decrypt this token: ${problems.join('; ')}.`)
    : check('key-use', 'pass', `${description.label} may decrypt ${alg}.`)
}

async function attempt(
  recipient: Recipient,
  candidate: Candidate,
  alg: JweKeyManagementAlgorithm,
  enc: string | null,
  pbes2Budget: { remaining: number },
): Promise<Omit<Attempt, 'label' | 'useCheck'>> {
  const jwe: FlattenedJWE = { ...recipient }
  delete (jwe as Partial<Recipient>).protectedHeader
  try {
    let plaintext: Uint8Array
    if (alg === 'RSA1_5') {
      plaintext = await rsa1_5(recipient, (candidate as { key: ParsedKey }).key.jwk, enc as JweContentEncryption)
    } else {
      const key: JWK | Uint8Array = candidate.kind === 'password' ? candidate.password : joseKey(candidate.key.jwk, alg)
      const p2c = mergeHeader(recipient).p2c
      if (typeof p2c === 'number' && p2c > maxPbes2Count) {
        return {
          outcome: 'failed',
          message: `p2c is ${p2c.toLocaleString('en')}, above Signet's limit of ${maxPbes2Count.toLocaleString('en')} PBKDF2 iterations: the token's author chooses p2c, and with no limit one token could keep this machine busy for as long as its author likes.`,
        }
      }
      if (alg.startsWith('PBES2')) {
        const cost = typeof p2c === 'number' && p2c > 0 ? p2c : 0
        if (cost > pbes2Budget.remaining) {
          return {
            outcome: 'failed',
            message: `not attempted: Signet spends at most ${maxPbes2TotalCount.toLocaleString('en')} PBKDF2 iterations on one token (ERR_BUDGET_EXCEEDED), and this attempt needs ${cost.toLocaleString('en')} with ${pbes2Budget.remaining.toLocaleString('en')} left. Give the key for the recipient you mean.`,
          }
        }
        pbes2Budget.remaining -= cost
      }
      const result = await flattenedDecrypt(jwe, key, {
        keyManagementAlgorithms: [alg],
        ...(enc && isJweContentEncryption(enc) ? { contentEncryptionAlgorithms: [enc] } : {}),
        maxPBES2Count: maxPbes2Count,
        maxDecompressedLength: maxDecompressedBytes,
      })
      plaintext = result.plaintext
    }
    return { outcome: 'decrypted', message: `Decrypted with ${candidate.label}.`, plaintext }
  } catch (error) {
    return { outcome: 'failed', message: failureMessage(error, candidate.label) }
  }
}

/** jose re-checks use/key_ops/alg itself; a dir key labelled "alg": "dir" is fine and jose expects the enc there. */
function joseKey(jwk: JWK, alg: JweKeyManagementAlgorithm): JWK {
  if (alg === 'dir' && jwk.alg === 'dir') {
    const copy = { ...jwk }
    delete copy.alg
    return copy
  }
  return jwk
}

async function rsa1_5(recipient: Recipient, jwk: JWK, enc: JweContentEncryption): Promise<Uint8Array> {
  const bytes = (value: string | undefined, name: string) =>
    value ? decodeBase64url(value, name).bytes : new Uint8Array()
  const additional = (recipient.protected ?? '') + (recipient.aad !== undefined ? `.${recipient.aad}` : '')
  const plaintext = await decryptRsa1_5(
    {
      encryptedKey: bytes(recipient.encrypted_key, 'encrypted_key'),
      iv: bytes(recipient.iv, 'iv'),
      ciphertext: bytes(recipient.ciphertext, 'ciphertext'),
      tag: bytes(recipient.tag, 'tag'),
      additionalData: new TextEncoder().encode(additional),
    },
    jwk,
    enc,
  )
  return mergeHeader(recipient).zip === 'DEF' ? inflate(plaintext) : plaintext
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data.slice()]).stream().pipeThrough(new DecompressionStream('deflate-raw'))
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { value, done } = await reader.read()
    if (done) break
    total += value.length
    if (total > maxDecompressedBytes) {
      await reader.cancel()
      throw new SignetError(
        'ERR_JWE_DECRYPT_FAILED',
        `The decompressed content exceeds ${formatBytes(maxDecompressedBytes)}; refusing a possible decompression bomb.`,
      )
    }
    chunks.push(value)
  }
  const out = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

function failureMessage(error: unknown, label: string): string {
  if (error instanceof ContentDecryptionError || error instanceof joseErrors.JWEDecryptionFailed) {
    return `Does not decrypt with ${label}: wrong key, or the token was altered.`
  }
  if (error instanceof SignetError) return error.message
  if (error instanceof joseErrors.JOSEError || error instanceof TypeError) {
    return `Does not decrypt with ${label}: ${error.message.replace(/\.$/, '')}.`
  }
  return `Does not decrypt with ${label}: ${error instanceof Error ? error.message : 'unknown error'}.`
}

function keyChecks(attempts: Attempt[], decrypted: boolean): Check[] {
  const detail = { attempts: attempts.map((a) => ({ key: a.label, outcome: a.outcome, message: a.message })) }
  const success = attempts.find((a) => a.outcome === 'decrypted')
  const shownUse = (success ?? attempts.find((a) => a.outcome === 'failed') ?? attempts.find((a) => a.useCheck))
    ?.useCheck
  const checks: Check[] = [
    attempts.length === 0 || attempts.every((a) => a.label === 'no key')
      ? check('key-select', attempts.length === 0 ? 'skipped' : 'fail', attempts[0]?.message ?? 'No key was tried.')
      : check(
          'key-select',
          'pass',
          `${attempts.length === 1 ? `Tried ${attempts[0]!.label}` : `Tried ${attempts.length} keys`}.`,
          detail,
        ),
  ]
  checks.push(shownUse ?? check('key-use', 'skipped', 'No key was tried.'))
  if (decrypted) checks.push(check('decrypt', 'pass', success!.message, detail))
  else {
    const tried = attempts.filter((a) => a.outcome === 'failed')
    checks.push(
      tried.length === 0
        ? check('decrypt', 'fail', `Not decrypted: ${attempts[0]?.message ?? 'no key could be used.'}`, detail)
        : check(
            'decrypt',
            'fail',
            tried.length === 1
              ? tried[0]!.message
              : `None of the ${tried.length} keys tried decrypts the token: ${tried[0]!.message}`,
            detail,
          ),
    )
  }
  return checks
}

function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

function isNestedToken(text: string | null, cty: string | null): boolean {
  if (text === null) return false
  const trimmed = text.trim()
  if (
    /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/.test(trimmed) ||
    /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]*){4}$/.test(trimmed)
  )
    return true
  return cty !== null && cty.toUpperCase().replace(/^APPLICATION\//, '') === 'JWT' && trimmed.startsWith('{')
}
