import type { KeyResult, KeysImportInput } from '../../../shared/contract/keys'
import { enrollLocked } from './enroll'
import { withKeyLock } from './lock'
import { materialFromJwk } from './material'
import { privateJwkFromSource } from './parse-private-key'
import { announce, audit, keyInfo, requireSet, type KeyContext } from './repository'
import { settleDue } from './settle'

/**
 * Imports a private key (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1 or a private JWK) into a set, after
 * checking it fits its algorithm. A kid in the JWK is kept (and must be unique); otherwise the kid is
 * the thumbprint. The source and passphrase are dropped after parsing: only the keychain keeps the key.
 */
export async function importKey(context: KeyContext, input: KeysImportInput): Promise<KeyResult> {
  await settleDue(context)
  const set = requireSet(context.store.read(), input.set)
  const jwk = privateJwkFromSource(input.source, input.passphrase)
  const material = await materialFromJwk(jwk, input.alg)
  const declaredKid = typeof jwk.kid === 'string' && jwk.kid.length > 0 ? jwk.kid : undefined
  const enrolled = await withKeyLock(context.dataDir, { operation: 'key.import', doing: `adding a key to set ${set.name}`, set: set.name }, () =>
    enrollLocked(context, { setId: set.id, material, kid: input.kid ?? declaredKid, origin: 'imported', activate: input.activate }),
  )
  const warnings = [...enrolled.warnings]
  await audit(
    context,
    { action: 'key.import', subject: { set: set.name, kid: enrolled.key.kid }, details: { alg: enrolled.key.alg, bits: enrolled.key.bits ?? null, crv: enrolled.key.crv ?? null, state: enrolled.key.state, thumbprint: enrolled.key.thumbprint } },
    warnings,
  )
  announce(context, 'key.import', set.name, [enrolled.key.kid, ...enrolled.alsoChanged.map((k) => k.kid)])
  return { key: keyInfo(context.store.read(), enrolled.key), warnings }
}
