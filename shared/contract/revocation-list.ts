import { z } from 'zod'
import {
  revocationAddInputSchema,
  revocationCutoffInputSchema,
  revocationRemoveInputSchema,
  revocationSetInputSchema,
  type RevocationChangeResult,
  type RevocationExportResult,
  type RevocationListChange,
  type RevocationListView,
} from '../revocation-list/managed'
import { fileHandleSchema } from './backup'
import { channel } from './channel'

export interface RevocationListSavedExport extends RevocationExportResult {
  /** where main wrote the token (for display; the page chose it only through main's dialog) */
  path: string
  bytes: number
}

export const revocationExportFileInputSchema = z
  .object({ set: revocationSetInputSchema.shape.set, file: fileHandleSchema })
  .strict()

/**
 * IPC channels of the legacy half of the Revocations area: a key set's Signet revocation list
 * (entries by jti or sub, a not-before cutoff), edited, diffed and signed. Spread into the channel
 * map in shared/contract/index.ts.
 */
export const revocationListChannels = {
  'revocations:list': channel<RevocationListView>()(revocationSetInputSchema),
  'revocations:add': channel<RevocationChangeResult>()(revocationAddInputSchema),
  'revocations:remove': channel<RevocationChangeResult>()(revocationRemoveInputSchema),
  'revocations:cutoff': channel<RevocationChangeResult>()(revocationCutoffInputSchema),
  'revocations:diff': channel<{ diff: RevocationListChange[] }>()(revocationSetInputSchema),
  'revocations:export': channel<RevocationExportResult>()(revocationSetInputSchema),
  /** signs and writes the list to the file main's dialog:save-revocation-list chose */
  'revocations:export-file': channel<RevocationListSavedExport>()(revocationExportFileInputSchema),
  'dialog:save-revocation-list': channel<{ handle: string; path: string } | { handle: null; path: null }>()(
    z
      .object({ suggestedName: z.string().max(200).optional() })
      .strict()
      .optional(),
  ),
} as const
