import { SignetError } from '../../../../shared/errors'
import type { SetInfo, SetsCreateInput, SetsUpdateInput } from '../../../../shared/keys-lifecycle/api'
import { setNamePattern } from '../../../../shared/keys-lifecycle/types'
import { formatDuration, parseDuration } from '../../../../shared/time/duration'

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

/** The service's defaults (electron/services/keys/key-sets.ts), spelled as a person would type them. */
export const newSetValues: SetFormValues = {
  name: '',
  issuer: '',
  description: '',
  defaultTokenLifetime: '15m',
  maxTokenLifetime: '1h',
  jwksCacheTime: '15m',
  clockSkew: '1m',
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
  if (!setNamePattern.test(name)) errors.name = 'Use 1–64 letters, digits, “.”, “_” or “-”, starting with a letter or digit.'
  const issuer = values.issuer.trim()
  if (issuer.includes(':')) {
    try {
      new URL(issuer)
    } catch {
      errors.issuer = 'Contains “:” but is not a valid URI (RFC 7519 StringOrURI): use a URL such as https://auth.example.com, or a plain name.'
    }
  }
  const defaultTokenLifetime = duration('defaultTokenLifetime', 'the default token lifetime')
  const maxTokenLifetime = duration('maxTokenLifetime', 'the maximum token lifetime')
  const jwksCacheTime = duration('jwksCacheTime', 'the JWKS cache time')
  const clockSkew = duration('clockSkew', 'the clock skew')
  const rotationPeriod = values.rotationPeriod.trim() === '' ? null : duration('rotationPeriod', 'the rotation period')

  if (maxTokenLifetime !== null && maxTokenLifetime < 1) errors.maxTokenLifetime = 'At least 1s.'
  if (defaultTokenLifetime !== null && defaultTokenLifetime < 1) errors.defaultTokenLifetime = 'At least 1s.'
  if (defaultTokenLifetime !== null && maxTokenLifetime !== null && defaultTokenLifetime > maxTokenLifetime) {
    errors.defaultTokenLifetime = `Longer than the maximum (${formatDuration(maxTokenLifetime)}).`
  }
  if (clockSkew !== null && clockSkew > 3600) errors.clockSkew = 'A clock skew above 1h is not plausible.'
  if (rotationPeriod !== null && jwksCacheTime !== null && rotationPeriod <= jwksCacheTime) {
    errors.rotationPeriod = `Must be longer than the JWKS cache time (${formatDuration(jwksCacheTime)}): a new key is published that long before it signs.`
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
  if (parsed.defaultTokenLifetime !== set.defaultTokenLifetime) changes.defaultTokenLifetime = parsed.defaultTokenLifetime
  if (parsed.maxTokenLifetime !== set.maxTokenLifetime) changes.maxTokenLifetime = parsed.maxTokenLifetime
  if (parsed.jwksCacheTime !== set.jwksCacheTime) changes.jwksCacheTime = parsed.jwksCacheTime
  if (parsed.clockSkew !== set.clockSkew) changes.clockSkew = parsed.clockSkew
  if (parsed.rotationPeriod !== set.rotationPeriod) changes.rotationPeriod = parsed.rotationPeriod
  return Object.keys(changes).length === 0 ? null : { set: set.id, changes }
}
