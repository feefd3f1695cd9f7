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
import { channel } from './channel'

/** The page's one-time file handle (see shared/contract.ts fileHandleSchema), repeated here to avoid an import cycle. */
const fileHandle = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be the handle a Signet file dialog returned (the page never names a path)')

export interface RevocationListSavedExport extends RevocationExportResult {
  /** where main wrote the token (for display; the page chose it only through main's dialog) */
  path: string
  bytes: number
}

export const revocationExportFileInputSchema = z.object({ set: revocationSetInputSchema.shape.set, file: fileHandle }).strict()

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
    z.object({ suggestedName: z.string().max(200).optional() }).strict().optional(),
  ),
} as const
