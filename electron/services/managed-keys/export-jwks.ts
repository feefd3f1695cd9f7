import { createHash } from 'node:crypto'
import type { JwksExport } from '#shared/contract/keys'
import { serializeJwks } from '#shared/jwks/serialize'
import { isPublished } from '#shared/managed-keys/model'
import type { PublicJwk } from '#shared/managed-keys/types'
import { audit, requireSet, type KeyContext } from './repository'
import { settleDue } from './settle'

/**
 * A set's published JWKS: its staged, active and retired keys (compromised, unpublished and destroyed
 * keys are out), in Signet's canonical serialization so exports diff cleanly.
 */
export async function exportJwks(context: KeyContext, input: { set: string }): Promise<JwksExport> {
  await settleDue(context)
  const data = context.store.read()
  const set = requireSet(data, input.set)
  const published = data.keys.filter((k) => k.setId === set.id && isPublished(k.state))
  const withPublicHalf = published.filter((k): k is typeof k & { publicJwk: PublicJwk } => k.publicJwk !== null)
  const jwks = serializeJwks(withPublicHalf.map((k) => k.publicJwk))
  const sha256 = createHash('sha256').update(jwks).digest('hex')
  const keys = withPublicHalf
    .map((k) => ({ kid: k.kid, alg: k.alg, state: k.state }))
    .sort((a, b) => (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0))
  await audit(
    context,
    {
      action: 'jwks.export',
      subject: { set: set.name },
      details: {
        keys: keys.length,
        kids: keys
          .map((k) => k.kid)
          .join(',')
          .slice(0, 1000),
        sha256,
      },
    },
    [],
  )
  return {
    set: set.name,
    jwks,
    keys,
    sha256,
    omittedSymmetric: published.filter((k) => k.publicJwk === null).map((k) => k.kid),
  }
}
