import { SignetError } from '../errors'
import { maxKeyTextChars, maxKeysInSet } from '../limits'
import { isJsonObject, jsonTypeName, parseJson, type JsonValue } from '../encoding/json'
import { keyJsonError } from './key-json-error'
import { describeKeyShape } from './algorithms'
import { describe } from './describe-key'
import { validateJwk, type ValidatedJwk } from './jwk'
import { looksLikePem } from './pem-text'
import { sharedKids } from './shared-kids'
import type { ParsedKey, ParsedKeyInput, ParseKeyOptions } from './types'
import { plural } from '../text/plural'

export type { ParseKeyOptions } from './types'

/**
 * Reads any key text a user may hold — a JWK, a JWK Set, or PEM (SPKI, PKCS#1 public or private,
 * PKCS#8, SEC1, X.509 certificate) — into JWKs with descriptions. Used for verification keys (the
 * public part is taken) and decryption keys alike; the CLI, the app and the Wycheproof conformance
 * test all come through here.
 */

export async function parseKeyText(text: string, options: ParseKeyOptions = {}): Promise<ParsedKeyInput> {
  if (typeof text !== 'string' || text.trim().length === 0) {
    throw new SignetError(
      'ERR_KEY_INVALID',
      'The key is empty: paste or open a JWK, a JWK Set, or a PEM key or certificate.',
    )
  }
  if (text.length > maxKeyTextChars) {
    throw new SignetError(
      'ERR_KEY_TOO_LARGE',
      `The key input is ${plural(text.length, 'character')}; Signet reads key text (a JWK, JWK Set or PEM) of at most ${plural(maxKeyTextChars, 'character')}. Check that the right file was chosen.`,
    )
  }
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) return parseJsonKey(trimmed, options)
  if (looksLikePem(trimmed)) return (await import('./parse-pem')).parsePem(trimmed, options)
  throw new SignetError(
    'ERR_KEY_INVALID',
    'This is not a key Signet can read: expected a JWK or JWK Set (JSON starting with "{") or PEM ("-----BEGIN …-----"). ' +
      'For an HMAC secret, use the secret field (CLI: --secret or --secret-file).',
  )
}

async function parseJsonKey(text: string, options: ParseKeyOptions): Promise<ParsedKeyInput> {
  let value: JsonValue
  try {
    const parsed = parseJson(text, 'key')
    if (parsed.duplicates.length > 0) {
      const first = parsed.duplicates[0]!
      throw new SignetError(
        'ERR_KEY_INVALID',
        `The key has the member "${first.path ? `${first.path}.` : ''}${first.member}" twice; a key must be unambiguous.`,
      )
    }
    value = parsed.value
  } catch (error) {
    if (error instanceof SignetError && error.code === 'ERR_TOKEN_JSON') throw keyJsonError('key', error)
    throw error
  }
  if (!isJsonObject(value))
    throw new SignetError('ERR_KEY_INVALID', `A JWK must be a JSON object, but this is ${jsonTypeName(value)}.`)
  if ('keys' in value) return parseJwks(value.keys, options)
  const validated = validateJwk(value, 'the JWK')
  const name = options.name ?? 'pasted JWK'
  return { format: 'jwk', keys: [await fromValidatedJwk(validated, 'jwk', name)], notes: [] }
}

