import { z } from 'zod'
import type { Warning } from '../managed-keys/types'
import type { StatusListInfo } from '../status-list/managed'
import { statusListRefInputSchema } from '../status-list/managed'
import { durationSchema } from '../time/duration'
import { channel } from './channel'

/** A managed list's settings that may change after creation: its token's ttl and lifetime. */
export const statusListUpdateInputSchema = z
  .object({
    name: statusListRefInputSchema.shape.name,
    /** null leaves the ttl claim out of the next export; absent keeps it */
    ttl: durationSchema.nullable().optional(),
    /** absent keeps it */
    lifetime: durationSchema.optional(),
  })
  .strict()
  .refine((input) => input.ttl !== undefined || input.lifetime !== undefined, {
    message: 'name a new ttl or lifetime (or both)',
  })

export interface StatusListUpdateResult {
  list: StatusListInfo
  /** what changed: from → to, seconds (ttl null: left out) */
  changed: { field: 'ttl' | 'lifetime'; from: number | null; to: number | null }[]
  warnings: Warning[]
}

/** The status-list settings channels, spread into the channel map in shared/contract/index.ts. */
export const statusListSettingsChannels = {
  'status-list:update': channel<StatusListUpdateResult>()(statusListUpdateInputSchema),
} as const
