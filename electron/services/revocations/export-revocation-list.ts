import { SignetError } from '#shared/errors'
import { maxTokenChars } from '#shared/limits'
import { plural } from '#shared/text/plural'
import { utf8ByteLength } from '#shared/text/utf8-length'
import type { Warning } from '#shared/managed-keys/types'
import { diffRevocations, revocationsClaim } from '#shared/revocation-list/entries'
import { revocationListJwtTyp } from '#shared/revocation-list/format'
import type { RevocationExportResult } from '#shared/revocation-list/managed'
import { withKeyLock } from '../managed-keys/lock'
import { audit, requireSet, type KeyContext } from '../managed-keys/repository'
import { signToken } from '../managed-keys/sign-token'
import { emptyRevocationList, pruned, replaceRevocationList, revocationListOf } from './revocation-list-repository'

/** Seconds a verifier may cache the list before fetching a fresh one (the `ttl` claim). */
const listTtl = 3600
/** Each exported list's lifetime, within the set's maximum token lifetime. */
const listLifetime = 86_400

/**
 * Signs a set's Signet revocation list v1 (shared/revocation-list/format.ts, docs/revocation-list.schema.json):
 * header typ "signet-revocations+jwt" and kid; claims iss (the set's issuer), iat, exp (iat + 24 h,
 * or the set's maximum token lifetime if shorter), ttl 3600 and `revocations` {version 1, not_before,
 * entries}, with the set's active key through the signing service (the same path as a Status List
 * Token). Entries whose `until` has passed are pruned first, in the store too, and the export's
 * audit entry counts them. The signed claim is kept as the last export, so the next one can be
 * diffed against it. An HMAC key signs only with a warning: anyone who can verify the list could
 * also forge one. Errors: ERR_SET_NOT_FOUND, ERR_SET_NO_ACTIVE_KEY and the signing errors,
 * ERR_REVOCATION_LIST_TOO_LARGE (the signed list would exceed what a verifier reads), ERR_CONFLICT.
 */
export async function exportRevocationList(context: KeyContext, setRef: string): Promise<RevocationExportResult> {
  const warnings: Warning[] = []
  const prepared = await withKeyLock(
    context.dataDir,
    { operation: 'revocations.export', doing: `pruning the revocation list of set ${setRef} for export`, set: setRef },
    async () => {
      const data = context.store.read()
      const set = requireSet(data, setRef)
      const now = context.now()
      const current = revocationListOf(data, set) ?? emptyRevocationList(set, now.toISOString())
      const live = pruned(current, set, now)
      if (live.pruned > 0)
        context.store.update((d) =>
          replaceRevocationList(d, { ...live.list, revision: current.revision + 1, updatedAt: now.toISOString() }),
        )
      return { set, list: live.list, pruned: live.pruned }
    },
  )
  const { set, list } = prepared
  const claim = revocationsClaim(list.entries, list.notBefore)
  const diff = diffRevocations(list.lastExport?.claim ?? null, claim)
  // The payload is base64url of the claims' UTF-8 bytes (RFC 7515 §7.1), which grows them by 4/3 into
  // as many ASCII characters; a list beyond a verifier's token budget could never be read back.
  const claimBytes = utf8ByteLength(JSON.stringify(claim))
  if ((claimBytes * 4) / 3 > maxTokenChars - 4096) {
    throw new SignetError(
      'ERR_REVOCATION_LIST_TOO_LARGE',
      `Set "${set.name}"'s revocation list would sign to more than ${plural(maxTokenChars, 'character')}, more than a verifier reads. Shorten reasons, remove entries or set a cutoff.`,
    )
  }
  const signed = await signToken(context, {
    set: set.name,
    claims: { ttl: listTtl, revocations: claim },
    expiresIn: Math.min(listLifetime, set.maxTokenLifetime),
    typ: revocationListJwtTyp,
    jti: false,
  })
  warnings.push(...signed.warnings)
  if (signed.alg.startsWith('HS')) {
    warnings.push({
      code: 'WARN_REVOCATION_LIST_MAC',
      message: `Signed with ${signed.alg}, a MAC: every verifier holding the secret could forge a list that un-revokes tokens. Use an ES, RS, PS or EdDSA key for lists anyone else verifies.`,
    })
  }
  const iat = signed.claims.iat as number
  const exp = (signed.claims.exp as number | undefined) ?? null
  await withKeyLock(
    context.dataDir,
    {
      operation: 'revocations.export',
      doing: `recording the export of set ${set.name}'s revocation list`,
      set: set.name,
    },
    async () => {
      const data = context.store.read()
      const latest = revocationListOf(data, set) ?? list
      const lastExport = { at: context.now().toISOString(), iat, exp, kid: signed.kid, claim, token: signed.token }
      context.store.update((d) => replaceRevocationList(d, { ...latest, lastExport }))
    },
  )
  await audit(
    context,
    {
      action: 'revocations.export',
      subject: { set: set.name, kid: signed.kid },
      details: {
        iat,
        exp,
        entries: claim.entries.length,
        notBefore: claim.not_before ?? null,
        changed: diff.length,
        pruned: prepared.pruned,
      },
    },
    warnings,
  )
  return { token: signed.token, kid: signed.kid, alg: signed.alg, claim, diff, pruned: prepared.pruned, warnings }
}
