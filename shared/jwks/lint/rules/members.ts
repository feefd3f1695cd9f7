import { cap, finding, keyName, type JwksFinding, type KeyView } from '../types'

/**
 * The members every published key is judged on first (RFC 7517 §4, §5): no private or secret
 * material, a known key type, a kid, and use/key_ops that say the same thing.
 */

/** RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2; "priv" from the ML-DSA JOSE draft. */
const privateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k', 'priv']

export const knownKeyTypes = ['RSA', 'EC', 'OKP', 'oct']

/** RFC 7517 §4.3 */
const keyOperations = ['sign', 'verify', 'encrypt', 'decrypt', 'wrapKey', 'unwrapKey', 'deriveKey', 'deriveBits']
const operationsOfUse: Record<string, string[]> = {
  sig: ['verify'],
  enc: ['encrypt', 'wrapKey', 'deriveKey', 'deriveBits'],
}

export function memberRules(key: KeyView): JwksFinding[] {
  const { jwk } = key
  const out: JwksFinding[] = []
  for (const member of privateMembers) {
    if (member in jwk) {
      out.push(
        finding(
          key,
          'private-member',
          member,
          `${cap(keyName(key))} carries the private member "${member}": anyone who fetches this JWKS gets the secret half of the key.`,
          `Publish only the public members; treat this key as compromised and rotate it, since the set may already have been fetched.`,
        ),
      )
    }
  }
  const kty = jwk.kty
  if (kty === undefined) {
    out.push(
      finding(
        key,
        'kty-missing',
        null,
        `${cap(keyName(key))} has no "kty"; RFC 7517 §4.1 requires it, and verifiers cannot use the key.`,
        'Add "kty" ("RSA", "EC" or "OKP") or remove the key.',
      ),
    )
  } else if (typeof kty !== 'string') {
    out.push(
      finding(
        key,
        'member-type',
        'kty',
        `"kty" of ${keyName(key)} must be a string.`,
        'Write "kty" as a string such as "RSA", "EC" or "OKP".',
      ),
    )
  } else if (kty === 'oct') {
    out.push(
      finding(
        key,
        'symmetric-key',
        'kty',
        `${cap(keyName(key))} is a symmetric ("oct") key: a shared secret in a public set lets anyone forge tokens.`,
        'Remove it from the set and rotate the secret; verifiers of HMAC tokens get the secret by another channel.',
      ),
    )
  } else if (!knownKeyTypes.includes(kty)) {
    out.push(
      finding(
        key,
        'kty-unknown',
        'kty',
        `${cap(keyName(key))} has kty "${kty}", which this lint does not know; it was not checked further and verifiers that do not know it will ignore it (RFC 7517 §5).`,
        'Nothing to do if a verifier you serve understands this key type; otherwise remove it.',
      ),
    )
  }
  for (const name of ['kid', 'use', 'alg', 'x5u', 'x5t', 'x5t#S256']) {
    if (jwk[name] !== undefined && typeof jwk[name] !== 'string') {
      out.push(
        finding(
          key,
          'member-type',
          name,
          `"${name}" of ${keyName(key)} is not a string (RFC 7517 §4).`,
          `Write "${name}" as a JSON string.`,
        ),
      )
    }
  }
  if (jwk.kid === undefined) {
    out.push(
      finding(
        key,
        'kid-missing',
        null,
        `${cap(keyName(key))} has no "kid": verifiers cannot pick it by a token's kid header, and rotation with more than one key becomes guesswork.`,
        'Give every key a unique kid, for example its RFC 7638 thumbprint.',
      ),
    )
  }
  const use = jwk.use
  if (use === undefined && jwk.key_ops === undefined) {
    out.push(
      finding(
        key,
        'use-missing',
        null,
        `${cap(keyName(key))} says neither "use" nor "key_ops", so it may be taken for encryption as well as signatures.`,
        'Add "use": "sig" for a signing key (or "enc" for an encryption key).',
      ),
    )
  }
  if (typeof use === 'string' && !(use in operationsOfUse)) {
    out.push(
      finding(
        key,
        'use-unknown',
        'use',
        `"use" of ${keyName(key)} is "${use}"; RFC 7517 §4.2 defines "sig" and "enc".`,
        'Use "sig" or "enc".',
      ),
    )
  }
  if (jwk.alg === undefined) {
    out.push(
      finding(
        key,
        'alg-missing',
        null,
        `${cap(keyName(key))} has no "alg": a verifier that trusts the token's header to pick the algorithm can be steered to a weaker one.`,
        'Add the one algorithm the key is used with, e.g. "RS256" or "ES256".',
      ),
    )
  }
  const ops = jwk.key_ops
  if (ops !== undefined) {
    if (!Array.isArray(ops) || !ops.every((op) => typeof op === 'string')) {
      out.push(
        finding(
          key,
          'member-type',
          'key_ops',
          `"key_ops" of ${keyName(key)} must be an array of strings (RFC 7517 §4.3).`,
          'Write "key_ops" as an array such as ["verify"].',
        ),
      )
    } else {
      const unknown = ops.filter((op) => !keyOperations.includes(op))
      if (unknown.length || new Set(ops).size !== ops.length) {
        out.push(
          finding(
            key,
            'key-ops-unknown',
            'key_ops',
            `"key_ops" of ${keyName(key)} ${unknown.length ? `has unknown operations (${unknown.map((op) => JSON.stringify(op)).join(', ')})` : 'lists an operation twice'}; RFC 7517 §4.3 defines ${keyOperations.join(', ')}, each at most once.`,
            'List each defined operation once; a public signing key needs only ["verify"].',
          ),
        )
      }
      if (typeof use === 'string' && operationsOfUse[use]) {
        const foreign = ops.filter((op) => keyOperations.includes(op) && !operationsOfUse[use]!.includes(op))
        if (foreign.length) {
          out.push(
            finding(
              key,
              'use-key-ops-disagree',
              'key_ops',
              `${cap(keyName(key))} has "use": "${use}" but "key_ops" lists ${foreign.map((op) => JSON.stringify(op)).join(', ')}; RFC 7517 §4.3 says the two must be consistent.`,
              'Drop "key_ops" (use alone is enough) or make it match the use.',
            ),
          )
        }
      }
    }
  }
  return out
}
