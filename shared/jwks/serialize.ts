import { SignetError } from '../errors'
import { privateJwkMembers } from '../managed-keys/types'

/**
 * A JWKS as Signet publishes it: keys sorted by kid, each key's members in one fixed order,
 * two-space indentation, a final newline. The same keys always give the same bytes, so an exported
 * JWKS diffs cleanly in review and a pipeline can tell "nothing changed" from a byte compare.
 */

/** RFC 7517/7518 members first, in the order a person reads them; anything else after, alphabetically. */
const memberOrder = ['kty', 'use', 'key_ops', 'alg', 'kid', 'crv', 'n', 'e', 'x', 'y', 'x5u', 'x5c', 'x5t', 'x5t#S256']

export interface Jwks {
  keys: Record<string, unknown>[]
}

export function canonicalJwk(jwk: Record<string, unknown>): Record<string, unknown> {
  for (const member of privateJwkMembers) {
    if (member in jwk) {
      throw new SignetError(
        'ERR_KEY_INVALID',
        `Refused to publish key "${String(jwk.kid ?? '?')}": it carries the private member "${member}". A JWKS holds public keys only.`,
      )
    }
  }
  const names = Object.keys(jwk)
  const known = memberOrder.filter((name) => names.includes(name))
  const rest = names.filter((name) => !memberOrder.includes(name)).sort(compareCodeUnits)
  const out: Record<string, unknown> = {}
  for (const name of [...known, ...rest]) out[name] = jwk[name]
  return out
}

/** Sorted by kid (by code unit, not locale, so every machine agrees), then by the key's canonical text. */
export function canonicalJwks(keys: readonly Record<string, unknown>[]): Jwks {
  const canonical = keys.map(canonicalJwk)
  const text = new Map(canonical.map((key) => [key, JSON.stringify(key)]))
  canonical.sort(
    (a, b) =>
      compareCodeUnits(String(a.kid ?? ''), String(b.kid ?? '')) || compareCodeUnits(text.get(a)!, text.get(b)!),
  )
  return { keys: canonical }
}

export function serializeJwks(keys: readonly Record<string, unknown>[]): string {
  return `${JSON.stringify(canonicalJwks(keys), null, 2)}\n`
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
