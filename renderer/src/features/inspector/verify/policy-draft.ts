import { SignetError } from '#shared/errors'
import { defaultClockSkew, parsePolicy, type FutureIatHandling, type Policy } from '#shared/validation-policy/policy'
import { parseEvaluationTime } from '#shared/validation-policy/evaluation-time'
import { formatDuration, parseDuration } from '#shared/time/duration'
import { numericDateToIso } from '#shared/time/relative'

/**
 * The policy panel's form: what the user is typing (durations as "15m", lists as tags), turned
 * into a Policy through the same schema the CLI's --policy goes through, with each problem pinned
 * to its field. The evaluation time is kept apart: the timeline cursor moves it all the time, and
 * a policy saved for "prod access tokens" should not remember where the cursor was.
 */

export interface PolicyDraft {
  name: string
  description: string
  /** empty: exactly the algorithms that fit the key */
  algorithms: string[]
  issuer: string[]
  audience: string[]
  subject: string
  typ: string
  requiredClaims: string[]
  /** durations as typed: "15m", "1h30m", "900" */
  maxTokenAge: string
  maxLifetime: string
  clockSkew: string
  /** what a future "iat" beyond the skew does */
  futureIat: FutureIatHandling
  /** bytes as typed; empty = RFC 7518's minimum for the algorithm */
  minHmacKeyBytes: string
}

export type DraftField = keyof PolicyDraft

export const emptyDraft: PolicyDraft = {
  name: '',
  description: '',
  algorithms: [],
  issuer: [],
  audience: [],
  subject: '',
  typ: '',
  requiredClaims: [],
  maxTokenAge: '',
  maxLifetime: '',
  clockSkew: formatDuration(defaultClockSkew),
  futureIat: 'reject',
  minHmacKeyBytes: '',
}

export interface DraftResult {
  /** null when a field is invalid */
  policy: Policy | null
  errors: Partial<Record<DraftField, string>>
}

const durationFields = ['maxTokenAge', 'maxLifetime', 'clockSkew'] as const

export function draftToPolicy(draft: PolicyDraft): DraftResult {
  const errors: DraftResult['errors'] = {}
  const input: Record<string, unknown> = { version: 1 }
  if (draft.name.trim()) input.name = draft.name.trim()
  if (draft.description.trim()) input.description = draft.description.trim()
  if (draft.algorithms.length > 0) input.algorithms = draft.algorithms
  if (draft.issuer.length > 0) input.issuer = draft.issuer
  if (draft.audience.length > 0) input.audience = draft.audience
  if (draft.subject.trim()) input.subject = draft.subject.trim()
  if (draft.typ.trim()) input.typ = draft.typ.trim()
  input.requiredClaims = draft.requiredClaims
  input.futureIat = draft.futureIat
  const minimum = draft.minHmacKeyBytes.trim()
  if (minimum !== '') {
    if (/^\d+$/.test(minimum)) input.minHmacKeyBytes = Number(minimum)
    else
      errors.minHmacKeyBytes = `The minimum HMAC secret size is a whole number of bytes, such as 32, not "${minimum}".`
  }
  for (const field of durationFields) {
    const text = draft[field].trim()
    if (text === '') {
      if (field === 'clockSkew') input.clockSkew = defaultClockSkew
      continue
    }
    try {
      input[field] = parseDuration(text, durationLabels[field])
    } catch (error) {
      errors[field] = error instanceof SignetError ? error.message : `The ${durationLabels[field]} is not a duration.`
    }
  }
  if (Object.keys(errors).length > 0) return { policy: null, errors }
  try {
    return { policy: parsePolicy(input), errors }
  } catch (error) {
    const message = error instanceof SignetError ? error.message : 'The policy is not valid.'
    const field = (error instanceof SignetError ? error.location?.segment?.split(/[.[]/)[0] : undefined) as
      DraftField | undefined
    errors[field && field in draft ? field : 'name'] = message
    return { policy: null, errors }
  }
}

const durationLabels: Record<(typeof durationFields)[number], string> = {
  maxTokenAge: 'maximum token age',
  maxLifetime: 'maximum lifetime',
  clockSkew: 'clock skew',
}

export function policyToDraft(policy: Policy): PolicyDraft {
  return {
    name: policy.name ?? '',
    description: policy.description ?? '',
    algorithms: [...(policy.algorithms ?? [])],
    issuer: [...(policy.issuer ?? [])],
    audience: [...(policy.audience ?? [])],
    subject: policy.subject ?? '',
    typ: policy.typ ?? '',
    requiredClaims: [...policy.requiredClaims],
    maxTokenAge: policy.maxTokenAge === undefined ? '' : formatDuration(policy.maxTokenAge),
    maxLifetime: policy.maxLifetime === undefined ? '' : formatDuration(policy.maxLifetime),
    clockSkew: formatDuration(policy.clockSkew),
    futureIat: policy.futureIat,
    minHmacKeyBytes: policy.minHmacKeyBytes === undefined ? '' : String(policy.minHmacKeyBytes),
  }
}

/** How many fields differ from a fresh policy: shown on the Policy tab so a set policy is never forgotten. */
export function changedFieldCount(draft: PolicyDraft): number {
  const fields: DraftField[] = [
    'algorithms',
    'issuer',
    'audience',
    'subject',
    'typ',
    'requiredClaims',
    'maxTokenAge',
    'maxLifetime',
    'clockSkew',
    'futureIat',
    'minHmacKeyBytes',
  ]
  return fields.filter((field) => JSON.stringify(draft[field]) !== JSON.stringify(emptyDraft[field])).length
}

/** The evaluation time: the live clock, or an instant the user fixed (by typing it or with the timeline cursor). */
export type Evaluation = { mode: 'now' } | { mode: 'fixed'; at: number }

export function evaluationSeconds(evaluation: Evaluation, now: number): number {
  return evaluation.mode === 'now' ? now : evaluation.at
}

/** Reads what the user typed into the evaluation-time field: ISO 8601 with a zone, or UNIX seconds. */
export function parseEvaluationInput(text: string): { at: number } | { error: string } {
  try {
    return { at: parseEvaluationTime(text) }
  } catch (error) {
    return { error: error instanceof SignetError ? error.message : 'Not a time Signet understands.' }
  }
}

export function formatEvaluationInput(at: number): string {
  return numericDateToIso(Math.round(at))
}

/** The policy as exported or saved: the evaluation time only when asked for, as ISO 8601. */
export function policyForExport(policy: Policy, options: { includeAt: number | null }): Policy {
  const { at: _at, ...rest } = policy
  return options.includeAt === null ? rest : { ...rest, at: formatEvaluationInput(options.includeAt) }
}
