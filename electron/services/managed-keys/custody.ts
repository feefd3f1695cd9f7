import { calculateJwkThumbprint, type JWK } from 'jose'
import { SignetError } from '#shared/errors'
import type { KeyRecord } from '#shared/managed-keys/types'
import type { Keychain } from '../../adapters/keychain'
import { reached } from '../faults'

/**
 * The private half of a key in the OS keychain: account = the key's internal id, secret = the private
 * JWK as JSON. A secret counts as stored only once it has been read back and compared; a secret read
 * for use must still be the key the record describes (same thumbprint).
 */

/** The member that tells an orphaned entry's set apart; not a JOSE member, ignored by every JWK reader. */
export const setMember = 'x-signet-set'

export async function depositSecret(keychain: Keychain, account: string, secret: string): Promise<void> {
  try {
    await keychain.set(account, secret)
  } catch (error) {
    // Some backends fail after writing: do not leave a half-known entry behind.
    await discardQuietly(keychain, account)
    throw error
  }
  reached('after-secret-write')
  let back: string | null
  try {
    back = await keychain.get(account)
  } catch (error) {
    await discardQuietly(keychain, account)
    throw error
  }
  if (back !== secret) {
    const removed = await discardQuietly(keychain, account)
    throw new SignetError(
      'ERR_KEY_CUSTODY_MISMATCH',
      'Reading the new key back from the OS keychain did not return what was written, so the key was not stored' +
        (removed
          ? ' (the entry was deleted again).'
          : `, and its entry (account ${account}) could not be deleted: signet keys reconcile lists it.`) +
        ' Check that the keychain is healthy, then retry.',
    )
  }
  reached('after-readback')
}

/** The private JWK of `key`, checked to be the key the record describes. */
export async function withdrawSecret(keychain: Pick<Keychain, 'get' | 'service'>, key: KeyRecord): Promise<JWK> {
  const text = await keychain.get(key.id)
  if (text === null) {
    throw new SignetError(
      'ERR_KEY_SECRET_MISSING',
      `The private key of "${key.kid}" is not in the OS keychain (service "${keychain.service}", account ${key.id}). ` +
        'If the keychain was reset or restored, restore the entry or a Signet backup; run signet keys reconcile to record it as missing.',
    )
  }
  let jwk: JWK
  try {
    jwk = JSON.parse(text) as JWK
  } catch {
    throw mismatch(key)
  }
  const thumbprint = await calculateJwkThumbprint(publicPart(jwk), 'sha256').catch(() => null)
  if (thumbprint !== key.thumbprint) throw mismatch(key)
  return jwk
}

export async function discardQuietly(keychain: Keychain, account: string): Promise<boolean> {
  try {
    await keychain.delete(account)
    return (await keychain.get(account)) === null
  } catch {
    return false
  }
}

/** The members RFC 7638 hashes; for an HS key that is the secret itself, as when the record was made. */
export function publicPart(jwk: JWK): JWK {
  switch (jwk.kty) {
    case 'RSA':
      return { kty: jwk.kty, n: jwk.n, e: jwk.e }
    case 'EC':
      return { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }
    case 'OKP':
      return { kty: jwk.kty, crv: jwk.crv, x: jwk.x }
    default:
      return { kty: jwk.kty, k: jwk.k }
  }
}

function mismatch(key: KeyRecord): SignetError {
  return new SignetError(
    'ERR_KEY_CUSTODY_MISMATCH',
    `The OS keychain entry for "${key.kid}" (account ${key.id}) does not hold the key Signet recorded for it; it was changed outside Signet. Nothing was signed. Restore the entry from a Signet backup, or compromise and replace the key.`,
  )
}
