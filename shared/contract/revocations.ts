import { z } from 'zod'
import type { Warning } from '../managed-keys/types'
import {
  statusListAllocateInputSchema,
  statusListCreateInputSchema,
  statusListGetInputSchema,
  statusListRefInputSchema,
  statusListSetInputSchema,
  type StatusChange,
  type StatusListExportResult,
  type StatusListGetResult,
  type StatusListInfo,
  type StatusListSetResult,
  type StatusNote,
} from '../status-list/managed'
import type { StatusListReference } from '../status-list/token'
import { fileHandleSchema } from './backup'
import { channel } from './channel'

/**
 * A list's full contents for this machine's own window (the Revocations screen draws every index):
 * the current statuses as the draft's compressed `lst` (decoded on the page with the shared codec)
 * and every allocated index's local note.
 */
export interface StatusListContents {
  list: StatusListInfo
  lst: string
  notes: Record<string, StatusNote>
}

export interface StatusListSavedExport extends StatusListExportResult {
  /** where main wrote the token (for display; the page chose it only through main's dialog) */
  path: string
  bytes: number
}

/** A managed list's last signed export, for the inspector (electron/services/revocations/last-status-list-token.ts). */
export interface StatusListLastToken {
  name: string
  uri: string
  /** null: never exported, or exported before Signet kept the token — export it again */
  token: string | null
  exportedAt: string | null
  /** statuses changed since that export, not yet in the token */
  pending: number
}

export const revokeSignedByInputSchema = z
  .object({
    kid: z.string().min(1).max(256),
    /** only count what would be revoked */
    dryRun: z.boolean(),
    reason: z.string().max(500).optional(),
  })
  .strict()

/** What `keys compromise --revoke-tokens` did or would do (electron/services/revocations/revoke-signed-by.ts). */
export interface RevokeSignedByResult {
  /** false for a dry run: nothing was changed */
  applied: boolean
  /** indexes whose note names the key and whose token has not expired (or has no known exp) */
  live: number
  /** of those, already INVALID before this call */
  alreadyInvalid: number
  /** set INVALID by this call */
  revoked: number
  /** indexes the key signed whose token has expired: left alone */
  expired: number
  /** notes in the set's lists with no signer recorded (written before Signet recorded it): not attributable */
  unknownSigner: number
  lists: { name: string; live: number }[]
}

export const statusListExportFileInputSchema = z
  .object({ name: statusListRefInputSchema.shape.name, file: fileHandleSchema })
  .strict()

/**
 * IPC channels of the Revocations area (managed IETF Token Status Lists), spread into the channel
 * map in shared/contract.ts. Outputs carry local notes only to this machine's own window.
 */

export const revocationChannels = {
  'status-list:list': channel<{ lists: StatusListInfo[] }>()(
    z
      .object({ set: z.string().min(1).max(200).optional() })
      .strict()
      .optional(),
  ),
  'status-list:create': channel<{ list: StatusListInfo; warnings: Warning[] }>()(statusListCreateInputSchema),
  'status-list:get': channel<StatusListGetResult>()(statusListGetInputSchema),
  'status-list:set': channel<StatusListSetResult & { warnings: Warning[] }>()(statusListSetInputSchema),
  'status-list:allocate': channel<StatusListReference>()(statusListAllocateInputSchema),
  'status-list:diff': channel<{ diff: StatusChange[] }>()(statusListRefInputSchema),
  'status-list:export': channel<StatusListExportResult>()(statusListRefInputSchema),
  'status-list:contents': channel<StatusListContents>()(statusListRefInputSchema),
  'status-list:last-token': channel<StatusListLastToken>()(statusListRefInputSchema),
  'status-list:revoke-signed-by': channel<RevokeSignedByResult>()(revokeSignedByInputSchema),
  /** signs and writes the token to the file main's dialog:save-status-list chose */
  'status-list:export-file': channel<StatusListSavedExport>()(statusListExportFileInputSchema),
  'dialog:save-status-list': channel<{ handle: string; path: string } | { handle: null; path: null }>()(
    z
      .object({ suggestedName: z.string().max(200).optional() })
      .strict()
      .optional(),
  ),
} as const
