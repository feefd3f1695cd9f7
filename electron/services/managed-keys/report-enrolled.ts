import type { KeyResult } from '#shared/contract/keys'
import type { KeySet } from '#shared/managed-keys/types'
import type { Enrolled } from './enroll'
import { announce, audit, keyInfo, type KeyContext } from './repository'

/**
 * The end of adding a key (generate, import), after enrollLocked committed it: one audit entry
 * naming the key's public facts (alg, size or curve, state, RFC 7638 thumbprint — never material)
 * plus `details`, a keys:changed event for the key and any key its activation retired, and the
 * key as the page sees it. A failed audit write is a warning in the result, not an error.
 */
export async function reportEnrolled(
  context: KeyContext,
  action: 'key.generate' | 'key.import',
  set: KeySet,
  enrolled: Enrolled,
  details: Record<string, string | null> = {},
): Promise<KeyResult> {
  const warnings = [...enrolled.warnings]
  await audit(
    context,
    {
      action,
      subject: { set: set.name, kid: enrolled.key.kid },
      details: {
        alg: enrolled.key.alg,
        bits: enrolled.key.bits ?? null,
        crv: enrolled.key.crv ?? null,
        state: enrolled.key.state,
        thumbprint: enrolled.key.thumbprint,
        ...details,
      },
    },
    warnings,
  )
  announce(context, action, set.name, [enrolled.key.kid, ...enrolled.alsoChanged.map((k) => k.kid)])
  return { key: keyInfo(context.store.read(), enrolled.key), warnings }
}
