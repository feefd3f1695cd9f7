import { SignetError } from '#shared/errors'
import type { SetInfo, SetsCreateInput, SetsUpdateInput } from '#shared/contract/keys'
import { issuerProblem, setNameProblem, setPolicyDefaults, setPolicyProblems } from '#shared/managed-keys/set-policy'
import { formatDuration, parseDuration } from '#shared/time/duration'

/**
 * The key set form: text fields in, a sets:create or sets:update input out, with the same checks
 * the service makes shown as the user types. The service still checks everything again.
 */

export interface SetFormValues {
  name: string
  issuer: string
  description: string
  defaultTokenLifetime: string
  maxTokenLifetime: string
  jwksCacheTime: string
  clockSkew: string
  /** empty: no rotation schedule */
  rotationPeriod: string
}

export type SetFormErrors = Partial<Record<keyof SetFormValues, string>>

/** The service's defaults (shared/managed-keys/set-policy.ts), spelled as a person would type them. */
export const newSetValues: SetFormValues = {
  name: '',
  issuer: '',
  description: '',
  defaultTokenLifetime: formatDuration(setPolicyDefaults.defaultTokenLifetime),
  maxTokenLifetime: formatDuration(setPolicyDefaults.maxTokenLifetime),
  jwksCacheTime: formatDuration(setPolicyDefaults.jwksCacheTime),
  clockSkew: formatDuration(setPolicyDefaults.clockSkew),
  rotationPeriod: '',
}

export function valuesFromSet(set: SetInfo): SetFormValues {
  return {
    name: set.name,
    issuer: set.issuer ?? '',
    description: set.description,
    defaultTokenLifetime: formatDuration(set.defaultTokenLifetime),
    maxTokenLifetime: formatDuration(set.maxTokenLifetime),
    jwksCacheTime: formatDuration(set.jwksCacheTime),
    clockSkew: formatDuration(set.clockSkew),
    rotationPeriod: set.rotationPeriod === null ? '' : formatDuration(set.rotationPeriod),
  }
}

interface Parsed {
  name: string
  issuer: string | null
  description: string
  defaultTokenLifetime: number
  maxTokenLifetime: number
  jwksCacheTime: number
  clockSkew: number
  rotationPeriod: number | null
}

export type SetFormCheck = { ok: true; parsed: Parsed } | { ok: false; errors: SetFormErrors }

export function checkSetForm(values: SetFormValues): SetFormCheck {
  const errors: SetFormErrors = {}
  const duration = (field: keyof SetFormValues, what: string): number | null => {
    try {
      return parseDuration(values[field], what)
    } catch (error) {
      errors[field] = error instanceof SignetError ? error.message : `Not a duration: use 15m, 1h, 7d…`
      return null
    }
  }
  const name = values.name.trim()
  const issuer = values.issuer.trim()
  const defaultTokenLifetime = duration('defaultTokenLifetime', 'the default token lifetime')
  const maxTokenLifetime = duration('maxTokenLifetime', 'the maximum token lifetime')
  const jwksCacheTime = duration('jwksCacheTime', 'the JWKS cache time')
  const clockSkew = duration('clockSkew', 'the clock skew')
  const rotationPeriod = values.rotationPeriod.trim() === '' ? null : duration('rotationPeriod', 'the rotation period')

  // The service's own rules (shared/managed-keys/set-policy.ts), each shown beside its field; a
  // field whose duration did not parse keeps that message.
  const known = <T>(value: T | null): T | undefined => (value === null ? undefined : value)
  const problems = [
    setNameProblem(name),
    issuer === '' ? null : issuerProblem(issuer),
    ...setPolicyProblems({
      defaultTokenLifetime: known(defaultTokenLifetime),
      maxTokenLifetime: known(maxTokenLifetime),
      jwksCacheTime: known(jwksCacheTime),
      clockSkew: known(clockSkew),
      rotationPeriod: errors.rotationPeriod === undefined ? rotationPeriod : undefined,
    }),
  ]
  for (const problem of problems) {
    if (problem && errors[problem.field] === undefined) errors[problem.field] = problem.short
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return {
    ok: true,
    parsed: {
      name,
      issuer: issuer === '' ? null : issuer,
      description: values.description.trim(),
      defaultTokenLifetime: defaultTokenLifetime!,
      maxTokenLifetime: maxTokenLifetime!,
      jwksCacheTime: jwksCacheTime!,
      clockSkew: clockSkew!,
      rotationPeriod,
    },
  }
}

export function createInput(parsed: Parsed): SetsCreateInput {
  return {
    name: parsed.name,
    issuer: parsed.issuer,
    description: parsed.description,
    defaultTokenLifetime: parsed.defaultTokenLifetime,
    maxTokenLifetime: parsed.maxTokenLifetime,
    jwksCacheTime: parsed.jwksCacheTime,
    clockSkew: parsed.clockSkew,
    rotationPeriod: parsed.rotationPeriod,
  }
}

/** Only what changed, so the audit log records the edit and nothing else; null when nothing did. */
export function updateInput(set: SetInfo, parsed: Parsed): SetsUpdateInput | null {
  const changes: SetsUpdateInput['changes'] = {}
  if (parsed.name !== set.name) changes.name = parsed.name
  if (parsed.issuer !== set.issuer) changes.issuer = parsed.issuer
  if (parsed.description !== set.description) changes.description = parsed.description
  if (parsed.defaultTokenLifetime !== set.defaultTokenLifetime)
    changes.defaultTokenLifetime = parsed.defaultTokenLifetime
  if (parsed.maxTokenLifetime !== set.maxTokenLifetime) changes.maxTokenLifetime = parsed.maxTokenLifetime
  if (parsed.jwksCacheTime !== set.jwksCacheTime) changes.jwksCacheTime = parsed.jwksCacheTime
  if (parsed.clockSkew !== set.clockSkew) changes.clockSkew = parsed.clockSkew
  if (parsed.rotationPeriod !== set.rotationPeriod) changes.rotationPeriod = parsed.rotationPeriod
  return Object.keys(changes).length === 0 ? null : { set: set.id, changes }
}
