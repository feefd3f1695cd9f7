import type { z } from 'zod'
import { SignetError } from '#shared/errors'
import type { RevocationChangeResult, revocationCutoffInputSchema } from '#shared/revocation-list/managed'
import { numericDateToIso } from '#shared/time/relative'
import type { KeyContext } from '../managed-keys/repository'
import { changeRevocationList } from './change-revocation-list'

/**
 * Sets (or, with `before: null`, clears) a set's not-before cutoff: every token of the set issued
 * (iat) before it is revoked — the answer when a whole batch of tokens must go and their jtis are
 * unknown. A cutoff later than now (plus the set's clock skew) is refused: it would revoke tokens not
 * yet issued. Audited as "revocations.cutoff" with the old and new cutoff.
 * Errors: ERR_SET_NOT_FOUND, ERR_REVOCATION_ENTRY_INVALID (in the future), ERR_CONFLICT.
 */
export function setRevocationCutoff(
  context: KeyContext,
  input: z.output<typeof revocationCutoffInputSchema>,
): Promise<RevocationChangeResult> {
  const doing =
    input.before === null
      ? 'clearing the revocation cutoff'
      : `revoking tokens issued before ${numericDateToIso(input.before)}`
  return changeRevocationList(context, input.set, { action: 'revocations.cutoff', doing }, (list, set, now) => {
    const nowSeconds = Math.floor(now.getTime() / 1000)
    if (input.before !== null && input.before > nowSeconds + set.clockSkew) {
      throw new SignetError(
        'ERR_REVOCATION_ENTRY_INVALID',
        `A cutoff at ${numericDateToIso(input.before)} is in the future: it would revoke tokens not issued yet. Give a time up to now (${numericDateToIso(nowSeconds)}).`,
      )
    }
    return { list: { ...list, notBefore: input.before }, details: { from: list.notBefore, to: input.before } }
  })
}
