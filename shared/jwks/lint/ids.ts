import type { JwksSeverity } from './severity'

/**
 * Every JWKS finding id with its severity: one table, so the CLI's exit rule, the docs and the
 * corpus test that needs one bad JWKS per id all read the same list. Never rename an id.
 */
export const jwksFindingIds = {
  'not-a-jwks': 'high',
  'duplicate-member': 'high',
  'key-not-object': 'high',
  'private-member': 'high',
  'symmetric-key': 'high',
  'kty-missing': 'high',
  'member-type': 'high',
  'member-missing': 'high',
  'kid-duplicate': 'high',
  'alg-kty-mismatch': 'high',
  'alg-crv-mismatch': 'high',
  'base64url-invalid': 'high',
  'rsa-modulus-small': 'high',
  'rsa-modulus-over-budget': 'high',
  'rsa-exponent-invalid': 'high',
  'rsa-modulus-invalid': 'high',
  'rsa-roca': 'high',
  'ec-coordinate-length': 'high',
  'ec-point-not-on-curve': 'high',
  'okp-point-invalid': 'high',
  'x5c-invalid': 'high',
  'x5c-key-mismatch': 'high',
  'x5t-mismatch': 'high',
  'x5t-s256-mismatch': 'high',
  'kid-missing': 'medium',
  'use-unknown': 'medium',
  'key-ops-unknown': 'medium',
  'use-key-ops-disagree': 'medium',
  'alg-unknown': 'medium',
  'alg-use-mismatch': 'medium',
  'base64url-padding': 'medium',
  'base64url-noncanonical': 'medium',
  'rsa-exponent-unusual': 'medium',
  'rsa-leading-zero': 'medium',
  'curve-unknown': 'medium',
  'enc-key-in-signing-set': 'medium',
  'use-missing': 'low',
  'alg-missing': 'low',
  'empty-set': 'low',
  'kty-unknown': 'info',
} as const satisfies Record<string, JwksSeverity>

export type JwksFindingId = keyof typeof jwksFindingIds
