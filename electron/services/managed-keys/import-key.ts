import type { KeyResult, KeysImportInput } from '#shared/contract/keys'
import { requireConfirmation } from '../confirm'
import { enrollLocked } from './enroll'
import { withKeyLock } from './lock'
import { materialFromJwk } from './material'
import { privateJwkFromSource } from './parse-private-key'
import { requireSet, type KeyContext } from './repository'
import { reportEnrolled } from './report-enrolled'
import { settleDue } from './settle'

/**
 * Imports a private key (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1 or a private JWK) into a set, after
 * checking it fits its algorithm. A kid in the JWK is kept (and must be unique); otherwise the kid is
 * the thumbprint. The source and passphrase are dropped after parsing: only the keychain keeps the key.
 *
 * With `activate`, the imported key signs the set's tokens at once, with material that came from
 * outside (and may be known elsewhere): main asks the user itself (context.confirm) once the key is
 * known to be usable, like destroy and compromise; the page's request alone never suffices.
 */
export async function importKey(context: KeyContext, input: KeysImportInput): Promise<KeyResult> {
  await settleDue(context)
  const set = requireSet(context.store.read(), input.set)
  const jwk = privateJwkFromSource(input.source, input.passphrase)
  const material = await materialFromJwk(jwk, input.alg)
  const declaredKid = typeof jwk.kid === 'string' && jwk.kid.length > 0 ? jwk.kid : undefined
  if (input.activate) {
    const kid = input.kid ?? declaredKid ?? material.thumbprint
    await requireConfirmation(context.confirm, {
      action: 'key.import',
      title: `Import and activate key "${kid}"`,
      message: `Import the ${material.alg} key "${kid}" into set "${set.name}" and make it the key that signs the set's tokens now?`,
      detail: `Its private key came from outside Signet (thumbprint ${material.thumbprint}): whoever else holds it can sign tokens that verifiers of "${set.name}" accept. The set's current active key, if any, is retired.`,
      confirmLabel: 'Import and activate',
    })
  }
  const enrolled = await withKeyLock(
    context.dataDir,
    { operation: 'key.import', doing: `adding a key to set ${set.name}`, set: set.name },
    () =>
      enrollLocked(context, {
        setId: set.id,
        material,
        kid: input.kid ?? declaredKid,
        origin: 'imported',
        activate: input.activate,
      }),
  )
  return reportEnrolled(context, 'key.import', set, enrolled)
}
