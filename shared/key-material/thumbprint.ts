import { calculateJwkThumbprint } from 'jose'
import { SignetError } from '../errors'
import { isJsonObject, parseJson } from '../encoding/json'
import { publicJwk, validateJwk } from './jwk'
import { keyJsonError } from './key-json-error'

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url) of a JWK given as text, validated first so that a
 * malformed key gets a clear error rather than a hash of whatever was there. A private JWK gives
 * the thumbprint of its public key, which is the same value by construction.
 */
export async function jwkThumbprint(text: string): Promise<{ thumbprint: string; kty: string; kid?: string }> {
  let parsed: ReturnType<typeof parseJson>
  try {
    parsed = parseJson(text.trim(), 'JWK')
  } catch (error) {
    throw keyJsonError('JWK', error)
  }
  if (!isJsonObject(parsed.value)) throw new SignetError('ERR_KEY_INVALID', 'A JWK must be a JSON object.')
  if (parsed.duplicates.length > 0)
    throw new SignetError(
      'ERR_KEY_INVALID',
      `The JWK has the member "${parsed.duplicates[0]!.member}" twice; a key must be unambiguous.`,
    )
  if ('keys' in parsed.value) {
    throw new SignetError(
      'ERR_KEY_INVALID',
      'This is a JWK Set; a thumbprint is computed for one key. Extract the key you mean and pass it alone.',
    )
  }
  const validated = validateJwk(parsed.value)
  const jwk = validated.kty === 'oct' ? validated.jwk : publicJwk(validated.jwk)
  let thumbprint: string
  try {
    thumbprint = await calculateJwkThumbprint(jwk, 'sha256')
  } catch {
    // jose's message names the member, never its value; still, key input is never quoted.
    throw new SignetError(
      'ERR_KEY_INVALID',
      `The JWK (kty "${validated.kty}") lacks a member RFC 7638 needs for its thumbprint, or has it empty.`,
    )
  }
  return validated.jwk.kid === undefined
    ? { thumbprint, kty: validated.kty }
    : { thumbprint, kty: validated.kty, kid: validated.jwk.kid }
}
