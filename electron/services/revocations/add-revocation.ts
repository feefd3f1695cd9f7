import type { z } from 'zod'
import { SignetError } from '#shared/errors'
import { maxManagedRevocationEntries } from '#shared/limits'
import type {
  ManagedRevocationEntry,
  RevocationChangeResult,
  revocationAddInputSchema,
} from '#shared/revocation-list/managed'
import { numericDateToIso } from '#shared/time/relative'
import type { KeyContext } from '../managed-keys/repository'
import { changeRevocationEntry } from './change-revocation-list'
import { plural } from '#shared/text/plural'

/**
 * Revokes one token (by `jti`) or every token of a subject (by `sub`) in a set's Signet revocation
 * list; an entry already there for the same jti/sub is replaced (new reason and until). `until`
 * (NumericDate) defaults, for a jti, to now plus the set's maximum token lifetime — no token the set
 * signed until now can live longer — and, for a sub, to none (kept until removed).
 * Audited as "revocations.add" with the jti/sub (an identifier, as token.sign records it), until and
 * the reason cut to 200 characters. The published list carries the reason: it is not a secret note.
 * Errors: ERR_SET_NOT_FOUND, ERR_REVOCATION_ENTRY_INVALID (until already passed),
 * ERR_REVOCATION_LIST_FULL (the entry budget, shared/limits.ts), ERR_CONFLICT.
 */
export function addRevocation(
  context: KeyContext,
  input: z.output<typeof revocationAddInputSchema>,
): Promise<RevocationChangeResult> {
  return changeRevocationEntry(
    context,
    input,
    { action: 'revocations.add', verb: 'revoking' },
    ({ by, id }, list, set, now) => {
      const nowSeconds = Math.floor(now.getTime() / 1000)
      const until = input.until !== undefined ? input.until : by === 'jti' ? nowSeconds + set.maxTokenLifetime : null
      if (until !== null && until + set.clockSkew < nowSeconds) {
        throw new SignetError(
          'ERR_REVOCATION_ENTRY_INVALID',
          `The entry would stop mattering at ${numericDateToIso(until)}, which has already passed: a token that expired then is rejected by every verifier anyway. Give --until the token's own exp, or leave it out.`,
        )
      }
      const existing = list.entries.find((e) => e.by === by && e.id === id)
      if (!existing && list.entries.length >= maxManagedRevocationEntries) {
        throw new SignetError(
          'ERR_REVOCATION_LIST_FULL',
          `Set "${set.name}"'s revocation list already holds ${plural(maxManagedRevocationEntries, 'entry', 'entries')}, the most Signet keeps for one set. Remove entries, give entries an --until so they are pruned, or set a cutoff (signet revocations cutoff) instead of naming tokens one by one.`,
        )
      }
      const entry: ManagedRevocationEntry = { by, id, reason: input.reason ?? null, until, addedAt: now.toISOString() }
      const entries = existing ? list.entries.map((e) => (e === existing ? entry : e)) : [...list.entries, entry]
      return {
        list: { ...list, entries },
        details: { by, id, until, reason: input.reason?.slice(0, 200) ?? null, replaced: existing !== undefined },
      }
    },
  )
}
