import { z } from 'zod'
import type { Policy } from '../validation-policy/policy'
import { channel, noInput } from './channel'

/** A named validation policy saved in the store (Inspect's policy panel); the same JSON the CLI's --policy reads. */
export interface SavedPolicy {
  name: string
  /** ISO 8601, UTC */
  savedAt: string
  policy: Policy
}

export interface PoliciesListResult {
  policies: SavedPolicy[]
  /** stored entries that no longer pass the policy schema (edited by hand, or from a newer release) */
  unreadable: { name: string; message: string }[]
}

export interface PolicyDeleteResult {
  deleted: string
}

export const policiesSaveInputSchema = z
  .object({
    /** a policy document; validated by the service with policySchema, which needs "name" here */
    policy: z.record(z.string(), z.unknown()),
    /** replace a saved policy of the same name */
    overwrite: z.boolean().optional(),
  })
  .strict()
export const policiesDeleteInputSchema = z.object({ name: z.string().min(1).max(120) }).strict()

export const policyChannels = {
  'policies:list': channel<PoliciesListResult>()(noInput),
  'policies:save': channel<SavedPolicy>()(policiesSaveInputSchema),
  'policies:delete': channel<PolicyDeleteResult>()(policiesDeleteInputSchema),
} as const