async function parseJwks(keys: JsonValue | undefined, options: ParseKeyOptions): Promise<ParsedKeyInput> {
  if (!Array.isArray(keys))
    throw new SignetError(
      'ERR_KEY_INVALID',
      `A JWK Set needs "keys" to be an array of JWKs, but it is ${jsonTypeName(keys ?? null)}.`,
    )
  if (keys.length > maxKeysInSet) {
    throw new SignetError(
      'ERR_KEY_TOO_LARGE',
      `The JWK Set has ${plural(keys.length, 'key')}; Signet reads sets of at most ${plural(maxKeysInSet, 'key')}, since each is tried in turn.`,
    )
  }
  const name = options.name ?? 'pasted JWKS'
  const notes: string[] = []
  const parsed: ParsedKey[] = []
  for (const [index, entry] of keys.entries()) {
    const where = `key ${index + 1} of the JWK Set`
    let validated: ValidatedJwk
    try {
      validated = validateJwk(entry, where)
    } catch (error) {
      // A published set may hold keys for algorithms Signet cannot use; they must not hide the others.
      if (error instanceof SignetError && error.code === 'ERR_KEY_UNSUPPORTED') {
        notes.push(`${where} was skipped: ${error.message}`)
        continue
      }
      throw error
    }
    parsed.push(await fromValidatedJwk(validated, 'jwks', name, index))
  }
  checkSetIsUnambiguous(parsed)
  labelSharedKids(parsed, notes)
  if (parsed.length === 0) {
    throw new SignetError(
      'ERR_KEY_INVALID',
      keys.length === 0
        ? 'The JWK Set is empty.'
        : `None of the ${keys.length} keys in the JWK Set is usable: ${notes.join(' ')}`,
    )
  }
  return { format: 'jwks', keys: parsed, notes }
}

/**
 * A set that mixes secret and public keys, or private and public keys, is a mistake waiting to be
 * exploited (Wycheproof's MixedKeySet cases): refuse it rather than guess.
 */
function checkSetIsUnambiguous(keys: ParsedKey[]): void {
  const secret = keys.filter((k) => k.description.kty === 'oct')
  if (secret.length > 0 && secret.length < keys.length) {
    throw new SignetError(
      'ERR_KEY_SET_AMBIGUOUS',
      `The JWK Set mixes ${plural(secret.length, 'secret (oct) key')} with ${plural(keys.length - secret.length, 'public key')}. ` +
        'A set a verifier trusts must not do that: a secret published beside public keys is no longer secret, and an algorithm switch could pick either. Split the set.',
    )
  }
  const asymmetric = keys.filter((k) => k.description.kty !== 'oct')
  const privateCount = asymmetric.filter((k) => k.description.fromPrivateKey).length
  if (privateCount > 0 && privateCount < asymmetric.length) {
    throw new SignetError(
      'ERR_KEY_SET_AMBIGUOUS',
      `The JWK Set mixes ${plural(privateCount, 'private key')} with ${plural(asymmetric.length - privateCount, 'public key')}. Keep private keys out of sets that are meant to be shared.`,
    )
  }
  // Two keys sharing a kid are not refused: RFC 7517 §4.5 says kids SHOULD be distinct, not MUST.
  // The key source tries every key a shared kid names and the trace reports the duplicate.
}

/**
 * Keys that share a kid get their position in the label, so a trace can say which of them verified,
 * and the set's notes say which kids are shared (RFC 7517 §4.5: kids SHOULD be distinct).
 */
function labelSharedKids(keys: ParsedKey[], notes: string[]): void {
  for (const { kid, positions } of sharedKids(keys.map((k) => k.description))) {
    for (const key of keys) {
      if (key.description.kid === kid && positions.includes((key.description.index ?? 0) + 1)) {
        key.description.label = key.description.label.replace(
          `: key kid=${kid} (`,
          `: key ${(key.description.index ?? 0) + 1} kid=${kid} (`,
        )
      }
    }
    notes.push(
      `Keys ${positions.join(', ')} of the JWK Set share kid "${kid}"; RFC 7517 §4.5 says kids SHOULD be distinct, so a token naming it has each of them tried.`,
    )
  }
}

async function fromValidatedJwk(
  validated: ValidatedJwk,
  origin: 'jwk' | 'jwks',
  name: string,
  index?: number,
): Promise<ParsedKey> {
  const { jwk } = validated
  const shape = describeKeyShape(validated)
  const kidPart = jwk.kid !== undefined ? ` kid=${jwk.kid}` : ''
  const label =
    index === undefined ? `${name}${kidPart} (${shape})` : `${name}: key${kidPart || ` #${index + 1}`} (${shape})`
  const description = await describe(validated, origin, label)
  if (index !== undefined) description.index = index
  return { description, jwk }
}
