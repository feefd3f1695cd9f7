import { z } from 'zod'
import { SignetError } from '../errors'
import { isJwsAlgorithm, jwsAlgorithmNames, type JwsAlgorithm } from '../key-material/algorithms'
import { parseEvaluationTime } from './evaluation-time'
import { jsonSyntaxProblem } from '../encoding/json-syntax'

/**
 * A validation policy: what a token must satisfy besides a good signature. Policies are named,
 * saved, exported and imported as JSON; the CLI's --policy reads the same JSON, and its flags
 * override single fields. Durations are whole seconds.
 */

export const policyVersion = 1
export const defaultClockSkew = 60
/** what a verifier does with an "iat" in the future beyond the clock skew */
export const futureIatHandlings = ['reject', 'warn', 'ignore'] as const
export type FutureIatHandling = (typeof futureIatHandlings)[number]

const stringList = (what: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z
      .array(z.string().min(1, `an empty ${what} never matches`))
      .min(1, `list at least one ${what}, or leave the field out`),
  )

const algorithmList = z
  .array(z.string())
  .min(1, 'list at least one algorithm, or leave the field out to allow exactly those that fit the key')
  .superRefine((algorithms, context) => {
    algorithms.forEach((alg, index) => {
      if (alg.toLowerCase() === 'none') {
        context.addIssue({
          code: 'custom',
          path: [index],
          message: '"none" means an unsigned token and can never be allowed',
        })
      } else if (!isJwsAlgorithm(alg)) {
        context.addIssue({
          code: 'custom',
          path: [index],
          message: `"${alg}" is not a JWS algorithm Signet verifies (${jwsAlgorithmNames.join(', ')})`,
        })
      }
    })
  })
  .transform((algorithms) => algorithms as JwsAlgorithm[])

const seconds = (what: string) =>
  z.number().int(`${what} must be a whole number of seconds`).positive(`${what} must be more than 0 seconds`)

export const policySchema = z
  .object({
    version: z.literal(policyVersion).default(policyVersion),
    name: z.string().trim().min(1, 'a policy name cannot be empty').max(120).optional(),
    description: z.string().max(2000).optional(),
    /** allowed JWS algorithms; absent = exactly those that fit the key. "none" is never allowed. */
    algorithms: algorithmList.optional(),
    /** accepted issuers: the token's iss must be one of them */
    issuer: stringList('issuer').optional(),
    /** accepted audiences: the token's aud must name at least one of them */
    audience: stringList('audience').optional(),
    subject: z.string().min(1).optional(),
    /** expected "typ" header; compared as RFC 7515 §4.1.9 says (case-insensitive, "application/" optional) */
    typ: z.string().min(1).optional(),
    requiredClaims: z.array(z.string().min(1)).default([]),
    /** the token may be at most this old (now − iat) */
    maxTokenAge: seconds('maxTokenAge').optional(),
    /** the token may be valid for at most this long (exp − iat, or exp − nbf) */
    maxLifetime: seconds('maxLifetime').optional(),
    /**
     * a token whose "iat" lies beyond the clock skew in the future: 'reject' (the default) fails
     * the check, 'warn' accepts it with a warning, 'ignore' accepts it silently. exp and nbf keep
     * the clock skew either way (RFC 7519 §4.1.6 sets no rule for a future iat; it is local policy).
     */
    futureIat: z
      .enum(futureIatHandlings, {
        message: `futureIat must be one of ${futureIatHandlings.map((h) => `"${h}"`).join(', ')}`,
      })
      .default('reject'),
    /**
     * the smallest HMAC secret accepted, in bytes; absent = RFC 7518 §3.2's minimum for the
     * algorithm (32 for HS256, 48 for HS384, 64 for HS512). A smaller value admits legacy secrets,
     * with a warning; a larger one demands more.
     */
    minHmacKeyBytes: z
      .number()
      .int('minHmacKeyBytes must be a whole number of bytes')
      .min(1, 'minHmacKeyBytes must be at least 1 byte')
      .max(1024, 'minHmacKeyBytes over 1024 bytes is not a key size anyone uses')
      .optional(),
    clockSkew: z
      .number()
      .int('clockSkew must be a whole number of seconds')
      .min(0)
      .max(86_400, 'a clock skew over a day hides real expiry problems')
      .default(defaultClockSkew),
    /** evaluation time: UNIX seconds or ISO 8601 with a zone; absent = now */
    at: z
      .union([z.number(), z.string()])
      .superRefine((value, context) => {
        try {
          parseEvaluationTime(value)
        } catch (error) {
          context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'not a valid time' })
        }
      })
      .optional(),
  })
  .strict()

export type Policy = z.output<typeof policySchema>
export type PolicyInput = z.input<typeof policySchema>

export function parsePolicy(value: unknown, where = 'The policy'): Policy {
  const result = policySchema.safeParse(value)
  if (result.success) return result.data
  const problems = result.error.issues.slice(0, 3).map((issue) => {
    const path = formatPath(issue.path)
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`
        : issue.message
    return path ? `${path}: ${message}` : message
  })
  const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : ''
  throw new SignetError('ERR_POLICY_INVALID', `${where} is not valid — ${problems.join('; ')}${more}.`, {
    segment: formatPath(result.error.issues[0]?.path ?? []) || 'policy',
  })
}

export function parsePolicyJson(text: string, where = 'The policy'): Policy {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new SignetError(
      'ERR_POLICY_INVALID',
      `${where} is not valid JSON (${jsonSyntaxProblem(text)}). A policy is a JSON object such as {"issuer": ["https://issuer.example"], "clockSkew": 60}.`,
    )
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SignetError('ERR_POLICY_INVALID', `${where} must be a JSON object of policy fields.`)
  }
  return parsePolicy(value, where)
}

const fieldOrder: (keyof Policy)[] = [
  'version',
  'name',
  'description',
  'algorithms',
  'issuer',
  'audience',
  'subject',
  'typ',
  'requiredClaims',
  'maxTokenAge',
  'maxLifetime',
  'minHmacKeyBytes',
  'clockSkew',
  'futureIat',
  'at',
]

/** Stable, reviewable JSON: fixed field order, defaults written out, nothing undefined. */
export function serializePolicy(policy: Policy): string {
  const ordered: Record<string, unknown> = {}
  for (const field of fieldOrder) {
    if (policy[field] !== undefined) ordered[field] = policy[field]
  }
  return `${JSON.stringify(ordered, null, 2)}\n`
}

/** Applies overrides (CLI flags, a UI form) on top of a policy; the result is validated again. */
export function mergePolicy(base: Policy, overrides: Partial<PolicyInput>): Policy {
  const merged: Record<string, unknown> = { ...base }
  for (const [field, value] of Object.entries(overrides)) {
    if (value !== undefined) merged[field] = value
  }
  return parsePolicy(merged)
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)),
    '',
  )
}
