import type { KeyResult, KeysGenerateInput } from '#shared/contract/keys'
import { enrollLocked } from './enroll'
import { withKeyLock } from './lock'
import { generateMaterial } from './material'
import { requireSet, type KeyContext } from './repository'
import { reportEnrolled } from './report-enrolled'
import { settleDue } from './settle'

/**
 * Generates a key in a set: RS/PS (2048, 3072, 4096 bits), ES256/384/512, EdDSA (Ed25519), or an HS
 * secret of the hash's full length. The kid defaults to the RFC 7638 thumbprint. The key is staged
 * (published, not signing) unless `activate` is set.
 */
export async function generateKey(context: KeyContext, input: KeysGenerateInput): Promise<KeyResult> {
  await settleDue(context)
  const set = requireSet(context.store.read(), input.set)
  // Generation (seconds for RSA 4096) happens outside the lock, which guards only the commit.
  const material = await generateMaterial(input.alg, { bits: input.bits })
  const enrolled = await withKeyLock(
    context.dataDir,
    { operation: 'key.generate', doing: `adding a key to set ${set.name}`, set: set.name },
    () =>
      enrollLocked(context, { setId: set.id, material, kid: input.kid, origin: 'generated', activate: input.activate }),
  )
  return reportEnrolled(context, 'key.generate', set, enrolled, {
    retired: enrolled.alsoChanged.find((k) => k.state === 'retired')?.kid ?? null,
  })
}
