import type { z } from 'zod'
import { SignetError } from '#shared/errors'
import type { RevocationChangeResult, revocationRemoveInputSchema } from '#shared/revocation-list/managed'
import type { KeyContext } from '../managed-keys/repository'
import { changeRevocationEntry } from './change-revocation-list'

/**
 * Takes a jti or sub off a set's revocation list (the token is accepted again once a new list is
 * exported and published). Audited as "revocations.remove" with the identifier.
 * Errors: ERR_SET_NOT_FOUND, ERR_REVOCATION_ENTRY_NOT_FOUND (not on the list, or already pruned), ERR_CONFLICT.
 */
export function removeRevocation(
  context: KeyContext,
  input: z.output<typeof revocationRemoveInputSchema>,
): Promise<RevocationChangeResult> {
  return changeRevocationEntry(
    context,
    input,
    { action: 'revocations.remove', verb: 'un-revoking' },
    ({ by, id }, list, set) => {
      const entries = list.entries.filter((e) => !(e.by === by && e.id === id))
      if (entries.length === list.entries.length) {
        throw new SignetError(
          'ERR_REVOCATION_ENTRY_NOT_FOUND',
          `Set "${set.name}"'s revocation list has no entry for ${by} ${JSON.stringify(id)} (an entry whose until has passed is pruned). See "signet revocations list --set ${set.name}".`,
        )
      }
      return { list: { ...list, entries }, details: { by, id } }
    },
  )
}
