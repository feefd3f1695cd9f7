import { z } from 'zod'
import type { Warning } from '../keys-lifecycle/types'
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
} from '../status-list/managed'
import type { StatusListReference } from '../status-list/token'
import { channel } from './channel'

/**
 * IPC channels of the Revocations area (managed IETF Token Status Lists), spread into the channel
 * map in shared/contract.ts. Outputs carry local notes only to this machine's own window.
 */

export const revocationChannels = {
  'status-list:list': channel<{ lists: StatusListInfo[] }>()(z.object({ set: z.string().min(1).max(200).optional() }).strict().optional()),
  'status-list:create': channel<{ list: StatusListInfo; warnings: Warning[] }>()(statusListCreateInputSchema),
  'status-list:get': channel<StatusListGetResult>()(statusListGetInputSchema),
  'status-list:set': channel<StatusListSetResult & { warnings: Warning[] }>()(statusListSetInputSchema),
  'status-list:allocate': channel<StatusListReference>()(statusListAllocateInputSchema),
  'status-list:diff': channel<{ diff: StatusChange[] }>()(statusListRefInputSchema),
  'status-list:export': channel<StatusListExportResult>()(statusListRefInputSchema),
} as const
