import { z } from 'zod'
import { channel, noInput } from './channel'
import { maxJwksBytes } from '../limits'
import { formatBytes } from '../text/format-bytes'
import { fileHandleSchema, type FileChoice } from './backup'
import type { JwksDiff } from '../jwks/diff'
import { maxCommandLength, maxCommandTimeoutSeconds } from '../publishing/targets'
import type { PublishPlan, PublishResult, TargetInfo } from '../publishing/results'

/**
 * IPC channels of JWKS publishing (electron/services/publishing/): targets, the guarded plan and
 * publish, a diff of any JWKS against a set, and the loopback endpoint main runs. The page never
 * names a path (a folder comes from main's own dialog as a one-time handle) and never a host (the
 * endpoint is 127.0.0.1 from the app). A `command` target runs a shell command on every publish, so
 * adding one from the page stops at main's own confirmation showing the exact command.
 */

/** a key set's name (or its id) */
const setRef = z.string().min(1).max(128)
// Bounded here; their exact rules (targetNamePattern, targetRelativePathPattern) are checked by the
// service, which names the target and the rule in its ERR_PUBLISH_TARGET_INVALID.
const targetName = z.string().min(1).max(64)
const relativePath = z.string().min(1).max(256)
const commandLine = z
  .string()
  .min(1)
  .max(maxCommandLength)
  .refine((text) => !/[\r\n\0]/.test(text), 'must be one line')

export const jwksTargetsInputSchema = z.object({ set: setRef.optional() }).strict().optional()

export const jwksAddTargetInputSchema = z.discriminatedUnion('kind', [
  z
    .object({
      set: setRef,
      name: targetName,
      kind: z.literal('dir'),
      /** from dialog:choose-publish-folder: the static-site root */
      folder: fileHandleSchema,
      jwksPath: relativePath.optional(),
      openidConfiguration: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      set: setRef,
      name: targetName,
      kind: z.literal('git'),
      /** from dialog:choose-publish-folder: a working copy or a bare repository */
      folder: fileHandleSchema,
      branch: z.string().min(1).max(200).optional(),
      path: relativePath.optional(),
    })
    .strict(),
  z
    .object({
      set: setRef,
      name: targetName,
      kind: z.literal('command'),
      /** run by /bin/sh on every publish: main asks the user itself before storing it */
      command: commandLine,
      readCommand: commandLine.nullable().optional(),
      timeoutSeconds: z.number().int().min(1).max(maxCommandTimeoutSeconds).optional(),
    })
    .strict(),
])
export type JwksAddTargetInput = z.infer<typeof jwksAddTargetInputSchema>

export const jwksTargetRefInputSchema = z.object({ set: setRef, name: targetName }).strict()
export const jwksPlanInputSchema = z.object({ set: setRef, target: targetName.optional() }).strict()
export const jwksPublishInputSchema = z
  .object({
    set: setRef,
    target: targetName.optional(),
    /** override forceable refusals (early removals, unknown kids); needs `reason`, which is audited */
    force: z.boolean().optional(),
    reason: z.string().max(1000).optional(),
  })
  .strict()
export const jwksDiffInputSchema = z
  .object({
    set: setRef,
    /**
     * any JWKS text (what a server publishes now): the set's JWKS is compared against it. More code
     * units than maxJwksBytes is more bytes too; the service measures the UTF-8 bytes exactly.
     */
    jwks: z
      .string()
      .min(1)
      .max(
        maxJwksBytes,
        `a JWKS is at most ${formatBytes(maxJwksBytes)} (UTF-8); check that this is the key set you meant`,
      ),
  })
  .strict()
/** no host: the app serves on 127.0.0.1 only; port 0 lets the system choose */
export const jwksServeStartInputSchema = z
  .object({
    sets: z.array(setRef).min(1).max(16),
    port: z.union([z.literal(0), z.number().int().min(1024).max(65535)]).optional(),
  })
  .strict()
export const choosePublishFolderInputSchema = z.object({ kind: z.enum(['dir', 'git']) }).strict()

export interface JwksDiffResult {
  set: string
  /** SHA-256 of the set's JWKS, hex */
  sha256: string
  /** from the given JWKS (before) to the set's (after), removals judged by the set's lifecycle */
  diff: JwksDiff
}

export interface JwksServeStatus {
  running: boolean
  /** base URL, e.g. http://127.0.0.1:43121; null when stopped */
  url: string | null
  /** set name → its JWKS URL */
  jwksUrls: Record<string, string>
  sets: string[]
  startedAt: string | null
}

export const publishingChannels = {
  'jwks:targets': channel<TargetInfo[]>()(jwksTargetsInputSchema),
  'jwks:add-target': channel<TargetInfo>()(jwksAddTargetInputSchema),
  'jwks:remove-target': channel<TargetInfo>()(jwksTargetRefInputSchema),
  'jwks:plan': channel<PublishPlan>()(jwksPlanInputSchema),
  'jwks:publish': channel<PublishResult>()(jwksPublishInputSchema),
  'jwks:diff': channel<JwksDiffResult>()(jwksDiffInputSchema),
  'jwks:serve-start': channel<JwksServeStatus>()(jwksServeStartInputSchema),
  'jwks:serve-stop': channel<JwksServeStatus>()(noInput),
  'jwks:serve-status': channel<JwksServeStatus>()(noInput),
  'dialog:choose-publish-folder': channel<FileChoice>()(choosePublishFolderInputSchema),
} as const
