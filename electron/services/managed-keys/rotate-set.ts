import { SignetError } from '#shared/errors'
import type { KeysRotateInput, RotateResult } from '#shared/contract/keys'
import { formatDuration } from '#shared/time/duration'
import { enrollLocked } from './enroll'
import { withKeyLock } from './lock'
import { generateMaterial } from './material'
import { announce, audit, keyInfo, requireSet, type KeyContext } from './repository'
import { settleDue } from './settle'

/**
 * Rotates a set: a new key of the active key's spec is generated and staged, and its activation is
 * scheduled one JWKS cache time later, when every verifier's cached JWKS includes it; at that moment
 * the previous active key is retired. `immediately` activates it at once, with a warning about caches.
 *
 * Two processes rotating the same set: the second fails fast on the lock, or, if it got the lock
 * after the first committed, on the set's revision; either way with ERR_CONFLICT, never a second
 * rotation nobody asked for and never two active keys.
 */
export async function rotateSet(context: KeyContext, input: KeysRotateInput): Promise<RotateResult> {
  await settleDue(context)
  const data = context.store.read()
  const set = requireSet(data, input.set)
  const expectedRevision = set.revision
  const active = data.keys.find((k) => k.setId === set.id && k.state === 'active')
  if (!active) {
    throw new SignetError(
      'ERR_SET_NO_ACTIVE_KEY',
      `Set "${set.name}" has no active key to rotate. Activate a staged key (signet keys activate <kid>) or generate one with --activate.`,
    )
  }
  const pending = data.keys.find((k) => k.setId === set.id && k.state === 'staged' && k.activateAt)
  if (pending) {
    throw new SignetError(
      'ERR_LIFECYCLE_ROTATION_PENDING',
      `Set "${set.name}" is already rotating: key "${pending.kid}" activates at ${pending.activateAt}. Wait for it, or activate it now with signet keys activate --kid=${pending.kid}.`,
    )
  }
  const material = await generateMaterial(active.alg, { bits: active.kty === 'RSA' ? active.bits : undefined })

  const { enrolled, activateAt } = await withKeyLock(
    context.dataDir,
    { operation: 'key.rotate', doing: `rotating set ${set.name}`, set: set.id },
    async () => {
      const current = context.store.read().keySets.find((s) => s.id === set.id)
      if (!current)
        throw new SignetError(
          'ERR_SET_NOT_FOUND',
          `Set "${set.name}" was deleted while the rotation was being prepared; nothing was changed.`,
        )
      if (current.revision !== expectedRevision) {
        throw new SignetError(
          'ERR_CONFLICT',
          `Set "${set.name}" changed while this rotation was being prepared (another Signet process changed its keys); nothing was changed here. Check signet keys list --set ${set.name} and rotate again only if it is still needed.`,
        )
      }
      const immediate = input.immediately === true || current.jwksCacheTime === 0
      const activateAt = immediate
        ? null
        : new Date(context.now().getTime() + current.jwksCacheTime * 1000).toISOString()
      const enrolled = await enrollLocked(context, {
        setId: set.id,
        material,
        origin: 'rotated',
        activate: immediate,
        activateAt,
        rotatedFrom: active.kid,
      })
      return { enrolled, activateAt }
    },
    { conflictsWith: (holder) => holder.operation === 'key.rotate' && holder.set === set.id },
  )

  const warnings = [...enrolled.warnings]
  if (activateAt) {
    warnings.push({
      code: 'INFO_ACTIVATION_SCHEDULED',
      message: `${whereToPublish(
        context.store
          .read()
          .publishTargets.filter((t) => t.setId === set.id)
          .map((t) => t.name),
        enrolled.key.kid,
        set.name,
        set.jwksCacheTime,
      )} It is scheduled to become the signing key at ${activateAt}; "${active.kid}" keeps signing until then and is retired at that moment.`,
    })
  }
  await audit(
    context,
    {
      action: 'key.rotate',
      subject: { set: set.name, kid: enrolled.key.kid },
      details: { alg: enrolled.key.alg, previous: active.kid, immediate: activateAt === null, activateAt },
    },
    warnings,
  )
  announce(context, 'key.rotate', set.name, [enrolled.key.kid, active.kid])
  const after = context.store.read()
  return {
    key: keyInfo(after, enrolled.key),
    previous: keyInfo(after, after.keys.find((k) => k.id === active.id) ?? active),
    activateAt,
    warnings,
  }
}

/**
 * Where the new key must be published before it may sign: Signet publishes nothing by itself, so
 * the message says what to run (targets exist) or that the JWKS must be shipped by hand (none).
 */
function whereToPublish(targets: string[], kid: string, set: string, cacheSeconds: number): string {
  if (targets.length === 0) {
    return `"${kid}" is in the set's JWKS but published nowhere yet: the set has no publish targets, so ship the JWKS yourself (signet jwks export --set ${set}) or add one (signet jwks targets add).`
  }
  return `"${kid}" is in the set's JWKS but not yet on its publish targets (${targets.join(', ')}): publish with \`signet jwks publish --set ${set}\`; activation is allowed once it has been published on every target for the JWKS cache time (${formatDuration(cacheSeconds)}).`
}
