import { z } from 'zod'
import type { StoreRecovery } from './app'

/**
 * The store's channels. Recovering an unreadable store happens in main at start-up (never on the
 * page's word); the page can only acknowledge a recovery it was shown, named by its time, so a
 * recovery that happened after the banner was drawn is never acknowledged unseen.
 */

export const storeAcknowledgeInputSchema = z
  .object({
    /** the `at` of the recovery shown to the user; every unacknowledged recovery up to it is acknowledged */
    at: z.string().datetime({ offset: false }),
  })
  .strict()
export type StoreAcknowledgeInput = z.infer<typeof storeAcknowledgeInputSchema>

export interface StoreAcknowledgeResult {
  /** how many recoveries were acknowledged now */
  acknowledged: number
  /** a recovery still unacknowledged (one that happened after `at`), or null */
  pending: StoreRecovery | null
}

export const storeChannels = {
  'store:acknowledge-recovery': {
    input: storeAcknowledgeInputSchema,
    output: undefined as unknown as StoreAcknowledgeResult,
  },
} as const
