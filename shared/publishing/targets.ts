import { z } from 'zod'

/**
 * Where a key set's JWKS is published, as the store keeps it (electron/services/publishing/). Three
 * kinds: a static-site folder, a path on a branch of a git repository, or the user's own command.
 * Each records, per kid, when that key was first seen published there: the activation guard
 * (activation-guard.ts) reads it, because a key is trusted only once verifiers could have fetched it.
 */

export const targetNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
/** a relative path inside the target, never escaping it: no "..", no leading "/" */
export const targetRelativePathPattern = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._\-/]{1,256}$/
export const defaultJwksPath = '.well-known/jwks.json'
export const openidConfigurationPath = '.well-known/openid-configuration'
/** how long a command target may run, seconds, unless configured */
export const defaultCommandTimeoutSeconds = 60
export const maxCommandTimeoutSeconds = 3600
/** a command line is one line the user typed: bounded so the store stays small */
export const maxCommandLength = 4096

const isoTimestamp = z.iso.datetime({ offset: true })
const relativePath = z
  .string()
  .regex(
    targetRelativePathPattern,
    'must be a relative path inside the target (letters, digits, ".", "_", "-", "/"; no "..")',
  )
const commandLine = z
  .string()
  .min(1)
  .max(maxCommandLength)
  .refine((text) => !/[\r\n\0]/.test(text), 'must be one line')

export const dirTargetConfigSchema = z
  .object({
    kind: z.literal('dir'),
    /** the static-site root: an absolute path */
    root: z.string().min(1).max(4096),
    jwksPath: relativePath.default(defaultJwksPath),
    /** also write .well-known/openid-configuration (issuer, jwks_uri), merged into an existing one */
    openidConfiguration: z.boolean().default(false),
  })
  .strict()

export const gitTargetConfigSchema = z
  .object({
    kind: z.literal('git'),
    /** a working copy or a bare repository: an absolute path */
    repo: z.string().min(1).max(4096),
    branch: z
      .string()
      .regex(/^(?!-)(?!.*\.\.)[A-Za-z0-9._\-/]{1,200}$/, 'must be a plain branch name')
      .default('main'),
    path: relativePath.default(defaultJwksPath),
  })
  .strict()

export const commandTargetConfigSchema = z
  .object({
    kind: z.literal('command'),
    /** run by /bin/sh with the JWKS on standard input and SIGNET_JWKS_FILE naming a temporary copy */
    command: commandLine,
    /** prints what is published now on standard output; without it the target cannot be read back */
    readCommand: commandLine.nullable().default(null),
    timeoutSeconds: z.number().int().min(1).max(maxCommandTimeoutSeconds).default(defaultCommandTimeoutSeconds),
  })
  .strict()

export const publishTargetConfigSchema = z.discriminatedUnion('kind', [
  dirTargetConfigSchema,
  gitTargetConfigSchema,
  commandTargetConfigSchema,
])
export type PublishTargetConfig = z.infer<typeof publishTargetConfigSchema>
export type PublishTargetKind = PublishTargetConfig['kind']

export const lastPublishSchema = z.object({
  at: isoTimestamp,
  /** SHA-256 of the bytes written, hex */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  forced: z.boolean(),
  /** the git commit, or the command's exit status, when there is one */
  commit: z.string().nullable().default(null),
  /** the public JWKS last written: what a command target without a read command is judged against */
  jwks: z.string(),
})
export type LastPublish = z.infer<typeof lastPublishSchema>

export const publishTargetSchema = z
  .object({
    id: z.uuid(),
    setId: z.uuid(),
    name: z.string().regex(targetNamePattern),
    createdAt: isoTimestamp,
    config: publishTargetConfigSchema,
    /** kid → when it was first seen published on this target (ISO); a kid leaves when it is removed */
    firstPublished: z.record(z.string(), isoTimestamp).default({}),
    lastPublish: lastPublishSchema.nullable().default(null),
  })
  .passthrough()
export type PublishTarget = z.infer<typeof publishTargetSchema>
