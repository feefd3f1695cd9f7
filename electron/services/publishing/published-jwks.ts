import { createHash } from 'node:crypto'
import { serializeJwks } from '#shared/jwks/serialize'
import { isPublished } from '#shared/managed-keys/model'
import type { PublicJwk } from '#shared/managed-keys/types'
import type { Store } from '../../adapters/store'
import { requireSet } from '../managed-keys/repository'

export interface PublishedJwks {
  set: string
  issuer: string | null
  /** the set's JWKS cache time, seconds: what verifiers are told to cache for */
  cacheSeconds: number
  /** canonical JWKS bytes (shared/jwks/serialize.ts) */
  bytes: Buffer
  /** SHA-256 of the bytes, hex */
  sha256: string
}

/**
 * What a set publishes right now, read from the store file on every call (the store re-reads its
 * file), without auditing: the endpoint and the publish plan call it often and it changes nothing.
 * Staged, active and retired keys with a public half; HS keys never (serializeJwks refuses a
 * private member outright).
 */
export function readPublishedJwks(store: Pick<Store, 'read'>, setName: string): PublishedJwks {
  const data = store.read()
  const set = requireSet(data, setName)
  const keys = data.keys.filter(
    (k): k is typeof k & { publicJwk: PublicJwk } => k.setId === set.id && isPublished(k.state) && k.publicJwk !== null,
  )
  const bytes = Buffer.from(serializeJwks(keys.map((k) => k.publicJwk)), 'utf8')
  return {
    set: set.name,
    issuer: set.issuer,
    cacheSeconds: set.jwksCacheTime,
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  }
}
